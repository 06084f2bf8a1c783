//! iCalendar (RFC 5545) for `kith remind --ics`: one all-day event per item.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

use crate::domain::remind::{Item, ItemKind};

/// Renders the items as a calendar. The UID is the item's key, so a calendar
/// app re-importing the file updates events instead of duplicating them.
pub fn render(items: &[&Item], stamp: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.name("kith reminders");
    for item in items {
        let title = match item.kind {
            ItemKind::FollowUp => format!("Follow up: {}", item.contact),
            ItemKind::StayInTouch => format!("Stay in touch: {}", item.contact),
            ItemKind::Birthday => format!("Birthday: {}", item.contact),
        };
        // An all-day event ends (exclusively) on the next day: RFC 5545 wants
        // DTEND later than DTSTART, which `Event::all_day` does not give.
        let day = item.due.date;
        let mut event = Event::new();
        event
            .uid(&format!("{}@kith", item.key))
            .summary(&title)
            .description(&item.note)
            .timestamp(stamp)
            .starts(day)
            .ends(day.succ_opt().unwrap_or(day));
        cal.push(event.done());
    }
    cal.done().to_string()
}

/// Writes the calendar atomically (a temporary file renamed over the target).
pub fn write_file(path: &Path, items: &[&Item], stamp: DateTime<Utc>) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(render(items, stamp).as_bytes())?;
    tmp.persist(path).map_err(|e| e.error)?;
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
}
