//! The `-wal` and `-shm` files beside a WAL database.
//!
//! `SQLite` creates them with the database file's mode. A kith that once ran
//! on a database at mode 0400 leaves them at 0400 too, and after the user
//! makes the database writable again (`chmod u+w`) the left-over `-shm`
//! still keeps every connection read-only. Opening a writable database gives
//! such left-overs the database's own mode back.

use std::path::{Path, PathBuf};

/// The `-wal` and `-shm` paths of the database at `db`.
fn sidecars(db: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Gives a left-over read-only `-wal` or `-shm` the mode of the database
/// when the database itself is writable by its owner. Best effort: a file
/// that cannot be changed is left for `SQLite` to report.
#[cfg(unix)]
pub(super) fn repair_modes(db: &Path) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(meta) = std::fs::metadata(db) else {
        return;
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o200 == 0 {
        return;
    }
    for side in sidecars(db) {
        if let Ok(side_meta) = std::fs::metadata(&side)
            && side_meta.is_file()
            && side_meta.uid() == meta.uid()
            && side_meta.permissions().mode() & 0o200 == 0
        {
            let _ = std::fs::set_permissions(&side, std::fs::Permissions::from_mode(mode));
        }
    }
}

#[cfg(not(unix))]
pub(super) fn repair_modes(_db: &Path) {}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use rusqlite::OpenFlags;

    use super::super::{Store, StoreError};
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777
    }

    fn set_mode(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    #[test]
    fn a_read_only_shm_left_behind_gets_the_database_mode_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("kith.db");
        let store = Store::open(&db).expect("open");
        let [wal, shm] = sidecars(&db);
        assert!(shm.exists() && wal.exists(), "WAL files exist while open");
        // As a run on a 0400 database leaves them, after the user fixed the database.
        set_mode(&shm, 0o400);
        set_mode(&wal, 0o400);
        let again = Store::open(&db).expect("open again");
        assert_eq!(mode(&shm), 0o600);
        assert_eq!(mode(&wal), 0o600);
        drop((store, again));
    }

    #[test]
    fn a_read_only_database_keeps_its_sidecars_as_they_are() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("kith.db");
        let store = Store::open(&db).expect("open");
        let [_, shm] = sidecars(&db);
        set_mode(&shm, 0o400);
        set_mode(&db, 0o400);
        repair_modes(&db);
        assert_eq!(mode(&shm), 0o400, "the user's choice is not undone");
        drop(store);
    }

    /// Root writes any file whatever its mode, so the read-only case is
    /// seen through `SQLite`'s read-only open flag, as a user without write
    /// permission gets it.
    #[test]
    fn a_write_to_a_read_only_database_names_the_file_and_the_fix() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("kith.db");
        drop(Store::open(&db).expect("create"));
        let mut store =
            Store::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY, true).expect("open");
        assert_eq!(store.db().count_contacts().expect("reads work"), 0);
        let err = store
            .write(|db| db.count_contacts())
            .expect_err("read-only");
        assert!(
            matches!(&err, StoreError::ReadOnly { path: Some(p) } if *p == db),
            "{err:?}"
        );
        let shown = crate::error::Error::from(err);
        assert!(
            shown.message.contains(&db.display().to_string()),
            "{}",
            shown.message
        );
        let hint = shown.hint.unwrap_or_default();
        assert!(
            hint.contains(&format!("chmod u+w {}", db.display())),
            "{hint}"
        );
    }

    #[test]
    fn sqlite_read_only_errors_are_read_only_errors() {
        let conn = rusqlite::Connection::open_in_memory().expect("memory");
        conn.execute_batch("CREATE TABLE t (x); PRAGMA query_only = 1;")
            .expect("setup");
        let err = conn
            .execute("INSERT INTO t VALUES (1)", [])
            .expect_err("query only");
        // query_only reports SQLITE_READONLY, as a read-only file does.
        assert!(matches!(
            StoreError::from(err),
            StoreError::ReadOnly { path: None }
        ));
    }
}
