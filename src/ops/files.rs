//! Files kith writes whole (exports, backups): private, and never seen
//! half-written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a write to `path` lands: a symlink is followed (the file it points
/// at is replaced, the link stays); a directory or a device is refused.
pub fn target_of(path: &Path) -> Result<PathBuf> {
    let target = crate::formats::write_target(path).map_err(|e| cannot_write(path, &e))?;
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => Err(Error::user(format!(
            "cannot write {}: it is a directory",
            path.display()
        ))
        .with_hint("name a file, for example -o contacts.vcf")),
        Ok(m) if !m.is_file() => Err(Error::user(format!(
            "cannot write {}: it is not a regular file",
            path.display()
        ))
        .with_hint("leave out -o to write to standard output, and redirect it")),
        _ => Ok(target),
    }
}

/// Refuses `path` when it is the database itself (or one of its `-wal`,
/// `-shm` files): an export or a backup must never replace it.
pub fn refuse_database(store: &crate::store::Store, path: &Path) -> Result<()> {
    let Some(db) = store.path() else {
        return Ok(());
    };
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    let Some(target) = canon(path) else {
        return Ok(()); // not there yet: not the database
    };
    // Through a link, SQLite keeps the -wal and -shm beside the real file.
    let db = canon(db).unwrap_or_else(|| db.to_path_buf());
    let mut sidecars = vec![db.clone()];
    for suffix in ["-wal", "-shm"] {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        sidecars.push(PathBuf::from(name));
    }
    if sidecars
        .iter()
        .filter_map(|p| canon(p))
        .any(|p| p == target)
    {
        return Err(Error::user(format!(
            "{} is kith's database itself; nothing written",
            path.display()
        ))
        .with_hint("name another file"));
    }
    Ok(())
}

/// Writes a file through `fill`: into a temporary file beside it (mode
/// 0600), renamed over `path` only once complete, so a failure or a kill
/// leaves the old file (or none) and never a half-written one.
pub fn write_private<T>(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let target = target_of(path)?;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".kith-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| cannot_write(path, &e))?;
    let mut out = std::io::BufWriter::new(tmp);
    let value = fill(&mut out)?;
    let tmp = out
        .into_inner()
        .map_err(|e| cannot_write(path, e.error()))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| cannot_write(path, &e))?;
    tmp.persist(&target)
        .map_err(|e| cannot_write(path, &e.error))?;
    Ok(value)
}

/// An I/O failure on `path`, naming it (not the temporary file beside it).
pub fn cannot_write(path: &Path, e: &std::io::Error) -> Error {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "no such directory".to_string(),
        std::io::ErrorKind::StorageFull => {
            return Error::user(format!(
                "cannot write {}: the disk is full; nothing written",
                path.display()
            ))
            .with_hint("free some space on that disk, then try again");
        }
        kind => std::io::Error::from(kind).to_string(),
    };
    Error::user(format!("cannot write {}: {why}", path.display()))
        .with_hint("check that its directory exists and is writable")
}

/// A temporary file for a copy of the database (a backup, the copy a
/// restore keeps aside) named `<prefix>XXXXXX.tmp` in `dir`, held locked
/// while it is written; copies that killed runs left there (unlocked) are
/// removed first, since each is as large as the database.
pub fn database_copy_tmp(dir: &Path, prefix: &str, dest: &Path) -> Result<tempfile::NamedTempFile> {
    remove_stale_copies(dir, prefix);
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| cannot_write(dest, &e))?;
    // An advisory lock, apart from SQLite's own: while it is held, another
    // kith does not take the file for a leftover.
    tmp.as_file()
        .try_lock()
        .map_err(|e| cannot_write(dest, &std::io::Error::from(e)))?;
    Ok(tmp)
}

/// What `SQLite` may leave beside a copy: its rollback journal, or its WAL
/// and shared memory (a copy of a WAL database is in WAL mode too).
const SIDECARS: [&str; 3] = ["-journal", "-wal", "-shm"];

