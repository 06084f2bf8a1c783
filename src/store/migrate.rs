//! Schema migrations: an ordered list, tracked by `PRAGMA user_version`.
//!
//! Each step runs in its own transaction together with the version bump, so a
//! crash leaves the file at the previous or the next version, never between.
//! Before an existing database is migrated, a copy is taken beside it.

use std::path::Path;

use rusqlite::Connection;

use super::{Result, StoreError};

/// Append-only: index + 1 is the version each script brings the schema to.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_cadence_due_index.sql"),
    include_str!("migrations/0003_search_terms.sql"),
    include_str!("migrations/0004_remind_watermark.sql"),
    include_str!("migrations/0005_contact_updated_index.sql"),
    include_str!("migrations/0006_collect_and_keep.sql"),
    include_str!("migrations/0007_organise.sql"),
    include_str!("migrations/0008_analyse.sql"),
    include_str!("migrations/0009_outreach.sql"),
];

/// The version whose script creates the persisted search index; its rows
/// are computed in Rust (folding needs more than SQL has), right after.
const SEARCH_TERMS_VERSION: i64 = 3;

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// The schema version and how many schema objects exist, read in one
/// statement so both come from the same snapshot (another kith may be
/// migrating the file at this very moment).
pub(super) fn version_and_objects(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version),
                (SELECT count(*) FROM sqlite_schema)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

pub(super) fn run(conn: &mut Connection, from: i64) -> Result<()> {
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(from).unwrap_or(0))
    {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if user_version(&tx)? > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        if i as i64 + 1 == SEARCH_TERMS_VERSION {
            super::search::rebuild(&tx)?;
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Copies the database to `<file>.v<N>.bak` with the online backup API,
/// into a file only its owner can read, as the database itself.
pub(super) fn backup_before_migrating(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.bak"));
    let dest = path.with_file_name(name);
    private_file(&dest)?;
    conn.backup(rusqlite::MAIN_DB, &dest, rusqlite::backup::NO_PROGRESS)
        .map_err(StoreError::from)
}

/// Makes `path` a file only its owner can read and write, before `SQLite`
/// writes into it: a file `SQLite` creates gets 0644 less the umask. An
/// older one (left by an earlier kith) is made private too.
fn private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    options.open(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_upgrades_to_the_latest() {
        for start in 0..LATEST_VERSION {
            let mut conn = Connection::open_in_memory().expect("open");
            run(&mut conn, 0).expect("full");
            // Rebuild from `start` on a fresh connection and compare schemas.
            let mut partial = Connection::open_in_memory().expect("open");
            for sql in MIGRATIONS.iter().take(start as usize) {
                partial.execute_batch(sql).expect("step");
            }
            partial
                .pragma_update(None, "user_version", start)
                .expect("version");
            run(&mut partial, start).expect("upgrade");
            assert_eq!(user_version(&partial).expect("v"), LATEST_VERSION);
            assert_eq!(schema(&partial), schema(&conn));
        }
    }

    #[test]
    fn an_older_file_is_backed_up_before_migrating() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
                .expect("seed");
            conn.pragma_update(None, "user_version", 0).expect("v");
        }
        // Version 0 with content is treated as "never migrated": no backup needed for an
        // empty schema, so simulate a v1 file needing a later step only when one exists.
        backup_before_migrating(&Connection::open(&path).expect("open"), &path, 0).expect("backup");
        assert!(dir.path().join("kith.db.v0.bak").exists());
    }

    /// The copy holds everything the database does: it is private whatever
    /// the umask, and an old world-readable one is made private on reuse.
    #[cfg(unix)]
    #[test]
    fn the_copy_before_migrating_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES ('Jane Doe');")
            .expect("seed");
        let copy = dir.path().join("kith.db.v4.bak");
        let mode = || std::fs::metadata(&copy).expect("copy").permissions().mode() & 0o777;
        backup_before_migrating(&conn, &path, 4).expect("backup");
        assert_eq!(mode(), 0o600);
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        backup_before_migrating(&conn, &path, 4).expect("backup again");
        assert_eq!(mode(), 0o600);
        let kept: String = Connection::open(&copy)
            .expect("open copy")
            .query_row("SELECT x FROM t", [], |r| r.get(0))
            .expect("row");
        assert_eq!(kept, "Jane Doe");
    }

    #[test]
    fn version_3_indexes_the_contacts_already_on_file() {
        let mut conn = Connection::open_in_memory().expect("open");
        for sql in &MIGRATIONS[..2] {
            conn.execute_batch(sql).expect("step");
        }
        conn.pragma_update(None, "user_version", 2)
            .expect("version");
        conn.execute_batch(
            "INSERT INTO contact (id, uid, display_name, org, archived, created_at, updated_at)
             VALUES (1, 'u1', 'Hans Mueller', 'Acme', 0, '2026-01-01', '2026-01-01'),
                    (2, 'u2', 'Eve Archived', NULL, 1, '2026-01-01', '2026-01-01');
             INSERT INTO contact_email (contact_id, email, email_key, is_primary)
             VALUES (1, 'hans@globex.example', 'hans@globex.example', 1);
             INSERT INTO contact_tag (contact_id, tag) VALUES (1, 'vip');
             INSERT INTO name_token (token, contact_id)
             VALUES ('hans', 1), ('mueller', 1), ('eve', 2), ('archived', 2);",
        )
        .expect("v2 data");
        run(&mut conn, 2).expect("migrate");
        assert_eq!(user_version(&conn).expect("v"), LATEST_VERSION);
        let terms: Vec<String> = conn
            .prepare("SELECT term FROM search_term WHERE contact_id = 1 ORDER BY term")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(
            terms,
            ["acme", "example", "globex", "hans", "muller", "vip"]
        );
        // name_token is folded the new way: "mueller" meets "müller".
        let tokens: i64 = conn
            .query_row(
                "SELECT count(*) FROM name_token WHERE token = 'muller' AND contact_id = 1",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(tokens, 1);
        let db = super::super::Db { conn: &conn };
        let found: Vec<i64> = db
            .search_candidates("müller")
            .expect("search")
            .iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(found, [1]);
        // Archived contacts are indexed (they can be restored) but not found.
        assert!(db.search_candidates("archived").expect("search").is_empty());
    }

    fn schema(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
            .expect("prepare");
        stmt.query_map([], |r| r.get(0))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect()
    }
}
