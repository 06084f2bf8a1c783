//! The import report in words (CLI, TUI) and for the audit log.

use std::fmt::Write as _;

use crate::domain::text::printable;

use super::{FileLine, ImportReport};

impl ImportReport {
    /// The report as the CLI prints it and the TUI shows it: the counts on
    /// one line, then each reject, warning and possible duplicate as
    /// `file:line: reason`.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.dry_run {
            out.push_str("dry run: nothing was written; an import would give\n");
        }
        let _ = writeln!(
            out,
            "imported {}, updated {}, unchanged {}, rejected {}",
            self.imported,
            self.updated,
            self.unchanged,
            self.rejected.len()
        );
        for (title, list) in [
            ("rejected", &self.rejected),
            ("warnings", &self.warnings),
            ("possible duplicates", &self.possible_duplicates),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{title} ({}):", list.len());
            for FileLine { file, line, reason } in list {
                let _ = writeln!(out, "  {}:{line}: {}", printable(file), printable(reason));
            }
        }
        out
    }

    /// The audit log's summary: "imported 3, updated 1, unchanged 0,
    /// rejected 1 from a.vcf, b.csv".
    pub(super) fn summary(&self, files: &str) -> String {
        format!(
            "imported {}, updated {}, unchanged {}, rejected {} from {files}",
            self.imported,
            self.updated,
            self.unchanged,
            self.rejected.len()
        )
    }

    /// The audit log's detail: the counts and the files, as JSON.
    pub(super) fn audit_detail(&self, files: &[String]) -> serde_json::Value {
        serde_json::json!({
            "files": files,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected.len(),
            "warnings": self.warnings.len(),
            "possible_duplicates": self.possible_duplicates.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_lists_counts_then_each_line() {
        let report = ImportReport {
            imported: 2,
            updated: 1,
            unchanged: 3,
            rejected: vec![FileLine {
                file: "a\u{1b}.vcf".into(),
                line: 9,
                reason: "no name, e-mail or phone".into(),
            }],
            warnings: vec![FileLine {
                file: "b.csv".into(),
                line: 2,
                reason: "kept title \"CTO\"; the file says \"CEO\"".into(),
            }],
            possible_duplicates: Vec::new(),
            dry_run: true,
        };
        assert_eq!(
            report.to_text(),
            "dry run: nothing was written; an import would give\n\
             imported 2, updated 1, unchanged 3, rejected 1\n\
             rejected (1):\n  a\u{FFFD}.vcf:9: no name, e-mail or phone\n\
             warnings (1):\n  b.csv:2: kept title \"CTO\"; the file says \"CEO\"\n"
        );
    }
}
