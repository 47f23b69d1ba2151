//! One module per subcommand group, mirroring the core's modules.

pub mod keys;
pub mod scale;
pub mod sign;
pub mod verify;
