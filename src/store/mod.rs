//! The store: the only module that speaks SQL.
//!
//! [`Store`] owns the connection. Reads go through [`Store::db`]; every user
//! intent runs in one transaction through [`Store::write`], which hands out
//! the same [`Db`] API over an IMMEDIATE transaction (the write lock is taken
//! up front, so two kith processes queue on the busy timeout instead of
//! failing on a lock upgrade). Statements are prepared once per connection
//! and cached (`prepare_cached`).

mod audit;
mod bulk;
mod campaign_report;
mod campaign_send;
mod campaigns;
mod changes;
mod check;
mod cleanup;
mod contacts;
mod dedup;
mod demo_outreach;
mod follow_ups;
mod goals;
mod history;
mod imports;
mod interactions;
mod keep;
mod kpi;
mod merge;
mod merge_data;
mod migrate;
mod path_checks;
mod person;
mod reminders;
mod rfm;
mod saved_segments;
mod search;
mod segment;
mod sidecars;
#[cfg(test)]
mod sql_trace;
mod stamps;
mod templates;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use audit::AuditEntry;
pub use campaign_report::{Answers, StateCount};
pub use campaign_send::{CampaignSend, SendRow};
pub use campaigns::{AudienceRow, NewRecipient, RecipientRow};
pub use changes::Changed;
pub use check::{BrokenReference, CONTACT_CHILDREN, Counts};
pub use cleanup::SkipKey;
pub use contacts::{CONTACT_PARTS, ContactFilter, ContactSort, ListRow};
pub use history::{StageRow, StageStep};
pub use imports::ImportIndex;
pub use keep::{FileInfo, NotRestorable, inspect_restorable};
pub use kpi::{RESPONSE_DAYS, Responses};
pub use merge::{CAMPAIGN_TABLES, MergeLogRow, SNAPSHOT_TABLES, SqlValue, TableRows};
pub use merge_data::{LastRow, MergeRow};
pub use migrate::LATEST_VERSION;
pub use person::ImportKey;
pub use saved_segments::{SegmentRow, SegmentSums};
pub use segment::{Compiled, Refs, compile as compile_segment};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("cannot open the database {path}: it is {what}, not a file")]
    NotAFile { path: PathBuf, what: String },
    #[error(
        "cannot open the database {path}: it is a link to {target}, which does not exist; nothing was created"
    )]
    DanglingLink { path: PathBuf, target: PathBuf },
    #[error(
        "cannot open the database {path}: it belongs to another user (uid {owner}), not to the one running kith (uid {me})"
    )]
    OtherOwner { path: PathBuf, owner: u32, me: u32 },
    #[error("cannot open the database {path}: not a kith database ({reason})")]
    NotKith { path: PathBuf, reason: String },
    #[error(
        "the database {path} was written by a newer kith (schema version {found}; this kith knows up to {LATEST_VERSION})"
    )]
    NewerSchema { path: PathBuf, found: i64 },
    #[error("the database is busy")]
    Busy,
    #[error("the database {} is read-only; nothing was written", .path.as_ref().map_or_else(|| "file".into(), |p| p.display().to_string()))]
    ReadOnly { path: Option<PathBuf> },
    /// `SQLITE_FULL`, or an I/O error on a disk with no room left.
    #[error("the disk holding {} is full; nothing was written", .path.as_ref().map_or_else(|| "the database".into(), |p| p.display().to_string()))]
    Full { path: Option<PathBuf> },
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly { path: None },
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::Full { path: None },
            _ => StoreError::Sql(e),
        }
    }
}

/// Whether the disk holding `path` has no room for another 64 KiB (what a
/// WAL database's `-shm` and first `-wal` pages need): asked only after an
/// I/O error, to name its most likely cause.
fn disk_is_full(path: &Path) -> bool {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::tempfile_in(dir)
        .and_then(|mut probe| {
            probe.write_all(&vec![0; 64 * 1024])?;
            probe.sync_all()
        })
        .is_err_and(|e| e.kind() == std::io::ErrorKind::StorageFull)
}

/// The page cache a bulk write may use, in KiB (negative `cache_size` = KiB).
pub const BULK_CACHE_KIB: i64 = 256 * 1024;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The file cannot be written (its mode, a read-only mount): every
    /// write is refused up front, naming the file.
    read_only: bool,
}

