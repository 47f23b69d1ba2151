//! One module per subcommand group, mirroring the core's modules.

pub mod committee;
pub mod methodology;
pub mod national;
pub mod scale;
pub mod spec;
pub mod titularizacion;
pub mod workbook;
