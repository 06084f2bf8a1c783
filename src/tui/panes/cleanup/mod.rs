//! Cleanup: duplicate clusters on the left, the selected cluster's contacts
//! side by side on the right, and the cleanup findings below.
//!
//! The scan runs off the UI thread (see `tui/scanner.rs`) and starts when
//! the pane is first opened; each scan has a number, and results of any but
//! the newest are dropped. After a merge, "not a duplicate", a fix or a skip
//! the lists drop what was dealt with instead of scanning again; a write by
//! another process only marks the results as possibly stale (`r` rescans),
//! so 100k contacts are never rescanned by surprise.

mod compare;
mod render;

use std::collections::HashMap;

use crate::domain::cleanup::DataFinding;
use crate::domain::contact::Contact;
use crate::domain::dedup::{Cluster, Progress, Scan};
use crate::tui::action::Action;
use crate::tui::effect::Effect;

/// One contact of a cluster, with what the comparison shows beyond its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compared {
    pub contact: Contact,
    pub interactions: usize,
    pub follow_ups: usize,
}

/// Which list the movement keys move in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Section {
    #[default]
    Duplicates,
    Findings,
}

#[derive(Default)]
pub struct CleanupPane {
    /// The newest scan asked for (0: none yet).
    pub seq: u64,
    /// The duplicates of the newest scan are still being looked for.
    pub scanning: bool,
    /// How far the running scan is.
    pub progress: Option<Progress>,
    /// The clusters (None until a scan finished).
    pub scan: Option<Scan>,
    /// Names of the contacts in the clusters, for the list.
    pub names: HashMap<i64, String>,
    /// The cleanup findings (None until read).
    pub findings: Option<Vec<DataFinding>>,
    pub selected: usize,
    pub finding: usize,
    pub focus: Section,
    /// The contacts of the selected cluster, once read.
    pub compared: Vec<Compared>,
    /// Another process wrote since the scan: results may be out of date.
    pub stale: bool,
    /// A write of this pane is done: the next "someone wrote" is ours.
    pub expect_sync: bool,
    /// The merge made here last: its history id and the contacts as they
    /// were, so `u` can name whom it brings back.
    pub last_merge: Option<(i64, Vec<(i64, String)>)>,
    page: usize,
}

impl CleanupPane {
    /// The pane opened: the first time, the scan starts.
    pub fn open(&mut self) -> Vec<Effect> {
        if self.seq == 0 {
            self.start_scan()
        } else {
            Vec::new()
        }
    }

    /// Starts a scan; whatever an older one still sends is dropped.
    pub fn start_scan(&mut self) -> Vec<Effect> {
        self.seq += 1;
        self.scanning = true;
        self.progress = None;
        self.stale = false;
        vec![Effect::Scan { seq: self.seq }]
    }

    pub fn clusters(&self) -> &[Cluster] {
        self.scan.as_ref().map_or(&[], |s| s.clusters.as_slice())
    }

    pub fn selected_cluster(&self) -> Option<&Cluster> {
        self.clusters().get(self.selected)
    }

    pub fn selected_finding(&self) -> Option<&DataFinding> {
        self.findings.as_ref().and_then(|f| f.get(self.finding))
    }

    pub fn on_progress(&mut self, seq: u64, progress: Progress) {
        if seq == self.seq {
            self.progress = Some(progress);
        }
    }

    pub fn on_findings(&mut self, seq: u64, findings: Vec<DataFinding>) {
        if seq != self.seq {
            return;
        }
        let keep = self.selected_finding().cloned();
        self.finding = keep
            .and_then(|k| findings.iter().position(|f| *f == k))
            .unwrap_or(self.finding)
            .min(findings.len().saturating_sub(1));
        self.findings = Some(findings);
    }

