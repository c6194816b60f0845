//! Whole-package concurrency analysis on top of the semantic model: a call graph that
//! follows function values and interface dispatch, abstract concurrency objects
//! (channels, locks, WaitGroups, Conds, cancel funcs) named by allocation site plus
//! field path, per-function summaries composed bottom-up over call-graph SCCs, and the
//! queries the deep detectors (leaks, deadlocks, races) ask of them.
//!
//! Everything here is computed once per package, from the model only: this crate never
//! reads syntax to decide what a name means. The unit of analysis is one package as the
//! check driver gives it: calls into other packages are unknown code (objects that reach
//! them are *open* and never reported). See docs/deep.md.

pub mod facts;
pub mod graph;
pub mod points_to;
pub mod race;
pub mod sites;

pub use facts::{Analysis, Loc};
pub use graph::Graph;
pub mod detect;

pub use detect::{Detector, Finding};
use gotraps_semantic::PackageModel;

/// What the deep analysis found in one package. Owns its data (no borrow of the model),
/// so the check driver can keep it per package and drop it with the package.
#[derive(Debug, Default)]
pub struct Concurrency {
    pub findings: Vec<Finding>,
    /// Size of the analysed program, for benchmarks: functions, calls, value classes.
    pub functions: usize,
    pub calls: usize,
    pub classes: usize,
}

impl Concurrency {
    /// Findings of one detector in file `file` of the package.
    pub fn findings_in(&self, detector: Detector, file: usize) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.detector == detector && f.at.file as usize == file)
    }
}

/// Runs the deep analysis of a checked package.
pub fn analyse(m: &PackageModel<'_>) -> Concurrency {
    // Packages that cannot create a goroutine, a channel or a lock have nothing to find.
    let relevant = m.files().iter().any(|f| f.src.contains("chan") || f.src.contains("sync") || f.src.contains("go "));
    if !relevant {
        return Concurrency::default();
    }
    let g = Graph::build(m);
    let a = Analysis::run(g);
    let findings = detect::run(&a);
    Concurrency { findings, functions: a.g.funcs.len(), calls: a.g.calls.len(), classes: a.g.u.len() }
}