/// The query API, over either the plain connection or a transaction.
#[derive(Clone, Copy)]
pub struct Db<'a> {
    conn: &'a Connection,
}

impl Store {
    /// Opens (creating with mode 0600 if needed) and migrates the database.
    /// A database from a newer kith, or another program's `SQLite` file, is
    /// refused before anything is written.
    pub fn open(path: &Path) -> Result<Store> {
        let open_err = |reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        let existed = match path_checks::check(path)? {
            path_checks::Found::Nothing => {
                create_private_file(path).map_err(|e| open_err(e.to_string()))?;
                sidecars::repair_modes(path);
                false
            }
            // The -wal and -shm files are beside the real file, not a link to it.
            path_checks::Found::File { real } => {
                sidecars::repair_modes(&real);
                true
            }
        };
        Store::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE, existed)
    }

    /// [`Store::open`] past the file's creation, with `flags` (tests open
    /// with `SQLITE_OPEN_READ_ONLY` to see a read-only file as a user would).
    fn open_with_flags(path: &Path, flags: OpenFlags, existed: bool) -> Result<Store> {
        let open_err = |reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_err(e.to_string()))?;
        // SQLite opens a file it may not write read-only, without a word.
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let not_kith = |reason: String| StoreError::NotKith {
            path: path.to_path_buf(),
            reason,
        };
        let (version, objects) = migrate::version_and_objects(&conn).map_err(|e| match e {
            // Opening a WAL database writes its -shm file: on a full disk
            // that is an I/O error, not a sign of a foreign file.
            StoreError::Sql(s)
                if s.sqlite_error_code() == Some(rusqlite::ErrorCode::SystemIoFailure) =>
            {
                if disk_is_full(path) {
                    StoreError::Full {
                        path: Some(path.to_path_buf()),
                    }
                } else {
                    open_err(s.to_string())
                }
            }
            StoreError::Sql(s) => not_kith(s.to_string()),
            StoreError::Full { .. } => StoreError::Full {
                path: Some(path.to_path_buf()),
            },
            other => other,
        })?;
        if version == 0 && objects > 0 {
            // Some other program's SQLite file: never write kith's tables into it.
            return Err(not_kith(
                "it holds tables but no kith schema version".into(),
            ));
        }
        if version > LATEST_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
            });
        }
        let read_only_err = || StoreError::ReadOnly {
            path: Some(path.to_path_buf()),
        };
        if read_only && version < LATEST_VERSION {
            return Err(read_only_err());
        }
        if read_only {
            // A WAL database stays WAL; nothing to switch, nothing to write.
            conn.pragma_update(None, "foreign_keys", "ON")?;
        } else {
            apply_pragmas(&conn)?;
        }
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            read_only,
        };
        if version < LATEST_VERSION && existed && version > 0 {
            migrate::backup_before_migrating(&store.conn, path, version)?;
        }
        migrate::run(&mut store.conn, version)?;
        Ok(store)
    }

    /// A fresh database in memory with the real schema: for tests and benches.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        apply_pragmas(&conn)?;
        migrate::run(&mut conn, 0)?;
        Ok(Store {
            conn,
            path: None,
            read_only: false,
        })
    }

    /// A fresh in-memory copy of this database, by `SQLite`'s backup API:
    /// a test or a fuzz target that needs a new empty database per input
    /// migrates one and copies it (microseconds) instead of migrating each.
    pub fn copy_in_memory(&self) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        rusqlite::backup::Backup::new(&self.conn, &mut conn)?.run_to_completion(
            i32::MAX,
            Duration::ZERO,
            None,
        )?;
        apply_pragmas(&conn)?;
        Ok(Store {
            conn,
            path: None,
            read_only: false,
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read-only access (each statement sees a consistent snapshot).
    pub fn db(&self) -> Db<'_> {
        Db { conn: &self.conn }
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is committed, or none.
    pub fn write<T, E>(&mut self, f: impl FnOnce(Db<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            }
            .into());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(Db { conn: &tx })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// Like [`Store::write`], for one very large transaction (the demo
    /// generator; bulk imports): the page cache may grow to
    /// [`BULK_CACHE_KIB`] while it runs, so the pages of the indexes being
    /// filled stay in memory instead of being spilled to the WAL and read back
    /// for every row. The usual cache size is restored afterwards.
    pub fn write_bulk<T, E>(&mut self, f: impl FnOnce(Db<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let usual: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .map_err(StoreError::from)?;
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)
            .map_err(StoreError::from)?;
        let value = self.write(f);
        self.conn
            .pragma_update(None, "cache_size", usual)
            .map_err(StoreError::from)?;
        value
    }

    /// Copies the live database to `dest` with `SQLite`'s online backup.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.conn
            .backup(rusqlite::MAIN_DB, dest, rusqlite::backup::NO_PROGRESS)?;
        Ok(())
    }
}

