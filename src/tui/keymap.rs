//! Keys → actions, per scope. The single source for key handling, the `?`
//! help overlay and the `:` command palette, so no list of keys can go stale.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, FormKind, PaneId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Global,
    Contacts,
    Capture,
    FollowUps,
    Segments,
    Dashboard,
    Cleanup,
    Outreach,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Contacts => "Contacts",
            Scope::Capture => "Capture",
            Scope::FollowUps => "Follow-ups",
            Scope::Segments => "Segments",
            Scope::Dashboard => "Dashboard",
            Scope::Cleanup => "Cleanup",
            Scope::Outreach => "Outreach",
        }
    }

    pub fn of(pane: PaneId) -> Scope {
        match pane {
            PaneId::Contacts => Scope::Contacts,
            PaneId::Capture => Scope::Capture,
            PaneId::FollowUps => Scope::FollowUps,
            PaneId::Segments => Scope::Segments,
            PaneId::Dashboard => Scope::Dashboard,
            PaneId::Cleanup => Scope::Cleanup,
            PaneId::Outreach => Scope::Outreach,
        }
    }
}

/// A key as written in help: a code and modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
/// The keys of pane N: N, Alt+N (works inside a text field) and FN.
const fn pane_keys(pane: PaneId) -> [Key; 3] {
    let n = pane.number();
    let digit = (b'0' + n) as char;
    [
        k(digit),
        Key {
            code: KeyCode::Char(digit),
            mods: KeyModifiers::ALT,
        },
        code(KeyCode::F(n)),
    ]
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

impl Key {
    pub fn matches(self, ev: &KeyEvent) -> bool {
        if self.code != ev.code {
            return false;
        }
        // Shifted letters arrive as the upper-case char, with or without SHIFT.
        let mods = ev.modifiers - KeyModifiers::SHIFT;
        let want = self.mods - KeyModifiers::SHIFT;
        mods == want || (matches!(self.code, KeyCode::BackTab) && mods.is_empty())
    }

    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("C-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

/// Every binding. Order is the order of the help overlay.
pub static KEYMAP: &[Binding] = &[
    Binding {
        scope: Scope::Global,
        keys: &[k('q'), ctrl('c')],
        action: Action::Quit,
        help: "quit",
    },
    Binding {
        scope: Scope::Global,
        keys: &[k('?')],
        action: Action::Help,
        help: "help: every key",
    },
    Binding {
        scope: Scope::Global,
        keys: &[k(':'), ctrl('p')],
        action: Action::Palette,
        help: "command palette",
    },
    Binding {
        scope: Scope::Global,
        keys: &[code(KeyCode::Tab)],
        action: Action::NextPane,
        help: "next pane",
    },
    Binding {
        scope: Scope::Global,
        keys: &[code(KeyCode::BackTab)],
        action: Action::PrevPane,
        help: "previous pane",
    },
    Binding {
        scope: Scope::Global,
        keys: &pane_keys(PaneId::Contacts),
        action: Action::Go(PaneId::Contacts),
        help: "go to Contacts",
    },
    Binding {
        scope: Scope::Global,
        keys: &pane_keys(PaneId::Capture),
        action: Action::Go(PaneId::Capture),
        help: "go to Capture",
    },
    Binding {
        scope: Scope::Global,
        keys: &pane_keys(PaneId::FollowUps),
        action: Action::Go(PaneId::FollowUps),
        help: "go to Follow-ups",
    },
    Binding {
        scope: Scope::Global,
        keys: &pane_keys(PaneId::Segments),
        action: Action::Go(PaneId::Segments),
        help: "go to Segments",
    },
    Binding {
        scope: Scope::Global,
        keys: &pane_keys(PaneId::Dashboard),
        action: Action::Go(PaneId::Dashboard),
        help: "go to Dashboard",
    },
    Binding {
        scope: Scope::Global,
        keys: &pane_keys(PaneId::Cleanup),
        action: Action::Go(PaneId::Cleanup),
        help: "go to Cleanup",
    },
    Binding {
        scope: Scope::Global,
        keys: &pane_keys(PaneId::Outreach),
        action: Action::Go(PaneId::Outreach),
        help: "go to Outreach",
    },
    Binding {
        scope: Scope::Global,
        keys: &[code(KeyCode::Esc)],
        action: Action::Cancel,
        help: "close, cancel, leave the field",
    },
    Binding {
        scope: Scope::Global,
        keys: &[k('j'), code(KeyCode::Down)],
        action: Action::Down,
        help: "down",
    },
    Binding {
        scope: Scope::Global,
        keys: &[k('k'), code(KeyCode::Up)],
        action: Action::Up,
        help: "up",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ctrl('d'), code(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "page down",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ctrl('u'), code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "page up",
    },
    Binding {
        scope: Scope::Global,
        keys: &[k('g'), code(KeyCode::Home)],
        action: Action::Top,
        help: "first",
    },
    Binding {
        scope: Scope::Global,
        keys: &[k('G'), code(KeyCode::End)],
        action: Action::Bottom,
        help: "last",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ctrl('r')],
        action: Action::Refresh,
        help: "refresh: re-read what others changed",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('/')],
        action: Action::Search,
        help: "search (fuzzy: name, email, org, tags)",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('s')],
        action: Action::CycleSort,
        help: "sort: name / last contact / created",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('a')],
        action: Action::Capture(FormKind::Contact),
        help: "add a contact",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('e')],
        action: Action::EditContact,
        help: "edit the contact",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('l')],
        action: Action::Capture(FormKind::Interaction),
        help: "log an interaction",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('f')],
        action: Action::Capture(FormKind::FollowUp),
        help: "add a follow-up",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('n')],
        action: Action::EditorNote,
        help: "write a note in $EDITOR",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('t')],
        action: Action::Tag,
        help: "tag (-tag removes)",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('A')],
        action: Action::Archive,
        help: "archive (restore, in the archived view)",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('D')],
        action: Action::Delete,
        help: "delete (asks first)",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('J'), ctrl('n')],
        action: Action::DetailDown,
        help: "scroll the timeline down",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('K'), ctrl('b')],
        action: Action::DetailUp,
        help: "scroll the timeline up",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[code(KeyCode::Enter), code(KeyCode::Right)],
        action: Action::OpenTimeline,
        help: "read the timeline: Enter opens an entry, Esc leaves",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('v')],
        action: Action::ToggleArchived,
        help: "view: active / archived contacts",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('I')],
        action: Action::Import,
        help: "import an address book (shows a dry run first)",
    },
    Binding {
        scope: Scope::Contacts,
        keys: &[k('X')],
        action: Action::Export,
        help: "export the contacts listed (vCard, CSV, JSON)",
    },
    Binding {
        scope: Scope::Capture,
        keys: &[code(KeyCode::Enter), k('i'), k('a')],
        action: Action::NextField,
        help: "edit the form (Esc stops editing)",
    },
    Binding {
        scope: Scope::Capture,
        keys: &[ctrl('s')],
        action: Action::Submit,
        help: "save the form",
    },
    Binding {
        scope: Scope::Capture,
        keys: &[k(']'), k('[')],
        action: Action::NextForm,
        help: "switch form: contact / interaction / follow-up",
    },
    Binding {
        scope: Scope::Capture,
        keys: &[k('c')],
        action: Action::Capture(FormKind::Contact),
        help: "new contact form",
    },
    Binding {
        scope: Scope::Capture,
        keys: &[k('l')],
        action: Action::Capture(FormKind::Interaction),
        help: "log interaction form",
    },
    Binding {
        scope: Scope::Capture,
        keys: &[k('f')],
        action: Action::Capture(FormKind::FollowUp),
        help: "follow-up form",
    },
    Binding {
        scope: Scope::FollowUps,
        keys: &[k('d'), k('x')],
        action: Action::Done,
        help: "mark done (offers to log it)",
    },
    Binding {
        scope: Scope::FollowUps,
        keys: &[k('z')],
        action: Action::Snooze,
        help: "snooze to a date",
    },
    Binding {
        scope: Scope::FollowUps,
        keys: &[code(KeyCode::Enter), k('o')],
        action: Action::OpenContact,
        help: "open the contact",
    },
    Binding {
        scope: Scope::FollowUps,
        keys: &[k('f')],
        action: Action::Capture(FormKind::FollowUp),
        help: "add a follow-up",
    },
    Binding {
        scope: Scope::FollowUps,
        keys: &[k('r')],
        action: Action::Refresh,
        help: "refresh the list",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[k('/'), k('e')],
        action: Action::EditQuery,
        help: "edit: the query, with the live count",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[k('s')],
        action: Action::SaveSegment,
        help: "save: the query as a segment (asks the name)",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[k('t')],
        action: Action::ToggleStatic,
        help: "live/static: what the next save makes",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[k(' ')],
        action: Action::MarkSegment,
        help: "mark: the segment, to compare it",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[k('c')],
        action: Action::CompareSegments,
        help: "compare: the marked segments, this month",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[k('d')],
        action: Action::DeleteSegment,
        help: "delete: the saved segment (asks first)",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[code(KeyCode::Enter), k('o')],
        action: Action::OpenContact,
        help: "open: a segment's members; a member in Contacts",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[k('J'), code(KeyCode::Right)],
        action: Action::DetailDown,
        help: "members: move to the list on the right",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[k('K'), code(KeyCode::Left)],
        action: Action::DetailUp,
        help: "saved segments: back to the list on the left",
    },
    Binding {
        scope: Scope::Segments,
        keys: &[k('r')],
        action: Action::Refresh,
        help: "refresh: the list and the members",
    },
    Binding {
        scope: Scope::Cleanup,
        keys: &[k('m')],
        action: Action::Merge,
        help: "merge the duplicates (shows the result first)",
    },
    Binding {
        scope: Scope::Cleanup,
        keys: &[k('n')],
        action: Action::NotDuplicate,
        help: "not a duplicate: never show them together again",
    },
    Binding {
        scope: Scope::Cleanup,
        keys: &[k('u')],
        action: Action::UndoMerge,
        help: "undo the last merge (asks first)",
    },
    Binding {
        scope: Scope::Cleanup,
        keys: &[k('f')],
        action: Action::FixFinding,
        help: "fix the finding",
    },
    Binding {
        scope: Scope::Cleanup,
        keys: &[k('s')],
        action: Action::SkipFinding,
        help: "skip the finding (while its value is unchanged)",
    },
    Binding {
        scope: Scope::Cleanup,
        keys: &[k('J'), code(KeyCode::Right)],
        action: Action::DetailDown,
        help: "findings: move to the list below",
    },
    Binding {
        scope: Scope::Cleanup,
        keys: &[k('K'), code(KeyCode::Left)],
        action: Action::DetailUp,
        help: "duplicates: back to the list above",
    },
    Binding {
        scope: Scope::Cleanup,
        keys: &[k('r')],
        action: Action::Rescan,
        help: "rescan for duplicates and problems",
    },
    Binding {
        scope: Scope::Dashboard,
        keys: &[k('p')],
        action: Action::CyclePeriod,
        help: "period: month / quarter / year",
    },
    Binding {
        scope: Scope::Dashboard,
        keys: &[code(KeyCode::Enter), k('o')],
        action: Action::OpenContact,
        help: "open the contact picked in “who next”",
    },
    Binding {
        scope: Scope::Dashboard,
        keys: &[k('r')],
        action: Action::Refresh,
        help: "refresh the figures",
    },
    Binding {
        scope: Scope::Outreach,
        keys: &[k('n')],
        action: Action::NewCampaign,
        help: "new: a campaign (form, live plan; C-s creates)",
    },
    Binding {
        scope: Scope::Outreach,
        keys: &[code(KeyCode::Enter), k('o')],
        action: Action::CampaignReport,
        help: "report: a bar per variant, with the verdict",
    },
    Binding {
        scope: Scope::Outreach,
        keys: &[k('p')],
        action: Action::PreviewCampaign,
        help: "preview: the message each recipient gets",
    },
    Binding {
        scope: Scope::Outreach,
        keys: &[k('s')],
        action: Action::SendCampaign,
        help: "send: the pending messages (asks first)",
    },
    Binding {
        scope: Scope::Outreach,
        keys: &[k(']'), k('l')],
        action: Action::NextRecipient,
        help: "next: recipient, in the preview",
    },
    Binding {
        scope: Scope::Outreach,
        keys: &[k('['), k('h')],
        action: Action::PrevRecipient,
        help: "previous: recipient, in the preview",
    },
    Binding {
        scope: Scope::Outreach,
        keys: &[k('J'), ctrl('n')],
        action: Action::DetailDown,
        help: "scroll: the preview or report, down",
    },
    Binding {
        scope: Scope::Outreach,
        keys: &[k('K'), ctrl('b')],
        action: Action::DetailUp,
        help: "scroll: the preview or report, up",
    },
    Binding {
        scope: Scope::Outreach,
        keys: &[k('r')],
        action: Action::Refresh,
        help: "refresh: the campaigns and what is open",
    },
];

