//! kith's command line, end to end: every test runs the real binary in its
//! own sandbox (database, clock, HOME and XDG directories), so the suite is
//! deterministic and runs in parallel.

mod util;

mod add;
mod bad_input;
mod campaign;
mod campaign_send;
mod check_data;
mod commands_and_data;
mod dates;
mod dedup;
mod demo;
mod demo_outreach;
mod edit_show_list;
mod export;
mod find_resolve;
mod follow_up;
mod goal;
mod hostile;
mod import;
mod json_contract;
mod keep;
mod kpi;
mod log;
mod merge;
mod merge_auto;
mod private_files;
mod remind;
mod remind_edges;
mod rfm;
mod safety;
mod segment;
mod setup;
mod stored_text;
mod template;
