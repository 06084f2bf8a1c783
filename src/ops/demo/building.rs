//! A new demo database is built under a name of its own beside its path and
//! renamed into place once whole. Filling it takes several transactions
//! (contacts and interactions, then segments, goals, templates and
//! campaigns), so a run killed between two of them would otherwise leave a
//! database that holds contacts, looks like a finished demo and is refused
//! by the next `kith demo` as "already holds contacts". Killed, a build
//! leaves nothing under the path, and the next run starts again from scratch.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::Store;

use super::super::Ctx;

/// A demo database being built: its file, held locked (an advisory lock,
/// apart from `SQLite`'s own) so a second `kith demo` on the same path does
/// not take it for what a killed run left.
pub struct Building {
    pub path: PathBuf,
    target: PathBuf,
    _lock: File,
}

/// `<path>.building`, beside `path`.
pub fn building_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".building");
    path.with_file_name(name)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Starts building a demo for `target` (which does not exist): removes what
/// a killed build left (the file and its `-wal`, `-shm`, `-journal`), then
/// creates the file anew, locked. Open it with [`Store::open`].
pub fn start(target: &Path) -> Result<Building> {
    let path = building_path(target);
    let busy = || {
        Error::user(format!(
            "another kith demo is building {} right now",
            target.display()
        ))
        .with_hint("wait for it to finish, or pass --db with another path")
    };
    if let Ok(stale) = File::open(&path) {
        match stale.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(busy()),
            Err(TryLockError::Error(e)) => {
                return Err(super::super::files::cannot_write(&path, &e));
            }
        }
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = sidecar(&path, suffix);
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(super::super::files::cannot_write(&file, &e));
            }
            _ => {}
        }
    }
    let lock = create_private(&path)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Err(busy()),
        Err(TryLockError::Error(e)) => return Err(super::super::files::cannot_write(&path, &e)),
    }
    Ok(Building {
        path,
        target: target.to_path_buf(),
        _lock: lock,
    })
}

fn create_private(path: &Path) -> Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map_err(|e| super::super::files::cannot_write(path, &e))
}

impl Building {
    /// Gives the finished database its name: the WAL is copied into the
    /// file and the connection closed, then the file is renamed to the
    /// target (refused if something appeared there meanwhile) and opened
    /// again there.
    pub fn finish(self, ctx: Ctx) -> Result<Ctx> {
        let Ctx {
            store,
            clock,
            config,
        } = ctx;
        if !store.checkpoint_truncate()? {
            return Err(Error::internal(format!(
                "could not copy the WAL of {} into it",
                self.path.display()
            )));
        }
        drop(store);
        if self.target.exists() {
            return Err(Error::user(format!(
                "{} appeared while the demo was built; the demo is left in {}",
                self.target.display(),
                self.path.display()
            ))
            .with_hint("pass --db with a path that does not exist yet"));
        }
        std::fs::rename(&self.path, &self.target)
            .map_err(|e| super::super::files::cannot_write(&self.target, &e))?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(sidecar(&self.path, suffix));
        }
        Ok(Ctx {
            store: Store::open(&self.target)?,
            clock,
            config,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stale_build_is_replaced_and_a_running_one_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("demo.db");
        let stale = building_path(&target);
        std::fs::write(&stale, b"half a demo").expect("stale");
        std::fs::write(sidecar(&stale, "-wal"), b"its wal").expect("wal");
        let first = start(&target).expect("a stale build is removed");
        assert_eq!(std::fs::metadata(&first.path).expect("new").len(), 0);
        assert!(!sidecar(&stale, "-wal").exists());
        let err = start(&target).err().expect("a running build is refused");
        assert!(err.message.contains("another kith demo"), "{err}");
        assert!(first.path.exists(), "the running build's file stays");
    }
}
