//! `kith backup` and `kith restore`: a consistent copy of the live database
//! taken with `SQLite`'s online backup API (other kiths keep writing
//! meanwhile), and a copy put back into the live file the same way.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::{FileInfo, NotRestorable, Store};

use super::Ctx;

/// The directory of default backups, beside the database file.
pub const BACKUP_DIR: &str = "backups";

/// A backup that was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
    /// Older backups removed by `keep`.
    pub removed: Vec<PathBuf>,
}

/// The name of a backup taken at `now`: `kith-YYYYMMDD-HHMMSS.db`.
pub fn backup_name(now: chrono::NaiveDateTime) -> String {
    now.format("kith-%Y%m%d-%H%M%S.db").to_string()
}

/// Whether `name` is one kith gave a backup (and `--keep` may remove).
pub fn is_backup_name(name: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix("kith-")
        .and_then(|rest| rest.strip_suffix(".db"))
    else {
        return false;
    };
    let b = stamp.as_bytes();
    b.len() == 15
        && b[8] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 8 || c.is_ascii_digit())
}

/// The database's file, or a clear error when there is none to copy.
fn database_file(store: &Store) -> Result<PathBuf> {
    store.path().map(Path::to_path_buf).ok_or_else(|| {
        Error::user("there is no database file to back up yet")
            .with_hint("kith creates it with the first contact you add (kith add)")
    })
}

/// Where a backup goes by default: `backups/` beside the database file.
pub fn default_destination(ctx: &Ctx) -> Result<PathBuf> {
    let db = database_file(&ctx.store)?;
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(dir.join(BACKUP_DIR).join(backup_name(ctx.clock.now())))
}

/// Backs the database up to `dest` (a file, or an existing directory where
/// the backup takes kith's name; by default `backups/` beside the database,
/// created 0700), then, with `keep`, removes all but the
/// newest `keep` backups in that directory (only files named as kith names
/// them). The copy is written beside `dest` and renamed once complete and
/// checked, so `dest` is never a half-written file.
pub fn backup(ctx: &Ctx, dest: Option<&Path>, keep: Option<usize>) -> Result<Written> {
    database_file(&ctx.store)?;
    let dest = match dest {
        // An existing directory takes the backup under kith's own name.
        Some(d) if d.is_dir() => d.join(backup_name(ctx.clock.now())),
        Some(d) => d.to_path_buf(),
        None => {
            let dest = default_destination(ctx)?;
            if let Some(dir) = dest.parent() {
                make_private_dir(dir)?;
            }
            dest
        }
    };
    super::files::refuse_database(&ctx.store, &dest)?;
    let target = super::files::target_of(&dest)?;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = super::files::database_copy_tmp(dir, ".kith-backup-", &dest)?;
    ctx.store
        .snapshot_to(tmp.path())
        .map_err(|e| super::files::failed_copy(&dest, tmp.path(), e))?;
    tmp.persist(&target)
        .map_err(|e| super::files::cannot_write(&dest, &e.error))?;
    let bytes = std::fs::metadata(&target).map_or(0, |m| m.len());
    let removed = match keep {
        Some(n) => prune(dir, n, &target)?,
        None => Vec::new(),
    };
    Ok(Written {
        path: dest,
        bytes,
        removed,
    })
}

fn make_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| super::files::cannot_write(dir, &e))
}

/// Removes all but the newest `keep` kith backups in `dir` (the name holds
/// the time, so the newest sort last), never `just_written`, which counts
/// as one of those kept; returns what was removed.
fn prune(dir: &Path, keep: usize, just_written: &Path) -> Result<Vec<PathBuf>> {
    let written = just_written.file_name().and_then(|n| n.to_str());
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_backup_name(n) && Some(n.as_str()) != written)
        .collect();
    names.sort();
    let keep_others = keep.saturating_sub(usize::from(written.is_some_and(is_backup_name)));
    let excess = names.len().saturating_sub(keep_others);
    let mut removed = Vec::new();
    for name in names.into_iter().take(excess) {
        let path = dir.join(name);
        std::fs::remove_file(&path)?;
        removed.push(path);
    }
    Ok(removed)
}