/// The action bound to `ev` in the pane's scope, else globally.
pub fn resolve(scope: Scope, ev: &KeyEvent) -> Option<Action> {
    let find = |s: Scope| {
        KEYMAP
            .iter()
            .find(|b| b.scope == s && b.keys.iter().any(|key| key.matches(ev)))
            .map(|b| b.action.clone())
    };
    find(scope).or_else(|| find(Scope::Global))
}

/// The pane a key goes to from anywhere, even a text field: Alt+N or FN.
/// (A plain digit is text there.)
pub fn pane_key(ev: &KeyEvent) -> Option<PaneId> {
    if !(ev.modifiers.contains(KeyModifiers::ALT) || matches!(ev.code, KeyCode::F(_))) {
        return None;
    }
    PaneId::ALL
        .into_iter()
        .find(|p| pane_keys(*p)[1..].iter().any(|k| k.matches(ev)))
}

/// Bindings that apply in `scope` (its own, then the global ones).
pub fn bindings_for(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    KEYMAP
        .iter()
        .filter(move |b| b.scope == scope)
        .chain(KEYMAP.iter().filter(|b| b.scope == Scope::Global))
}

/// Short hints for the status line: the pane's first few bindings.
pub fn hints(scope: Scope, max: usize) -> Vec<(String, &'static str)> {
    KEYMAP
        .iter()
        .filter(|b| b.scope == scope)
        .take(max)
        .map(|b| {
            (
                b.keys[0].label(),
                b.help.split([':', '(']).next().unwrap_or(b.help).trim(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn pane_bindings_shadow_global_ones() {
        assert_eq!(resolve(Scope::Contacts, &key('/')), Some(Action::Search));
        assert_eq!(resolve(Scope::FollowUps, &key('/')), None);
        assert_eq!(resolve(Scope::FollowUps, &key('q')), Some(Action::Quit));
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(resolve(Scope::Contacts, &shifted), Some(Action::Bottom));
    }

    #[test]
    fn every_pane_has_its_digit_alt_digit_and_f_key() {
        for (i, pane) in PaneId::ALL.into_iter().enumerate() {
            let n = u8::try_from(i + 1).expect("few panes");
            let digit = char::from(b'0' + n);
            assert_eq!(pane.number(), n);
            for ev in [
                key(digit),
                KeyEvent::new(KeyCode::Char(digit), KeyModifiers::ALT),
                KeyEvent::new(KeyCode::F(n), KeyModifiers::NONE),
            ] {
                assert_eq!(resolve(Scope::of(pane), &ev), Some(Action::Go(pane)));
            }
            // Only Alt+N and FN are read from inside a text field.
            assert_eq!(pane_key(&key(digit)), None);
            assert_eq!(
                pane_key(&KeyEvent::new(KeyCode::F(n), KeyModifiers::NONE)),
                Some(pane)
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for scope in [
            Scope::Global,
            Scope::Contacts,
            Scope::Capture,
            Scope::FollowUps,
            Scope::Segments,
            Scope::Dashboard,
            Scope::Cleanup,
            Scope::Outreach,
        ] {
            let keys: Vec<Key> = KEYMAP
                .iter()
                .filter(|b| b.scope == scope)
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].contains(a),
                    "{scope:?}: {} bound twice",
                    a.label()
                );
            }
        }
    }
}
