//! One module per subcommand group, mirroring the core's modules.

pub mod scale;
pub mod workbook;