/// Removes `<prefix>*.tmp` files in `dir` (and the [`SIDECARS`] beside
/// them) that no running kith holds locked.
fn remove_stale_copies(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(std::result::Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(stem) = name.strip_prefix(prefix) else {
            continue;
        };
        let path = entry.path();
        // kith names these itself, always in lower case.
        let is_copy = |n: &str| Path::new(n).extension().is_some_and(|e| e == "tmp");
        if is_copy(stem) {
            let stale = std::fs::File::open(&path).is_ok_and(|f| f.try_lock().is_ok());
            if stale {
                let _ = std::fs::remove_file(&path);
                for sidecar in SIDECARS {
                    let _ = std::fs::remove_file(dir.join(format!("{name}{sidecar}")));
                }
            }
        } else if let Some(copy) = SIDECARS.iter().find_map(|s| name.strip_suffix(s))
            && is_copy(copy)
            && !dir.join(copy).exists()
        {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// What a failed copy of the database into `tmp` (on its way to `dest`)
/// reports: a full disk names `dest`, since `tmp` is only a name beside it.
/// What `SQLite` left beside `tmp` is removed (`tmp` itself goes with its
/// handle).
pub fn failed_copy(dest: &Path, tmp: &Path, e: crate::store::StoreError) -> Error {
    for sidecar in SIDECARS {
        let mut side = tmp.as_os_str().to_os_string();
        side.push(sidecar);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    match e {
        crate::store::StoreError::Full { .. } => {
            cannot_write(dest, &std::io::Error::from(std::io::ErrorKind::StorageFull))
        }
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").expect("seed");
        let res: Result<()> = write_private(&path, |out| {
            out.write_all(b"half")?;
            Err(Error::user("stopped"))
        });
        assert!(res.is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    #[test]
    fn copies_killed_runs_left_are_removed_and_one_being_written_is_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let dest = dir.path().join("backup.db");
        // A copy of a WAL database is in WAL mode: a run killed while it
        // was open leaves its -wal and -shm (found by the crash trials).
        for name in [
            ".kith-backup-old1.tmp",
            ".kith-backup-old1.tmp-journal",
            ".kith-backup-old2.tmp",
            ".kith-backup-old2.tmp-wal",
            ".kith-backup-old2.tmp-shm",
        ] {
            std::fs::write(dir.path().join(name), "left by a killed run").expect("stale");
        }
        std::fs::write(dir.path().join(".kith-backup-gone.tmp-journal"), "x").expect("lone");
        std::fs::write(dir.path().join(".kith-backup-gone2.tmp-shm"), "x").expect("lone");
        std::fs::write(dir.path().join("notes.tmp"), "not kith's").expect("other");
        let running = database_copy_tmp(dir.path(), ".kith-backup-", &dest).expect("first");
        let second = database_copy_tmp(dir.path(), ".kith-backup-", &dest).expect("second");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .filter_map(std::result::Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected = vec![
            "notes.tmp".to_string(),
            running
                .path()
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned(),
            second
                .path()
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned(),
        ];
        expected.sort();
        assert_eq!(names, expected, "a copy still being written is kept");
    }

    #[test]
    fn a_copy_that_filled_the_disk_names_the_target_and_leaves_no_journal() {
        let dir = tempfile::tempdir().expect("dir");
        let tmp = dir.path().join(".kith-backup-x.tmp");
        let journal = dir.path().join(".kith-backup-x.tmp-journal");
        std::fs::write(&journal, "half").expect("journal");
        let dest = dir.path().join("backup.db");
        let err = failed_copy(&dest, &tmp, crate::store::StoreError::Full { path: None });
        assert_eq!(
            err.message,
            format!(
                "cannot write {}: the disk is full; nothing written",
                dest.display()
            )
        );
        assert!(err.hint.is_some_and(|h| h.contains("free some space")));
        assert!(!journal.exists(), "the journal beside the copy is gone");
        let other = failed_copy(&dest, &tmp, crate::store::StoreError::Busy);
        assert!(other.message.contains("busy"), "{other}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_the_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let real = dir.path().join("real.vcf");
        let link = dir.path().join("link.vcf");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        write_private(&link, |out| Ok(out.write_all(b"new")?)).expect("write");
        assert!(
            link.symlink_metadata()
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
        let mode = std::fs::metadata(&real).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let err = write_private(dir.path(), |_| Ok(())).expect_err("a directory");
        assert!(err.message.contains("is a directory"), "{err}");
    }
}
