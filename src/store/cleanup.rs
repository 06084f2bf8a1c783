//! What the cleanup checks read (every live contact in three scans), and the
//! findings the user skipped.

use std::collections::{HashMap, HashSet};

use rusqlite::params;

use crate::domain::cleanup::Subject;
use crate::domain::contact::{Consent, Phone, StakeholderKind};

use super::{Db, Result};

/// A skipped finding: check name, contact uid, value.
pub type SkipKey = (String, String, String);

impl Db<'_> {
    /// Every live (not archived) contact as the cleanup checks see it, by
    /// ascending id; or only contact `id` (archived or not) when given.
    /// Three scans (contacts, e-mails, phones), no query per contact.
    pub fn cleanup_subjects(&self, id: Option<i64>) -> Result<Vec<Subject>> {
        let mut people = Vec::new();
        // Two shapes of each statement, so that one contact is read by index.
        let (who, whose) = match id {
            Some(_) => ("id = ?1", "contact_id = ?1"),
            None => ("archived = 0 AND ?1 IS NULL", "?1 IS NULL"),
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, uid, display_name, street, kind, stage, consent, last_interaction_at,
                    created_at
             FROM contact WHERE {who} ORDER BY id"
        ))?;
        let word = |r: &rusqlite::Row<'_>, i| -> rusqlite::Result<Option<String>> { r.get(i) };
        let rows = stmt.query_map([id], |r| {
            Ok(Subject {
                id: r.get(0)?,
                uid: r.get(1)?,
                name: r.get(2)?,
                emails: Vec::new(),
                phones: Vec::new(),
                has_address: word(r, 3)?.is_some_and(|s| !s.trim().is_empty()),
                kind: word(r, 4)?
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(StakeholderKind::Other),
                stage: word(r, 5)?.and_then(|s| s.parse().ok()),
                consent: word(r, 6)?
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(Consent::Unknown),
                last_contact: r.get(7)?,
                created_at: r.get(8)?,
            })
        })?;
        for row in rows {
            people.push(row?);
        }
        let index: HashMap<i64, usize> =
            people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        self.attach_rows(
            &format!(
                "SELECT contact_id, email FROM contact_email
                 WHERE {whose} ORDER BY contact_id, is_primary DESC, id"
            ),
            id,
            &mut people,
            &index,
            |p, r| {
                p.emails.push(r.get(1)?);
                Ok(())
            },
        )?;
        self.attach_rows(
            &format!(
                "SELECT contact_id, raw, e164 FROM contact_phone WHERE {whose} ORDER BY contact_id, id"
            ),
            id,
            &mut people,
            &index,
            |p, r| {
                p.phones.push(Phone {
                    raw: r.get(1)?,
                    e164: r.get(2)?,
                });
                Ok(())
            },
        )?;
        Ok(people)
    }

    /// Every skipped finding.
    pub fn finding_skips(&self) -> Result<HashSet<SkipKey>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT check_name, contact_uid, value FROM finding_skip")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers that the finding `check` about contact `uid` and `value`
    /// was skipped (again: the first time is kept).
    pub fn add_finding_skip(&self, check: &str, uid: &str, value: &str, at: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO finding_skip (check_name, contact_uid, value, at)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            )?
            .execute(params![check, uid, value, at])?;
        Ok(())
    }
}