/// How long a kith waits for another one to finish writing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Db<'_> {
    /// Runs `sql` (its first column a contact id, its one parameter
    /// `param`) and hands each row to `push` with the item of `items` that
    /// `index` maps its contact id to; rows of other contacts are skipped.
    /// How a reader of many contacts attaches their e-mails or phones in one
    /// scan instead of a query per contact.
    pub(crate) fn attach_rows<T>(
        self,
        sql: &str,
        param: Option<i64>,
        items: &mut [T],
        index: &std::collections::HashMap<i64, usize>,
        mut push: impl FnMut(&mut T, &rusqlite::Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query([param])?;
        while let Some(r) = rows.next()? {
            if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                push(&mut items[i], r)?;
            }
        }
        Ok(())
    }

    /// Runs `f` with the secondary indexes of `tables` dropped, then builds
    /// them again from their own stored definitions. Building an index once
    /// from a full table is a sort; keeping it current through a million
    /// inserts in random key order is a million B-tree descents, several
    /// times slower. For bulk writers inside [`Store::write_bulk`] only: the
    /// drop is part of the transaction, so if `f` fails nothing changes.
    /// Indexes that back a constraint (UNIQUE, PRIMARY KEY) are kept.
    pub fn with_indexes_rebuilt<T, E>(
        self,
        tables: &[&str],
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut indexes: Vec<(String, String)> = Vec::new();
        for table in tables {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT name, sql FROM sqlite_schema
                     WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
                )
                .map_err(StoreError::from)?;
            let rows = stmt
                .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
                .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
                .map_err(StoreError::from)?;
            indexes.extend(rows);
        }
        for (name, _) in &indexes {
            let name = name.replace('"', "\"\"");
            self.conn
                .execute_batch(&format!("DROP INDEX \"{name}\""))
                .map_err(StoreError::from)?;
        }
        let value = f()?;
        for (_, sql) in &indexes {
            self.conn.execute_batch(sql).map_err(StoreError::from)?;
        }
        Ok(value)
    }
}

