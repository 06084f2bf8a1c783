//! What the database path may be, checked before `SQLite` sees it.
//!
//! A folder, a link to nothing, a device or a file another user owns is
//! refused with the reason, and nothing is created: `SQLite` would report a
//! folder as "unable to open database file", a dangling link as "File
//! exists" when kith tried to create it, and it would read a device as
//! long as it answers. A file someone else owns is refused as ssh refuses
//! a key others own: opened by root, it would gain root-owned `-wal` and
//! `-shm` files its owner can no longer open. A link to a real file is
//! followed (people keep the file in a synced folder).

use std::path::{Path, PathBuf};

use super::StoreError;

/// What [`check`] found at a usable database path.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found {
    /// Nothing there: a new database may be created.
    Nothing,
    /// A regular file (or a link to one) owned by whoever runs kith; its
    /// real path, where `SQLite` puts the `-wal` and `-shm` files.
    File { real: PathBuf },
}

/// Refuses a path kith must not open (see the module comment).
pub(super) fn check(path: &Path) -> Result<Found, StoreError> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(open_error(path, &e)),
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if link.is_symlink() && e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::DanglingLink {
                path: path.to_path_buf(),
                target: std::fs::read_link(path).unwrap_or_default(),
            });
        }
        Err(e) => return Err(open_error(path, &e)),
    };
    let not_a_file = |what: &str| StoreError::NotAFile {
        path: path.to_path_buf(),
        what: what.to_string(),
    };
    if meta.is_dir() {
        return Err(not_a_file("a folder"));
    }
    if !meta.is_file() {
        return Err(not_a_file("a device, a pipe or a socket"));
    }
    check_owner(path, &meta)?;
    let real = if link.is_symlink() {
        std::fs::canonicalize(path).map_err(|e| open_error(path, &e))?
    } else {
        path.to_path_buf()
    };
    Ok(Found::File { real })
}

fn open_error(path: &Path, e: &std::io::Error) -> StoreError {
    let reason = match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    StoreError::Open {
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(unix)]
fn check_owner(path: &Path, meta: &std::fs::Metadata) -> Result<(), StoreError> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() == me {
        return Ok(());
    }
    Err(StoreError::OtherOwner {
        path: path.to_path_buf(),
        owner: meta.uid(),
        me,
    })
}

#[cfg(not(unix))]
fn check_owner(_path: &Path, _meta: &std::fs::Metadata) -> Result<(), StoreError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use super::*;

    /// Every file in `dir`, sorted: to show nothing was created.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_folder_is_refused_and_left_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("kith.db");
        std::fs::create_dir(&folder).expect("mkdir");
        let err = Store::open(&folder).err().expect("refused");
        assert!(err.to_string().contains("it is a folder"), "{err}");
        assert!(listing(&folder).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_refused_and_nothing_is_created_at_its_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("kith.db");
        std::os::unix::fs::symlink("synced/kith.db", &link).expect("symlink");
        let err = Store::open(&link).err().expect("refused");
        assert!(
            matches!(&err, StoreError::DanglingLink { target, .. } if target == Path::new("synced/kith.db")),
            "{err:?}"
        );
        assert_eq!(listing(dir.path()), ["kith.db"]);
        assert!(!dir.path().join("synced").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_file_is_followed_and_the_wal_lands_beside_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let synced = dir.path().join("synced");
        std::fs::create_dir(&synced).expect("mkdir");
        let real = synced.join("kith.db");
        drop(Store::open(&real).expect("create"));
        let link = dir.path().join("kith.db");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        assert_eq!(
            check(&link).expect("usable"),
            Found::File {
                real: std::fs::canonicalize(&real).expect("canonical")
            }
        );
        let mut store = Store::open(&link).expect("opens through the link");
        store
            .write(|db| db.add_audit("2026-11-23 09:00:00", "test", "through a link", None))
            .expect("write");
        assert!(
            synced.join("kith.db-wal").exists(),
            "{:?}",
            listing(&synced)
        );
        assert!(link.is_symlink(), "the link stays a link");
        assert_eq!(listing(dir.path()), ["kith.db", "synced"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused() {
        let err = Store::open(Path::new("/dev/null")).err().expect("refused");
        assert!(err.to_string().contains("not a file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_another_user_owns_is_refused_untouched() {
        use std::os::unix::fs::MetadataExt;
        let me = rustix::process::geteuid().as_raw();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        drop(Store::open(&path).expect("create"));
        // Only root can give a file away; others see a root-owned file refused.
        let path = if me == 0 {
            std::os::unix::fs::chown(&path, Some(1), Some(1)).expect("chown");
            path
        } else {
            PathBuf::from("/etc/passwd")
        };
        let owner = std::fs::metadata(&path).expect("meta").uid();
        assert_ne!(owner, me);
        let before = std::fs::read(&path).expect("read");
        let err = Store::open(&path).err().expect("refused");
        assert!(
            matches!(&err, StoreError::OtherOwner { owner: o, me: m, .. } if *o == owner && *m == me),
            "{err:?}"
        );
        assert_eq!(std::fs::read(&path).expect("read"), before);
        if me == 0 {
            assert_eq!(listing(dir.path()), ["kith.db"], "no -wal or -shm left");
        }
    }
}