    /// The duplicates arrived: keep the selected cluster selected if it is
    /// still there, and read its contacts.
    pub fn on_scanned(&mut self, seq: u64, scan: Scan, names: HashMap<i64, String>) -> Vec<Effect> {
        if seq != self.seq {
            return Vec::new();
        }
        let keep = self.selected_cluster().map(|c| c.contacts.clone());
        self.selected = keep
            .and_then(|k| scan.clusters.iter().position(|c| c.contacts == k))
            .unwrap_or(self.selected)
            .min(scan.clusters.len().saturating_sub(1));
        self.scan = Some(scan);
        self.names = names;
        self.scanning = false;
        self.progress = None;
        self.load_selected()
    }

    /// The scan failed: whether it was the newest (then the error shows).
    pub fn on_failed(&mut self, seq: u64) -> bool {
        if seq != self.seq {
            return false;
        }
        self.scanning = false;
        self.progress = None;
        true
    }

    /// The contacts of a cluster were read: shown if it is still selected.
    pub fn on_cluster(&mut self, compared: Vec<Compared>) {
        let ids: Vec<i64> = compared.iter().map(|c| c.contact.id).collect();
        if self.selected_cluster().is_some_and(|c| c.contacts == ids) {
            self.compared = compared;
        }
    }

    fn load_selected(&mut self) -> Vec<Effect> {
        match self.selected_cluster() {
            Some(c) if self.compared_ids() != c.contacts => {
                let ids = c.contacts.clone();
                self.compared.clear();
                vec![Effect::LoadCluster(ids)]
            }
            Some(_) => Vec::new(),
            None => {
                self.compared.clear();
                Vec::new()
            }
        }
    }

    fn compared_ids(&self) -> Vec<i64> {
        self.compared.iter().map(|c| c.contact.id).collect()
    }

    /// Clusters holding any of `ids` are gone (merged, marked different
    /// people, archived); so are the findings about contacts merged away.
    pub fn drop_clusters(&mut self, ids: &[i64]) -> Vec<Effect> {
        if let Some(scan) = &mut self.scan {
            scan.clusters
                .retain(|c| !c.contacts.iter().any(|id| ids.contains(id)));
            self.selected = self.selected.min(scan.clusters.len().saturating_sub(1));
        }
        self.load_selected()
    }

    /// Findings about these contacts no longer hold (merged away, archived).
    pub fn drop_findings_of(&mut self, ids: &[i64]) {
        if let Some(findings) = &mut self.findings {
            findings.retain(|f| !ids.contains(&f.contact_id));
            self.finding = self.finding.min(findings.len().saturating_sub(1));
        }
    }

    /// The finding was fixed or skipped.
    pub fn drop_finding(&mut self, finding: &DataFinding) {
        if let Some(findings) = &mut self.findings {
            findings.retain(|f| f != finding);
            self.finding = self.finding.min(findings.len().saturating_sub(1));
        }
    }

    /// Another process (or another pane) wrote: the results may be stale.
    pub fn others_wrote(&mut self) {
        if self.scan.is_some() || self.findings.is_some() {
            self.stale = true;
        }
    }

    pub fn update(&mut self, action: &Action) -> Vec<Effect> {
        match action {
            Action::DetailDown => {
                self.focus = Section::Findings;
                return Vec::new();
            }
            Action::DetailUp => {
                self.focus = Section::Duplicates;
                return Vec::new();
            }
            _ => {}
        }
        let (pos, len) = match self.focus {
            Section::Duplicates => (self.selected, self.clusters().len()),
            Section::Findings => (self.finding, self.findings.as_ref().map_or(0, Vec::len)),
        };
        let last = len.saturating_sub(1);
        let page = self.page.max(1);
        let moved = match action {
            Action::Up => pos.saturating_sub(1),
            Action::Down => (pos + 1).min(last),
            Action::PageUp => pos.saturating_sub(page),
            Action::PageDown => (pos + page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => pos,
        };
        match self.focus {
            Section::Duplicates => {
                self.selected = moved;
                self.load_selected()
            }
            Section::Findings => {
                self.finding = moved;
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
