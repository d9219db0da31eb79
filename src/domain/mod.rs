//! Pure domain rules: the public enumerations, input parsing into safe values, and the
//! derived state of a case (flags). No I/O here; everything is unit-tested beside it.

pub mod custom_property;
pub mod enums;
pub mod flags;
pub mod input;
pub mod lifecycle;
pub mod ownership;
pub mod schedule;
pub mod settings;
pub mod values;

pub use enums::*;
