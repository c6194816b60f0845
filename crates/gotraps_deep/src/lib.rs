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
    if !m.files().iter().any(|f| may_block(f)) {
        return Concurrency::default();
    }
    let g = Graph::build(m);
    let a = Analysis::run(g);
    let findings = detect::run(&a);
    Concurrency { findings, functions: a.g.funcs.len(), calls: a.g.calls.len(), classes: a.g.u.len() }
}

/// Whether a file has code that can start a goroutine, use a channel, or wait on a lock,
/// a WaitGroup-like or a pipe: a package with no such file has nothing to find. Decided
/// on the syntax (a `go` in a comment does not count), so most of a tree's pure
/// computation and encoding packages are skipped before the graph is built. Calls are
/// matched by text because the lock or WaitGroup may be a type of another package.
fn may_block(f: &gotraps_syntax::ast::File) -> bool {
    use gotraps_syntax::ast::{ExprKind, StmtKind, UnaryOp};
    f.imports().any(|i| f.text(f.expr(i.path).span).contains("sync"))
        || f.stmts
            .iter()
            .any(|s| matches!(s.kind, StmtKind::Go { .. } | StmtKind::Select { .. } | StmtKind::Send { .. }))
        || f.exprs
            .iter()
            .any(|e| matches!(e.kind, ExprKind::ChanType { .. } | ExprKind::Unary { op: UnaryOp::Arrow, .. }))
        || ["Lock()", "Wait()", "Pipe()"].iter().any(|call| f.mentions(call))
}

#[cfg(test)]
mod tests {
    use super::may_block;

    fn file(body: &str) -> gotraps_syntax::ast::File {
        gotraps_syntax::parse_file(format!("package p\n{body}\n").as_bytes())
    }

    #[test]
    fn pure_code_cannot_block() {
        // The words only in comments and strings: the old text test took all of these.
        let f = file(
            "// go through each channel (chan) before sync\nfunc f(s string) string { return s + \"go chan sync\" }",
        );
        assert!(!may_block(&f));
    }

    #[test]
    fn each_kind_of_blocking_code_counts() {
        for body in [
            "func f() { go g() }\nfunc g() {}",
            "func f(c chan int) {}",
            "func f(c <-chan int) int { return <-c }",
            "func f(c Ch) { c <- 1 }",
            "func f() { select {} }",
            "import \"sync\"\nvar mu sync.Mutex",
            "import \"golang.org/x/sync/errgroup\"\nvar g errgroup.Group",
            "import \"example.com/locks\"\nfunc f(m *locks.Mutex) { m.Lock() }",
            "import \"io\"\nfunc f() { r, w := io.Pipe(); _, _ = r, w }",
        ] {
            assert!(may_block(&file(body)), "{body}");
        }
    }
}
