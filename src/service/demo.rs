//! Demo data for `serve --demo`.