fn apply_pragmas(conn: &Connection) -> Result<()> {
    enter_wal(conn)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Switches to WAL. A new file's switch needs an exclusive lock, and when two
/// kiths open the same new file at once `SQLite` reports "locked" at once
/// instead of waiting (its busy handler is skipped to avoid a deadlock), so
/// retry for as long as the busy timeout would have waited.
fn enter_wal(conn: &Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => return Ok(()),
            Err(e) => {
                let e = StoreError::from(e);
                if !matches!(e, StoreError::Busy) || std::time::Instant::now() >= deadline {
                    return Err(e);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
}

/// Creates the parent directory and an empty database file only its owner can read.
/// A file that appeared since the caller looked (another kith won the race) is fine.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Folders made on the way are the user's alone (0700, as XDG asks),
        // whatever the umask: others must not swap files in beside the data.
        let mut folders = std::fs::DirBuilder::new();
        folders.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut folders, 0o700);
        folders.create(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        // Another kith (cron and the TUI starting at once) created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_file() => Ok(()),
        other => other.map(drop),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_database_file_is_private_and_current() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/kith.db");
        let store = Store::open(&path).expect("open");
        assert_eq!(
            migrate::user_version(&store.conn).expect("version"),
            LATEST_VERSION
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    /// A full disk (here: `SQLite`'s page limit, which fails the same way,
    /// `SQLITE_FULL`) is named as such, rolls the write back, and reaches
    /// the user as an error with what to do, not as an internal one.
    #[test]
    fn a_full_disk_is_named_and_the_write_is_rolled_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        let mut store = Store::open(&path).expect("open");
        let pages: i64 = store
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .expect("pages");
        store
            .conn
            .pragma_update(None, "max_page_count", pages)
            .expect("limit");
        let err = store
            .write(|db| {
                db.conn
                    .execute_batch(
                        "CREATE TABLE filler(b); INSERT INTO filler VALUES (zeroblob(1000000));",
                    )
                    .map_err(StoreError::from)
            })
            .expect_err("no room");
        assert!(matches!(err, StoreError::Full { .. }), "{err:?}");
        let shown = crate::error::Error::from(err);
        assert_eq!(shown.kind, crate::error::ErrorKind::User);
        assert!(
            shown.message.contains("is full; nothing was written"),
            "{shown}"
        );
        assert!(shown.hint.is_some_and(|h| h.contains("free some space")));
        let tables: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'filler'",
                [],
                |r| r.get(0),
            )
            .expect("schema");
        assert_eq!(tables, 0, "the failed write left nothing");
    }

    #[test]
    fn newer_schema_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        {
            let conn = Connection::open(&path).expect("open");
            conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
                .expect("set");
        }
        let before = std::fs::read(&path).expect("read");
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[test]
    fn a_foreign_sqlite_file_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("other.sqlite");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(
                "CREATE TABLE bookmark (url TEXT); INSERT INTO bookmark VALUES ('x');",
            )
            .expect("seed");
        }
        let before = std::fs::read(&path).expect("read");
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, StoreError::NotKith { .. }), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[test]
    fn rebuilt_indexes_are_the_same_and_a_failure_keeps_them() {
        let schema = |store: &Store| -> Vec<String> {
            let mut stmt = store
                .conn
                .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
                .expect("prepare");
            stmt.query_map([], |r| r.get(0))
                .expect("query")
                .map(|r| r.expect("row"))
                .collect()
        };
        let mut store = Store::open_in_memory().expect("store");
        let before = schema(&store);
        let seen: Vec<String> = store
            .write_bulk(|db| {
                db.with_indexes_rebuilt(&["interaction"], || {
                    let names: Vec<String> = db
                        .conn
                        .prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'interaction' AND sql IS NOT NULL AND type = 'index'")?
                        .query_map([], |r| r.get(0))?
                        .collect::<Result<_, _>>()?;
                    Ok::<_, StoreError>(names)
                })
            })
            .expect("bulk");
        assert!(seen.is_empty(), "dropped while f runs: {seen:?}");
        assert_eq!(schema(&store), before);
        let failed: Result<(), StoreError> = store
            .write_bulk(|db| db.with_indexes_rebuilt(&["interaction"], || Err(StoreError::Busy)));
        assert!(failed.is_err());
        assert_eq!(schema(&store), before);
    }

    #[test]
    fn a_failed_write_commits_nothing() {
        let mut store = Store::open_in_memory().expect("store");
        let res: Result<(), StoreError> = store.write(|db| {
            db.conn
                .execute("INSERT INTO reminder_log VALUES ('k', 'now')", [])?;
            Err(StoreError::Busy)
        });
        assert!(res.is_err());
        let n: i64 = store
            .conn
            .query_row("SELECT count(*) FROM reminder_log", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 0);
    }

    #[test]
    fn an_in_memory_copy_is_current_and_its_own() {
        let mut original = Store::open_in_memory().expect("store");
        let copy = original.copy_in_memory().expect("copy");
        original
            .write(|db| {
                db.conn
                    .execute("INSERT INTO reminder_log VALUES ('k', 'now')", [])?;
                Ok::<_, StoreError>(())
            })
            .expect("write");
        assert_eq!(
            migrate::user_version(&copy.conn).expect("version"),
            LATEST_VERSION
        );
        assert!(copy.db().integrity_problems().expect("check").is_empty());
        let n: i64 = copy
            .conn
            .query_row("SELECT count(*) FROM reminder_log", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 0, "a write to the original reached the copy");
    }
}
