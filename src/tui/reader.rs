//! Reads that may take longer than a frame, off the UI thread: the
//! Dashboard's slower panels, the Segments pane's live count and
//! members, and the Outreach pane's campaigns, plans, previews and reports. One thread with its own connection, started by the first read
//! (a session that never opens those panes does not pay for it). Every job
//! names its lane; when jobs of one lane queue up (keys typed faster than a
//! query runs), only the newest runs. Each job carries a sequence number so
//! the pane can drop what a stale job sends.

use std::sync::mpsc::{Receiver, Sender};

use super::effect::Outcome;
use crate::domain::period::Period;
use crate::error::Result;
use crate::ops::Ctx;

/// A read to run on the reader thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    /// Segments: how many contacts the query being typed matches, and the
    /// first of them.
    SegmentPreview {
        seq: u64,
        query: String,
    },
    /// Dashboard: every panel for one period.
    Dashboard {
        seq: u64,
        period: Period,
    },
    /// Segments: a saved segment's members (a static one's frozen members);
    /// in the preview's lane, as the two replace each other.
    SegmentShow {
        seq: u64,
        name: String,
    },
    /// Segments: the saved segments with their sizes and trends.
    SegmentList {
        seq: u64,
    },
    /// Segments: these segments' performance this month, side by side.
    SegmentCompare {
        seq: u64,
        names: Vec<String>,
    },
    /// Outreach: every campaign with its counts.
    Campaigns {
        seq: u64,
    },
    /// Outreach: the saved segments and templates the new-campaign form
    /// picks from.
    CampaignChoices {
        seq: u64,
    },
    /// Outreach: who the form's campaign would reach (nothing written).
    CampaignPlan {
        seq: u64,
        new: Box<crate::ops::campaign::NewCampaign>,
    },
    /// Outreach: one recipient's rendered message; in the report's lane,
    /// as the two replace each other.
    CampaignPreview {
        seq: u64,
        name: String,
        index: usize,
    },
    CampaignReport {
        seq: u64,
        name: String,
    },
    /// Outreach: what sending the campaign now would do.
    CampaignSendPlan {
        seq: u64,
        name: String,
    },
}

/// Jobs of one lane replace each other; lanes do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lane {
    SegmentPreview,
    Dashboard,
    SegmentList,
    SegmentCompare,
    Campaigns,
    CampaignChoices,
    CampaignPlan,
    CampaignView,
    CampaignSendPlan,
}

impl Read {
    fn lane(&self) -> Lane {
        match self {
            Read::SegmentPreview { .. } | Read::SegmentShow { .. } => Lane::SegmentPreview,
            Read::Dashboard { .. } => Lane::Dashboard,
            Read::SegmentList { .. } => Lane::SegmentList,
            Read::SegmentCompare { .. } => Lane::SegmentCompare,
            Read::Campaigns { .. } => Lane::Campaigns,
            Read::CampaignChoices { .. } => Lane::CampaignChoices,
            Read::CampaignPlan { .. } => Lane::CampaignPlan,
            Read::CampaignPreview { .. } | Read::CampaignReport { .. } => Lane::CampaignView,
            Read::CampaignSendPlan { .. } => Lane::CampaignSendPlan,
        }
    }
}

/// Starts the reader's thread (with its own connection) and returns where
/// to send reads.
pub type Start = Box<dyn FnOnce() -> Result<Sender<Read>>>;

/// Where reads run.
pub enum Reader {
    /// A thread of its own, started by the first read.
    Later(Start),
    Thread(Sender<Read>),
    /// Here, before the effect returns (tests on an in-memory database).
    Inline,
    /// Not at all: a test feeds the outcomes itself.
    Held,
}

/// Starts the reader on `ctx` (its own connection). Outcomes go to `out`
/// wrapped by `wrap`. The thread ends when `jobs` is dropped.
pub fn spawn<M: Send + 'static>(
    ctx: Ctx,
    jobs: Receiver<Read>,
    out: Sender<M>,
    wrap: fn(Outcome) -> M,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("kith-reader".into())
        .spawn(move || {
            while let Ok(first) = jobs.recv() {
                let mut queue = vec![first];
                queue.extend(jobs.try_iter());
                let mut gone = false;
                for read in newest_per_lane(queue) {
                    run(&ctx, read, &mut |o| gone |= out.send(wrap(o)).is_err());
                    if gone {
                        return;
                    }
                }
            }
        })
}

/// The newest job of each lane, in the order their lanes first asked.
fn newest_per_lane(queue: Vec<Read>) -> Vec<Read> {
    let mut out: Vec<Read> = Vec::new();
    for read in queue {
        match out.iter_mut().find(|r| r.lane() == read.lane()) {
            Some(slot) => *slot = read,
            None => out.push(read),
        }
    }
    out
}

/// Runs one read, sending what it finds (maybe in several parts) to `send`.
pub fn run(ctx: &Ctx, read: Read, send: &mut dyn FnMut(Outcome)) {
    match read {
        Read::SegmentPreview { seq, query } => super::segments::preview(ctx, seq, &query, send),
        Read::Dashboard { seq, period } => super::dashboard::load(ctx, seq, period, send),
        Read::SegmentShow { seq, name } => super::segments::show(ctx, seq, &name, send),
        Read::SegmentList { seq } => super::segments::list(ctx, seq, send),
        Read::SegmentCompare { seq, names } => super::segments::compare(ctx, seq, &names, send),
        Read::Campaigns { seq } => super::outreach::list(ctx, seq, send),
        Read::CampaignChoices { seq } => super::outreach::choices(ctx, seq, send),
        Read::CampaignPlan { seq, new } => super::outreach::plan(ctx, seq, &new, send),
        Read::CampaignPreview { seq, name, index } => {
            super::outreach::preview(ctx, seq, &name, index, send);
        }
        Read::CampaignReport { seq, name } => super::outreach::report(ctx, seq, &name, send),
        Read::CampaignSendPlan { seq, name } => super::outreach::send_plan(ctx, seq, &name, send),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_read_of_each_lane_runs() {
        let q = |seq: u64| Read::SegmentPreview {
            seq,
            query: format!("tag:t{seq}"),
        };
        let d = |seq: u64| Read::Dashboard {
            seq,
            period: Period::Month,
        };
        assert_eq!(newest_per_lane(vec![q(1), d(2), q(3), q(4)]), [q(4), d(2)]);
        assert_eq!(newest_per_lane(vec![d(1)]), [d(1)]);
    }
}
