//! One module per subcommand group, mirroring the core's modules.

pub mod committee;
pub mod demo;
pub mod keys;
pub mod methodology;
pub mod national;
pub mod report;
pub mod scale;
pub mod sign;
pub mod spec;
pub mod titularizacion;
pub mod verify;
pub mod workbook;
