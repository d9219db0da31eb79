//! Pure domain rules: the public enumerations, input parsing into safe values, and the
//! derived state of a case (flags). No I/O here; everything is unit-tested beside it.

pub mod enums;
pub mod flags;
pub mod input;
pub mod lifecycle;
pub mod settings;

pub use enums::*;
