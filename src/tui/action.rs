//! Everything the user can ask for, as data. Keys resolve to actions through
//! the keymap; the help overlay and the command palette list the same actions.

use crossterm::event::KeyEvent;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PaneId {
    Contacts,
    Capture,
    FollowUps,
    Segments,
    Dashboard,
    Cleanup,
    Outreach,
}

impl PaneId {
    /// Every pane, in tab order: the one list pane keys are made from
    /// (pane N has the keys N, Alt+N and FN).
    pub const ALL: [PaneId; 7] = [
        PaneId::Contacts,
        PaneId::Capture,
        PaneId::FollowUps,
        PaneId::Segments,
        PaneId::Dashboard,
        PaneId::Cleanup,
        PaneId::Outreach,
    ];

    /// The pane's number, from 1: its place in [`PaneId::ALL`].
    pub const fn number(self) -> u8 {
        let mut i = 0;
        while i < PaneId::ALL.len() {
            if PaneId::ALL[i] as u8 == self as u8 {
                return i as u8 + 1;
            }
            i += 1;
        }
        0
    }

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Contacts => "Contacts",
            PaneId::Capture => "Capture",
            PaneId::FollowUps => "Follow-ups",
            PaneId::Segments => "Segments",
            PaneId::Dashboard => "Dashboard",
            PaneId::Cleanup => "Cleanup",
            PaneId::Outreach => "Outreach",
        }
    }
}

/// Which form the Capture pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormKind {
    Contact,
    Interaction,
    FollowUp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Quit without asking about an unsaved form (after the user said yes).
    QuitNow,
    /// The user agreed to discard the unsaved form: do this next.
    Discarded(Box<Action>),
    NextPane,
    PrevPane,
    Go(PaneId),
    Help,
    Palette,
    /// Esc: close the overlay, leave the search or the form field.
    Cancel,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Focus the contact search.
    Search,
    CycleSort,
    /// Open the Capture pane on a form (for the selected contact where it applies).
    Capture(FormKind),
    EditContact,
    /// Contacts: show the archived contacts instead of the active ones, or back.
    ToggleArchived,
    Tag,
    Archive,
    Delete,
    /// Write a long note in $EDITOR and log it.
    EditorNote,
    /// Contacts: step into the timeline; there, open the selected entry.
    OpenTimeline,
    /// Scroll the detail/timeline.
    DetailDown,
    DetailUp,
    /// Forms: next/previous field, submit, switch form.
    NextField,
    PrevField,
    Submit,
    NextForm,
    /// Follow-ups: complete, snooze, jump to the contact.
    Done,
    Snooze,
    OpenContact,
    Refresh,
    /// Contacts: import an address book (asks for the file, shows a dry run).
    Import,
    /// Contacts: export the contacts listed (asks for the file).
    Export,
    /// Read (`dry_run`) or import the file the prompt named.
    ImportFile {
        path: std::path::PathBuf,
        dry_run: bool,
    },
    /// Write the listed contacts to the file the prompt named.
    ExportFile {
        path: std::path::PathBuf,
        format: crate::formats::Format,
        selection: crate::ops::export::Selection,
    },
    /// Cleanup: merge the selected cluster (shows the result first).
    Merge,
    /// Cleanup: the selected cluster is different people; never show it again.
    NotDuplicate,
    /// Cleanup: undo the last merge (asks first, naming what comes back).
    UndoMerge,
    /// Cleanup: look for duplicates and problems again.
    Rescan,
    /// Cleanup: apply the selected finding's fix, or skip it.
    FixFinding,
    SkipFinding,
    /// A key for whatever text input has the focus.
    Input(KeyEvent),
    /// Dashboard: the next reporting period (month → quarter → year).
    CyclePeriod,
    /// Segments: edit the query (Enter runs it, Esc leaves the editor).
    EditQuery,
    /// Segments: save the query as a segment (asks the name).
    SaveSegment,
    /// Segments: the next save makes a static segment, or a live one.
    ToggleStatic,
    /// Segments: delete the selected saved segment (asks first).
    DeleteSegment,
    /// Segments: mark the selected saved segment for comparison, or unmark it.
    MarkSegment,
    /// Segments: compare the marked segments side by side.
    CompareSegments,
    /// Outreach: a new campaign (the form, with the live plan).
    NewCampaign,
    /// Outreach: the selected campaign's report (a bar per variant).
    CampaignReport,
    /// Outreach: the rendered message for each recipient, in turn.
    PreviewCampaign,
    /// Outreach: the next or previous recipient in the preview.
    NextRecipient,
    PrevRecipient,
    /// Outreach: send the campaign's pending messages (asks first).
    SendCampaign,
}
