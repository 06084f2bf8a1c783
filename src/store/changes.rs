//! What changed in the database since a front end last looked: for a TUI
//! that stays open while cron or a shell writes.

use rusqlite::params;

use super::{Db, Result};

/// A contact row written at or after a stamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub id: i64,
    pub archived: bool,
    pub updated_at: String,
}

impl Db<'_> {
    /// `SQLite`'s `data_version`: a number that changes when another
    /// connection commits to the file (never for this connection's own
    /// writes). Cheap: no table is read.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }

    /// The newest `updated_at` of any contact: where to look from next time.
    pub fn newest_contact_update(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT max(updated_at) FROM contact")?
            .query_row([], |r| r.get(0))?)
    }

    /// Contacts updated at or after `since` (inclusive: two writes in the
    /// same second must both be seen), oldest first.
    pub fn contacts_changed_since(&self, since: &str) -> Result<Vec<Changed>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, archived, updated_at FROM contact WHERE updated_at >= ?1 ORDER BY updated_at, id",
        )?;
        let rows = stmt.query_map(params![since], |r| {
            Ok(Changed {
                id: r.get(0)?,
                archived: r.get(1)?,
                updated_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many contacts are not archived (what the search index holds).
    pub fn count_live_contacts(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM contact WHERE archived = 0")?
            .query_row([], |r| r.get(0))?)
    }

    /// The search documents of every archived contact (the TUI's archived view).
    pub fn archived_search_docs(&self) -> Result<Vec<crate::domain::search::SearchDoc>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM contact WHERE archived = 1 ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut docs = Vec::with_capacity(ids.len());
        // In chunks: a statement binds a limited number of parameters.
        for chunk in ids.chunks(900) {
            docs.extend(self.search_docs(Some(chunk))?);
        }
        Ok(docs)
    }

    /// Every live contact's id, newest first by creation (as `kith list
    /// --sort created` orders them).
    pub fn ids_by_created(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM contact WHERE archived = 0 ORDER BY created_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::clock::Clock;
    use crate::config::Config;
    use crate::domain::contact::ContactInput;
    use crate::ops::{Ctx, capture};
    use crate::store::Store;

    fn ctx(path: &std::path::Path, at: &str) -> Ctx {
        let now = chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S").expect("time");
        Ctx {
            store: Store::open(path).expect("open"),
            clock: Clock::fixed(now),
            config: Config::default(),
        }
    }

    fn add(ctx: &mut Ctx, name: &str) -> i64 {
        let input = ContactInput {
            name: Some(name.into()),
            ..ContactInput::default()
        };
        let c = capture::new_contact(ctx, input).expect("contact");
        match capture::add_contact(ctx, &c, true).expect("add") {
            capture::AddOutcome::Added(id) => id,
            capture::AddOutcome::Duplicates(_) => panic!("forced"),
        }
    }

    #[test]
    fn data_version_moves_only_for_other_connections() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("k.db");
        let mut a = ctx(&path, "2026-11-23 09:00:00");
        let mut b = ctx(&path, "2026-11-23 10:00:00");
        let seen = a.store.db().data_version().expect("version");
        add(&mut a, "Own Write");
        assert_eq!(a.store.db().data_version().expect("version"), seen);
        add(&mut b, "Other Write");
        assert_ne!(a.store.db().data_version().expect("version"), seen);
    }

    #[test]
    fn changes_since_a_stamp_include_that_stamp_and_archived_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("k.db");
        let mut early = ctx(&path, "2026-11-23 09:00:00");
        let mut late = ctx(&path, "2026-11-23 10:00:00");
        let old = add(&mut early, "Old One");
        let stamp = early.store.db().newest_contact_update().expect("db");
        assert_eq!(stamp.as_deref(), Some("2026-11-23T09:00:00Z"));
        let new = add(&mut late, "New One");
        let gone = add(&mut late, "Gone One");
        capture::set_archived(&mut late, gone, true).expect("archive");
        let db = early.store.db();
        let changed = db
            .contacts_changed_since("2026-11-23T09:00:01Z")
            .expect("db");
        let ids: Vec<(i64, bool)> = changed.iter().map(|c| (c.id, c.archived)).collect();
        assert_eq!(ids, vec![(new, false), (gone, true)]);
        let all = db
            .contacts_changed_since("2026-11-23T09:00:00Z")
            .expect("db");
        assert_eq!(all.len(), 3, "the stamp itself is included: {all:?}");
        assert_eq!(db.count_live_contacts().expect("db"), 2);
        assert_eq!(db.ids_by_created().expect("db"), vec![new, old]);
    }
}
