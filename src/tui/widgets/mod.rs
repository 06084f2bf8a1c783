//! Reusable pieces of the panes.

pub mod detail;
pub mod form;
pub mod text_input;
