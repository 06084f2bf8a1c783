//! The Cleanup pane's commands and what comes back for them: the merge
//! preview, merging, "not a duplicate", undo, fixing and skipping findings,
//! and the scan's results. Writes go through the writer thread; the lists
//! drop what was dealt with instead of scanning again (an undo brings
//! contacts back, so it rescans).

use super::action::{Action, PaneId};
use super::app::App;
use super::effect::{Effect, Outcome};
use super::overlays::{MergePreview, Overlay};
use super::panes::cleanup::Section;
use super::worker::Job;
use crate::domain::cleanup::Fix;
use crate::domain::text::printable;

impl App {
    /// m, n, u, r, f and s in the Cleanup pane.
    pub(super) fn cleanup_action(&mut self, action: &Action) -> Vec<Effect> {
        let pane = &mut self.cleanup;
        match action {
            Action::Rescan => pane.start_scan(),
            Action::Merge | Action::NotDuplicate => {
                let Some(cluster) = pane.selected_cluster() else {
                    let scanning = pane.scanning;
                    return self.say_error(if scanning {
                        "still looking for duplicates: wait for the scan"
                    } else {
                        "no duplicates to merge: r rescans"
                    });
                };
                let ids = cluster.contacts.clone();
                if *action == Action::Merge {
                    vec![Effect::PlanMerge(ids)]
                } else {
                    vec![Effect::NotDuplicate(ids)]
                }
            }
            Action::UndoMerge => vec![Effect::AskUndo],
            Action::FixFinding | Action::SkipFinding => {
                if pane.focus != Section::Findings {
                    return self.say_error("J moves to the findings: f fixes, s skips");
                }
                let Some(finding) = pane.selected_finding().cloned() else {
                    return self.say_error("no finding selected");
                };
                if *action == Action::SkipFinding {
                    return vec![Effect::SkipFinding(Box::new(finding))];
                }
                if let Fix::Manual { advice } = &finding.fix {
                    return self.say_error(&format!("kith cannot fix this alone: {advice}"));
                }
                vec![Effect::FixFinding(Box::new(finding))]
            }
            _ => Vec::new(),
        }
    }

    /// Outcomes of the Cleanup pane's scans, reads and writes.
    pub(super) fn on_cleanup(&mut self, outcome: Outcome) -> Vec<Effect> {
        let pane = &mut self.cleanup;
        match outcome {
            Outcome::ScanProgress { seq, progress } => {
                pane.on_progress(seq, progress);
                Vec::new()
            }
            Outcome::Findings { seq, findings } => {
                pane.on_findings(seq, findings);
                Vec::new()
            }
            Outcome::Scanned { seq, scan, names } => pane.on_scanned(seq, scan, names),
            Outcome::ScanFailed { seq, message } => {
                if pane.on_failed(seq) {
                    self.say_error(&message);
                }
                Vec::new()
            }
            Outcome::Cluster(compared) => {
                pane.on_cluster(compared);
                Vec::new()
            }
            Outcome::MergePlanned(plan) => {
                self.overlay = Some(Overlay::MergePreview(MergePreview::new(plan)));
                Vec::new()
            }
            Outcome::Merged(merged) => {
                let before = std::iter::once(&merged.plan.survivor)
                    .chain(&merged.plan.absorbed)
                    .map(|c| (c.id, c.name.clone()))
                    .collect();
                pane.last_merge = Some((merged.history_id, before));
                self.merged(&merged.plan)
            }
            Outcome::MarkedDistinct(ids) => {
                pane.expect_sync = true;
                let effects = pane.drop_clusters(&ids);
                let list: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
                self.say_ok(&format!(
                    "{} are different people: not shown together again",
                    list.join(", ")
                ));
                effects
            }
            Outcome::UndoAsk(None) => self.say_error("no merge to undo"),
            Outcome::UndoAsk(Some(entry)) => {
                let e = entry.entry;
                // Named when the merge was made here; else by its record.
                let whom = match &pane.last_merge {
                    Some((id, contacts)) if *id == e.id => {
                        contacts
                            .iter()
                            .map(|(id, name)| format!("#{id} {}", printable(name)))
                            .collect::<Vec<_>>()
                            .join(", ")
                            + " come back as they were"
                    }
                    _ => "Every contact it merged comes back as it was".to_string(),
                };
                self.overlay = Some(Overlay::confirm(
                    format!(
                        "Undo “{}” ({})? {whom}, with the interactions and follow-ups.",
                        printable(&e.summary),
                        e.at.get(..16).unwrap_or(&e.at)
                    ),
                    Effect::Undo(e.id),
                ));
                Vec::new()
            }
            Outcome::Undone(undone) => {
                pane.expect_sync = true;
                let list: Vec<String> = undone.restored.iter().map(|id| format!("#{id}")).collect();
                self.say_ok(&format!(
                    "merge undone: {} back beside #{}",
                    list.join(", "),
                    undone.survivor
                ));
                // The contacts are back, and may be duplicates again.
                let mut effects = self.cleanup.start_scan();
                effects.push(Effect::Worker(Job::Load));
                effects.push(Effect::LoadAgenda);
                effects
            }
            Outcome::Fixed(finding) => self.fixed(&finding),
            Outcome::Skipped(finding) => {
                pane.expect_sync = true;
                pane.drop_finding(&finding);
                self.say_ok(&format!(
                    "skipped: {} ({})",
                    printable(&finding.message),
                    printable(&finding.name)
                ));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A merge was written: its cluster and the merged-away contacts go.
    fn merged(&mut self, plan: &crate::ops::merge::MergePlan) -> Vec<Effect> {
        let pane = &mut self.cleanup;
        let survivor = plan.survivor.id;
        let absorbed: Vec<i64> = plan.absorbed.iter().map(|c| c.id).collect();
        pane.expect_sync = true;
        pane.drop_findings_of(&absorbed);
        let mut all = absorbed.clone();
        all.push(survivor);
        let mut effects = pane.drop_clusters(&all);
        self.say_ok(&format!(
            "merged {} contacts into #{survivor} {} — u to undo",
            all.len(),
            printable(&plan.result.name)
        ));
        for id in absorbed {
            effects.extend(self.contacts.removed(id));
        }
        effects.push(Effect::LoadAgenda);
        effects
    }

    /// A finding was fixed: it goes (an archived contact's others too).
    fn fixed(&mut self, finding: &crate::domain::cleanup::DataFinding) -> Vec<Effect> {
        let pane = &mut self.cleanup;
        pane.expect_sync = true;
        pane.drop_finding(finding);
        let mut effects = Vec::new();
        if finding.fix == Fix::Archive {
            pane.drop_findings_of(&[finding.contact_id]);
            effects.extend(pane.drop_clusters(&[finding.contact_id]));
            effects.extend(self.contacts.removed(finding.contact_id));
        } else {
            effects.extend(self.contacts.refresh_after_save());
        }
        self.say_ok(&format!(
            "{}: {}",
            printable(&finding.name),
            printable(&finding.fix.describe())
        ));
        effects
    }

    /// Another process wrote (or a write of another pane landed): the scan's
    /// results may be out of date; the pane says so, `r` rescans.
    pub(super) fn cleanup_synced(&mut self) {
        if std::mem::take(&mut self.cleanup.expect_sync) {
            return;
        }
        self.cleanup.others_wrote();
        if self.active == PaneId::Cleanup && self.cleanup.stale {
            self.status = Some(super::app::Status {
                text: "changed elsewhere since the scan: r rescans".into(),
                kind: super::app::StatusKind::Info,
            });
        }
    }
}
