//! What the app asks the outside world to do, and what comes back.
//!
//! `App::update` returns effects and never touches the database or the
//! terminal; the runtime performs them through `ops` and feeds the outcomes
//! back in, so the whole app can be driven by keys in a test.

use std::path::PathBuf;

use crate::domain::cleanup::DataFinding;
use crate::domain::contact::{Contact, ContactInput};
use crate::domain::dates::{Interval, When};
use crate::domain::dedup;
use crate::domain::follow_up::FollowUp;
use crate::domain::interaction::{Interaction, InteractionKind, NewInteraction};
use crate::formats::Format;
use crate::ops::capture::Duplicate;
use crate::ops::export::Selection;
use crate::ops::import::{ImportReport, Progress};
use crate::ops::merge::{HistoryEntry, MergePlan, Merged, Undone};
use crate::ops::remind::Agenda;

use super::worker::{Done, Job};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Worker(Job),
    /// Idle or focus regained: has anyone else written? If so, sync.
    CheckChanges,
    /// Re-read what others changed (the refresh key).
    Sync,
    LoadDetail(i64),
    LoadAgenda,
    AddContact {
        input: ContactInput,
        force: bool,
    },
    EditContact {
        id: i64,
        input: ContactInput,
    },
    /// Read a contact afresh for the edit form.
    LoadForEdit(i64),
    /// Save the edit form: `input` holds only the `changed` fields; if any of
    /// them changed in the database since `base` was read, nothing is written.
    SaveEdit {
        id: i64,
        input: ContactInput,
        base: Box<Contact>,
        changed: Vec<&'static str>,
    },
    Log(NewInteraction),
    AddFollowUp {
        contact_id: i64,
        due: When,
        note: String,
        every: Option<Interval>,
    },
    Complete(i64),
    Snooze(i64, When),
    Archive(i64),
    /// Bring an archived contact back.
    Restore(i64),
    /// Read the archived contacts, for the Contacts pane's archived view.
    LoadArchived,
    Delete(i64),
    /// Write a note in $EDITOR, then log it as `kind`.
    EditorNote {
        contact_id: i64,
        name: String,
        kind: InteractionKind,
    },
    /// Write the interaction form's text in $EDITOR.
    EditText,
    /// Import an address book on the writer (`dry_run`: read and report only).
    Import {
        path: PathBuf,
        dry_run: bool,
    },
    /// Write `selection` to `path` in `format`, on the writer.
    Export {
        path: PathBuf,
        format: Format,
        selection: Selection,
    },
    /// Look for duplicates and cleanup findings off the UI thread; `seq`
    /// tells the newest scan's results from a stale one's.
    Scan {
        seq: u64,
    },
    /// A read that may take longer than a frame, on the reader thread.
    Read(super::reader::Read),
    /// Read the contacts of a cluster, to compare them side by side.
    LoadCluster(Vec<i64>),
    /// Work out what merging these contacts would do (nothing is written).
    PlanMerge(Vec<i64>),
    /// Merge these contacts into the first (on the writer).
    Merge(Vec<i64>),
    /// These contacts are different people (on the writer).
    NotDuplicate(Vec<i64>),
    /// Find the merge `u` would undo, to ask first.
    AskUndo,
    /// Undo the merge with this history id (on the writer).
    Undo(i64),
    FixFinding(Box<DataFinding>),
    SkipFinding(Box<DataFinding>),
    /// Save a segment (on the writer).
    SaveSegment {
        name: String,
        query: String,
        is_static: bool,
        description: String,
    },
    /// Remove the saved segment of this name (on the writer).
    RemoveSegment(String),
    /// Create the campaign the Outreach form describes (on the writer).
    CreateCampaign(Box<crate::ops::campaign::NewCampaign>),
    /// Send campaign `name`'s pending messages to `target` (on the writer,
    /// progress coming back as it goes).
    SendCampaign {
        name: String,
        target: crate::ops::campaign::send::Target,
        /// The From, as typed in the confirmation.
        from: String,
    },
}

/// A contact with what the detail view shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    pub contact: Contact,
    pub follow_ups: Vec<FollowUp>,
    pub timeline: Vec<Interaction>,
}

#[derive(Debug)]
pub enum Outcome {
    Worker(Done),
    /// The index caught up with writes made elsewhere: re-read what is shown.
    Synced {
        explicit: bool,
    },
    Detail(Box<Detail>),
    Agenda(Agenda),
    ContactSaved {
        id: i64,
        name: String,
        created: bool,
    },
    Duplicates(Vec<Duplicate>),
    /// The contact as it is now, for the edit form.
    EditLoaded(Box<Contact>),
    /// Fields the user changed that were also changed elsewhere: not saved.
    EditConflict {
        current: Box<Contact>,
        fields: Vec<&'static str>,
    },
    Logged {
        contact_id: i64,
    },
    FollowUpAdded {
        contact_id: i64,
    },
    /// A follow-up was completed (`next` when it recurs).
    Completed {
        follow_up: FollowUp,
        next: Option<When>,
    },
    Snoozed {
        follow_up: FollowUp,
        until: When,
    },
    Archived {
        id: i64,
    },
    Restored {
        id: i64,
        name: String,
    },
    ArchivedList(Vec<crate::domain::search::SearchDoc>),
    Deleted {
        id: i64,
        name: String,
    },
    /// A write went to the writer thread; its outcome comes later.
    Waiting,
    /// The dry run of an import: what it would do.
    ImportChecked {
        path: PathBuf,
        report: ImportReport,
    },
    /// How far the import in hand has come (it is still running).
    ImportProgress(Progress),
    Imported {
        path: PathBuf,
        report: ImportReport,
    },
    Exported {
        path: PathBuf,
        count: usize,
    },
    /// An import or export could not be done; nothing was written.
    TransferFailed {
        path: PathBuf,
        message: String,
    },
    /// How far scan `seq` has come.
    ScanProgress {
        seq: u64,
        progress: dedup::Progress,
    },
    /// The cleanup findings of scan `seq` (they come before the duplicates).
    Findings {
        seq: u64,
        findings: Vec<DataFinding>,
    },
    /// The duplicates of scan `seq`, with the names of the contacts in them.
    Scanned {
        seq: u64,
        scan: dedup::Scan,
        names: std::collections::HashMap<i64, String>,
    },
    ScanFailed {
        seq: u64,
        message: String,
    },
    /// The contacts of a cluster, for the side-by-side comparison.
    Cluster(Vec<super::panes::cleanup::Compared>),
    MergePlanned(Box<MergePlan>),
    Merged(Box<Merged>),
    MarkedDistinct(Vec<i64>),
    /// The merge `u` would undo (None: there is none).
    UndoAsk(Option<Box<HistoryEntry>>),
    Undone(Undone),
    Fixed(Box<DataFinding>),
    Skipped(Box<DataFinding>),
    /// Text back from $EDITOR for the form (None: left empty).
    EditedText(Option<String>),
    Failed(String),
    /// One panel of the Dashboard, read for read `seq`.
    Dashboard {
        seq: u64,
        part: super::dashboard::Part,
    },
    /// What the Segments pane's reads and writes found.
    Segments(super::segments::Found),
    /// What the Outreach pane's reads and writes found.
    Outreach(super::outreach::Found),
}

impl Outcome {
    /// A report of how far a long write has come (it is still running).
    pub fn is_progress(outcomes: &[Outcome]) -> bool {
        matches!(
            outcomes,
            [Outcome::ImportProgress(_) | Outcome::Outreach(super::outreach::Found::Progress(_))]
        )
    }
}
