//! Custom property definitions and value validation (in progress).
