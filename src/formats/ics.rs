//! iCalendar (RFC 5545) for `kith remind --ics`: one all-day event per item.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

use crate::domain::remind::{Item, ItemKind};
use crate::domain::text::{printable, printable_multiline};

/// Renders the items as a calendar. The UID is the item's key, so a calendar
/// app re-importing the file updates events instead of duplicating them.
pub fn render(items: &[&Item], stamp: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.name("kith reminders");
    for item in items {
        // Calendar apps show these (and some terminals print the file):
        // no stored control character goes in raw.
        let contact = printable(&item.contact);
        let title = match item.kind {
            ItemKind::FollowUp => format!("Follow up: {contact}"),
            ItemKind::StayInTouch => format!("Stay in touch: {contact}"),
            ItemKind::Birthday => format!("Birthday: {contact}"),
        };
        // An all-day event ends (exclusively) on the next day: RFC 5545 wants
        // DTEND later than DTSTART, which `Event::all_day` does not give.
        let day = item.due.date;
        let mut event = Event::new();
        event
            .uid(&format!("{}@kith", item.key))
            .summary(&title)
            .description(&printable_multiline(&item.note))
            .timestamp(stamp)
            .starts(day)
            .ends(day.succ_opt().unwrap_or(day));
        cal.push(event.done());
    }
    cal.done().to_string()
}

/// Writes the calendar to `path`.
///
/// A regular file is replaced atomically (a temporary file beside it renamed
/// over it), keeping its mode; a symlink is followed, so the file it points
/// at (a synced calendar) is the one replaced; a device or pipe such as
/// `/dev/stdout` is written to directly, never replaced.
pub fn write_file(path: &Path, items: &[&Item], stamp: DateTime<Utc>) -> std::io::Result<()> {
    let body = render(items, stamp);
    let target = super::write_target(path)?;
    let existing = std::fs::metadata(&target).ok();
    // `/dev/stdout` may resolve to a regular file (output redirected by the
    // shell): that file is the shell's to manage, so write into it too.
    let device = ["/dev", "/proc"].iter().any(|d| path.starts_with(d));
    if device
        || existing
            .as_ref()
            .is_some_and(|m| !m.is_file() && !m.is_dir())
    {
        let mut f = std::fs::OpenOptions::new().write(true).open(&target)?;
        f.write_all(body.as_bytes())?;
        return f.flush();
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(body.as_bytes())?;
    // A new file stays private (the temporary file's 0600); an existing
    // one keeps the mode its owner gave it.
    if let Some(meta) = existing {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::When;

    #[test]
    fn one_all_day_event_per_item() {
        let item = Item {
            kind: ItemKind::FollowUp,
            contact_id: 1,
            contact: "Jane Doe".into(),
            due: When::day(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")),
            note: "send proposal".into(),
            follow_up_id: Some(3),
            key: "follow-up:abc:2026-12-01".into(),
        };
        let stamp = DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
            .expect("ts")
            .with_timezone(&Utc);
        let text = render(&[&item], stamp);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(text.contains("DTSTART;VALUE=DATE:20261201"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20261202"), "{text}");
        assert!(text.contains("SUMMARY:Follow up: Jane Doe"), "{text}");
        assert!(text.contains("UID:follow-up:abc:2026-12-01@kith"), "{text}");
        assert!(text.trim_end().ends_with("END:VCALENDAR"), "{text}");
    }

    #[test]
    fn stored_controls_are_replaced_and_note_lines_escaped() {
        let item = Item {
            kind: ItemKind::StayInTouch,
            contact_id: 1,
            contact: "Esc\u{1b}[2J Test".into(),
            due: When::day(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")),
            note: "first line\nsecond\u{7} line".into(),
            follow_up_id: None,
            key: "stay-in-touch:abc:2026-12-01".into(),
        };
        let stamp = DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
            .expect("ts")
            .with_timezone(&Utc);
        let text = render(&[&item], stamp);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(
            text.contains("SUMMARY:Stay in touch: Esc\u{fffd}[2J Test"),
            "{text}"
        );
        assert!(
            text.contains("DESCRIPTION:first line\\nsecond\u{fffd} line"),
            "{text}"
        );
    }
}
