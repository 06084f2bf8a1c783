//! Whole-file care: online backup and restore, a candidate file inspected
//! before it replaces the live one, secure deletion and WAL checkpoints.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{BUSY_TIMEOUT, LATEST_VERSION, Result, Store, StoreError};

/// What a database file holds, read without writing to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// `PRAGMA user_version`.
    pub version: i64,
    /// Contacts on file (archived included).
    pub contacts: i64,
}

/// Why a file cannot be restored.
#[derive(Debug, thiserror::Error)]
pub enum NotRestorable {
    #[error("{0} does not exist")]
    Missing(String),
    #[error("{0} is a directory, not a database file")]
    Directory(String),
    #[error("{0} is not an SQLite database file")]
    NotSqlite(String),
    #[error("{0} is not a kith database (it has no kith schema version)")]
    NotKith(String),
    #[error(
        "{path} was written by a newer kith (schema version {found}; this kith knows up to {LATEST_VERSION})"
    )]
    Newer { path: String, found: i64 },
    #[error("{path} is damaged: {}", .damage.join("; "))]
    Damaged { path: String, damage: Vec<String> },
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
}

/// Opens `path` read-only and checks it could replace the live database: an
/// `SQLite` file, a kith schema no newer than this kith's, and an intact one.
pub fn inspect_restorable(path: &Path) -> Result<FileInfo, NotRestorable> {
    let shown = path.display().to_string();
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(NotRestorable::Missing(shown));
        }
        Err(e) => {
            return Err(NotRestorable::Unreadable {
                path: shown,
                reason: e.to_string(),
            });
        }
        Ok(m) if m.is_dir() => return Err(NotRestorable::Directory(shown)),
        Ok(m) if !m.is_file() => return Err(NotRestorable::NotSqlite(shown)),
        Ok(_) => {}
    }
    let unreadable = |e: rusqlite::Error| NotRestorable::Unreadable {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(unreadable)?;
    let (version, objects): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_schema)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => NotRestorable::NotSqlite(shown.clone()),
            _ => unreadable(e),
        })?;
    if version == 0 || objects == 0 {
        return Err(NotRestorable::NotKith(shown));
    }
    if version > LATEST_VERSION {
        return Err(NotRestorable::Newer {
            path: shown,
            found: version,
        });
    }
    let damage = integrity_problems(&conn).map_err(|e| match e {
        StoreError::Sql(e) => unreadable(e),
        other => NotRestorable::Unreadable {
            path: shown.clone(),
            reason: other.to_string(),
        },
    })?;
    if !damage.is_empty() {
        return Err(NotRestorable::Damaged {
            path: shown,
            damage,
        });
    }
    let contacts = conn
        .query_row("SELECT count(*) FROM contact", [], |r| r.get(0))
        .map_err(unreadable)?;
    Ok(FileInfo { version, contacts })
}

/// What `PRAGMA integrity_check` reports, "ok" left out (at most 100 lines).
pub(super) fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(100)")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            out.push(row);
        }
    }
    Ok(out)
}

/// Copies every page of `from` into `to` in ONE step: the source is read
/// under a single read transaction, so the copy is consistent even while
/// other processes commit (in WAL mode they go on writing meanwhile). A
/// busy destination or source lock is waited on like any busy database.
fn copy_all(from: &Connection, to: &mut Connection) -> Result<()> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let backup = Backup::new(from, to)?;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked if Instant::now() >= deadline => {
                return Err(StoreError::Busy);
            }
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

impl Store {
    /// Writes a consistent copy of the live database to `dest` (a new or
    /// empty file) and checks it: a standalone file (rollback journal, no
    /// `-wal` beside it) that passes `PRAGMA quick_check`.
    pub fn snapshot_to(&self, dest: &Path) -> Result<()> {
        let mut to = Connection::open(dest)?;
        copy_all(&self.conn, &mut to)?;
        to.pragma_update(None, "journal_mode", "DELETE")?;
        let check: String = to.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Io(std::io::Error::other(format!(
                "the copy failed its check: {check}"
            ))));
        }
        Ok(())
    }

    /// Replaces the live database's content with `src`'s through the backup
    /// API, inside `SQLite`'s locks, so other processes that hold the file
    /// open see the change as any other commit. The caller reopens the store
    /// afterwards (the schema may be older and need migrating).
    pub fn restore_from(&mut self, src: &Path) -> Result<()> {
        let from = Connection::open_with_flags(
            src,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        copy_all(&from, &mut self.conn)
    }

    /// Runs `f` with `PRAGMA secure_delete` on, so the pages and cells it
    /// frees are overwritten with zeros rather than left in the file.
    pub fn with_secure_delete<T, E>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.conn
            .pragma_update(None, "secure_delete", "ON")
            .map_err(StoreError::from)?;
        let value = f(self);
        self.conn
            .pragma_update(None, "secure_delete", "OFF")
            .map_err(StoreError::from)?;
        value
    }

    /// Rewrites the database file from its live rows (`VACUUM`): cells that
    /// earlier edits freed without zeroing are gone afterwards.
    pub fn vacuum(&self) -> Result<()> {
        self.conn.execute_batch("VACUUM")?;
        Ok(())
    }

    /// Copies the WAL into the database file and empties it (TRUNCATE).
    /// Returns false when another process was still reading, so some of the
    /// WAL could not be copied and emptied yet.
    pub fn checkpoint_truncate(&self) -> Result<bool> {
        let (busy, _, _): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        Ok(busy == 0)
    }

    /// Whether the store is a file that cannot be written.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }
}
