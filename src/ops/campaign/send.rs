//! Sending a campaign: each pending recipient's message is rendered, built
//! as an RFC 5322 message and handed to a transport (an .eml file in a
//! drafts folder, a sendmail-compatible command, or an SMTP server). Each
//! message is claimed (`sending`) in a commit of its own before it leaves
//! and marked `sent` with its `campaign` interaction after, so a message is
//! never sent twice, even when the process is killed in between.

use std::path::PathBuf;

use serde::Serialize;

use super::super::Ctx;
use crate::error::Result;

/// Where the messages go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// One `.eml` file per recipient in this folder.
    Drafts(PathBuf),
    /// The transport in the config (`outreach.smtp_url`, else `send_command`).
    Configured,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendOptions {
    pub target: Target,
    /// Messages a minute; None: the config's `rate_per_minute` (0: no limit).
    pub rate_per_minute: Option<u32>,
    /// Send again the messages a killed run left `sending` (they may have
    /// gone out already).
    pub resend_uncertain: bool,
}

/// Progress, reported after each message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    /// The recipient just handled (printable).
    pub name: String,
}

/// What a send did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sent {
    pub sent: u64,
    pub failed: u64,
    /// Left `sending` by a killed run and not sent again.
    pub uncertain: u64,
    /// Skipped now: consent withdrawn or e-mail removed since the campaign was made.
    pub skipped: u64,
    /// Sent before this run.
    pub already_sent: u64,
    /// The first error of each failed message (printable).
    pub errors: Vec<String>,
}

/// Sends every pending (and failed) message of campaign `name`.
pub fn send(
    ctx: &mut Ctx,
    name: &str,
    options: &SendOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Sent> {
    let _ = (options, progress);
    todo!("issue 11: send {name} ({ctx:p})")
}