/// Checks that `file` could replace the database: see [`crate::store::inspect_restorable`].
pub fn inspect(file: &Path) -> Result<FileInfo> {
    crate::store::inspect_restorable(file).map_err(|e| {
        let hint = match &e {
            NotRestorable::Newer { .. } => "upgrade kith to restore this file",
            NotRestorable::Damaged { .. } => "restore an older backup instead",
            _ => "name a backup kith wrote (kith backup), for example backups/kith-20261123-090000.db",
        };
        Error::user(format!("cannot restore: {e}; nothing changed")).with_hint(hint)
    })
}

/// A restore that was done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// The copy of the database as it was before.
    pub kept_aside: PathBuf,
    pub contacts_before: i64,
    pub contacts_after: i64,
}

/// Puts `file` (checked with [`inspect`]) in place of the live database:
/// the database as it was is first copied to `<db>.before-restore-<stamp>`;
/// then `file`'s pages are copied into the live file through `SQLite`, so
/// other processes see the change; an older schema is then migrated, and an
/// audit entry records the restore.
pub fn restore(ctx: &mut Ctx, file: &Path) -> Result<Restored> {
    let info = inspect(file)?;
    let db = database_file(&ctx.store)?;
    if super::files::refuse_database(&ctx.store, file).is_err() {
        return Err(Error::user(format!(
            "cannot restore: {} is the database itself; nothing changed",
            file.display()
        ))
        .with_hint("name a backup, for example backups/kith-20261123-090000.db"));
    }
    if ctx.store.is_read_only() {
        return Err(crate::store::StoreError::ReadOnly { path: Some(db) }.into());
    }
    let contacts_before = ctx.store.db().count_contacts()?;
    let aside = keep_aside(ctx, &db)?;
    ctx.store.restore_from(file)?;
    // Reopen: the restored file may be an older schema that needs migrating.
    ctx.store = Store::open(&db)?;
    let contacts_after = ctx.store.db().count_contacts()?;
    let at = ctx.clock.now().format("%Y-%m-%d %H:%M:%S").to_string();
    let summary = format!(
        "restored {contacts_after} contacts from {} (replacing {contacts_before})",
        file.display()
    );
    let detail = serde_json::json!({
        "file": file.display().to_string(),
        "schema_version": info.version,
        "contacts_before": contacts_before,
        "contacts_after": contacts_after,
        "kept_aside": aside.display().to_string(),
    })
    .to_string();
    ctx.store
        .write(|db| db.add_audit(&at, "restore", &summary, Some(&detail)))?;
    Ok(Restored {
        kept_aside: aside,
        contacts_before,
        contacts_after,
    })
}

/// `<db>.before-restore-<stamp>`, with `-2`, `-3`… when that is taken (two
/// restores in one second must not overwrite the first one's copy).
fn aside_path(db: &Path, stamp: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".before-restore-{stamp}"));
        if n > 1 {
            name.push(format!("-{n}"));
        }
        let path = db.with_file_name(name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

/// Copies the live database to `<db>.before-restore-<stamp>`: written
/// under a temporary name beside it (0600) and renamed once complete and
/// checked, so a run killed meanwhile never leaves a half copy under the
/// name a user would restore from.
fn keep_aside(ctx: &Ctx, db: &Path) -> Result<PathBuf> {
    let aside = aside_path(db, &ctx.clock.now().format("%Y%m%d-%H%M%S").to_string());
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = super::files::database_copy_tmp(dir, ".kith-restore-", &aside)?;
    ctx.store
        .snapshot_to(tmp.path())
        .map_err(|e| super::files::failed_copy(&aside, tmp.path(), e))?;
    tmp.persist_noclobber(&aside)
        .map_err(|e| super::files::cannot_write(&aside, &e.error))?;
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_kiths_own_backup_names_are_pruned() {
        assert!(is_backup_name("kith-20261123-090000.db"));
        for other in [
            "kith-20261123-090000.db-wal",
            "kith-2026112-090000.db",
            "kith-20261123_090000.db",
            "notes.db",
            "kith-2026112a-090000.db",
        ] {
            assert!(!is_backup_name(other), "{other}");
        }
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(9, 5, 7))
            .expect("time");
        assert_eq!(backup_name(at), "kith-20261123-090507.db");
    }
}
