//! One module per pane. Each pane keeps its own state, turns actions into
//! effects in `update`, and draws itself in `render` without side effects.

pub mod capture;
pub mod cleanup;
pub mod contacts;
pub mod dashboard;
pub mod follow_ups;
pub mod outreach;
pub mod segments;
