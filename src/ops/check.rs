//! `kith check`: is the database sound? A [`Report`] holds a list of
//! [`Finding`]s (each names a problem and how to fix it) and a summary of
//! counts. Later checks (data quality) add findings of their own kinds.

use serde::Serialize;

use crate::error::Result;
use crate::store::{Counts, Db, LATEST_VERSION};

use super::Ctx;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is wrong: `kith check` exits 1.
    Problem,
    /// Worth knowing; nothing is wrong.
    Note,
}

/// One thing `kith check` found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// A stable name for scripts: "integrity", "foreign-key", "orphans", …
    pub check: &'static str,
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub schema_version: i64,
    pub counts: Counts,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether nothing is wrong (notes aside).
    pub fn is_healthy(&self) -> bool {
        self.findings
            .iter()
            .all(|f| f.severity != Severity::Problem)
    }
}

const RESTORE_FIX: &str = "restore the newest good backup (kith restore FILE); `kith check` on the backup tells if it is sound";
const REPAIR_FIX: &str = "run `kith check --repair` to rebuild what is derived from the contacts";

/// Runs every check of the database's structure.
pub fn check(ctx: &Ctx) -> Result<Report> {
    let db = ctx.store.db();
    let mut findings = Vec::new();
    let schema_version = db.schema_version()?;
    if schema_version != LATEST_VERSION {
        findings.push(Finding {
            severity: Severity::Problem,
            check: "schema",
            message: format!(
                "schema version {schema_version}, but this kith writes {LATEST_VERSION}"
            ),
            fix: "open the database with this kith (any command migrates it)".into(),
        });
    }
    // A badly damaged file makes integrity_check itself fail: that is the finding.
    let damage = db
        .integrity_problems()
        .unwrap_or_else(|e| vec![e.to_string()]);
    let damaged = !damage.is_empty();
    if damaged {
        findings.push(Finding {
            severity: Severity::Problem,
            check: "integrity",
            message: format!("the file is damaged: {}", damage.join("; ")),
            fix: RESTORE_FIX.into(),
        });
    }
    // On a damaged file the other checks may fail to read: what they could
    // not read is part of the damage already named.
    let tolerate = |r: Result<Vec<Finding>>| match r {
        Err(_) if damaged => Ok(Vec::new()),
        other => other,
    };
    findings.extend(tolerate(reference_findings(db))?);
    findings.extend(tolerate(derived_findings(db))?);
    let counts = match db.counts() {
        Err(_) if damaged => Counts::default(),
        other => other?,
    };
    Ok(Report {
        schema_version,
        counts,
        findings,
    })
}

/// Rows that point at rows that are gone.
fn reference_findings(db: Db<'_>) -> Result<Vec<Finding>> {
    let mut findings = Vec::new();
    let orphans = db.orphan_rows()?;
    for (table, n) in &orphans {
        findings.push(Finding {
            severity: Severity::Problem,
            check: "orphans",
            message: format!("{n} {table} rows belong to a contact that does not exist"),
            fix: REPAIR_FIX.into(),
        });
    }
    // Orphans are broken references to `contact` too: named once above.
    for broken in db.broken_references()? {
        let counted =
            broken.parent == "contact" && orphans.iter().any(|(table, _)| *table == broken.table);
        if !counted {
            findings.push(Finding {
                severity: Severity::Problem,
                check: "foreign-key",
                message: format!(
                    "{} {} rows point at {} rows that do not exist",
                    broken.count, broken.table, broken.parent
                ),
                fix: RESTORE_FIX.into(),
            });
        }
    }
    Ok(findings)
}

/// Columns and tables kept in step with others by the store.
fn derived_findings(db: Db<'_>) -> Result<Vec<Finding>> {
    let mut findings = Vec::new();
    let stale = db.stale_last_contacts()?;
    if stale > 0 {
        findings.push(Finding {
            severity: Severity::Problem,
            check: "last-contact",
            message: format!(
                "{stale} contacts have a last-contact time that is not their newest interaction's"
            ),
            fix: REPAIR_FIX.into(),
        });
    }
    let unused = db.unused_search_words()?;
    if unused > 0 {
        findings.push(Finding {
            severity: Severity::Note,
            check: "search-words",
            message: format!("{unused} search words are no longer used by any contact"),
            fix: "harmless; `kith check --repair` drops them".into(),
        });
    }
    Ok(findings)
}

/// Deletes rows of contacts that are gone and unused search words, and sets
/// last-contact times from the interactions, in one transaction; returns
/// how many rows changed. Damage to the file itself is not repaired here.
pub fn repair(ctx: &mut Ctx) -> Result<i64> {
    Ok(ctx.store.write(|db| db.repair_derived_rows())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_database_is_healthy_and_counted() {
        let ctx = crate::ops::demo::test_ctx(40, 200, 11);
        let report = check(&ctx).expect("check");
        assert!(report.is_healthy(), "{:?}", report.findings);
        let on_file = ctx.store.db().count_contacts().expect("count");
        assert_eq!(report.counts.contacts + report.counts.archived, on_file);
        assert!(report.counts.interactions > 0);
        assert!(report.counts.bytes > 0);
        assert_eq!(report.schema_version, LATEST_VERSION);
    }
}
