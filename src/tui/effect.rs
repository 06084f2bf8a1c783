//! What the app asks the outside world to do, and what comes back.
//!
//! `App::update` returns effects and never touches the database or the
//! terminal; the runtime performs them through `ops` and feeds the outcomes
//! back in, so the whole app can be driven by keys in a test.

use std::path::PathBuf;

use crate::domain::contact::{Contact, ContactInput};
use crate::domain::dates::{Interval, When};
use crate::domain::follow_up::FollowUp;
use crate::domain::interaction::{Interaction, InteractionKind, NewInteraction};
use crate::formats::Format;
use crate::ops::capture::Duplicate;
use crate::ops::export::Selection;
use crate::ops::import::{ImportReport, Progress};
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
    /// Text back from $EDITOR for the form (None: left empty).
    EditedText(Option<String>),
    Failed(String),
}
