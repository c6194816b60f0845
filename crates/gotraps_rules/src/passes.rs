//! Shared analyses as declared passes (go/analysis `Requires`/`ResultOf` is the model):
//! each pass has a name, a typed result and the passes it requires; its result is
//! computed once per package, on first request, and every rule that asks reads the same
//! value. Rules ask with `cx.package.pass::<LockAnalysis>()`.
//!
//! Adding a pass is one entry in the [`passes!`] list below: a name, the result type,
//! the passes it requires, and the function that computes it from the package context.
//! A result holds no reference into the package (indices, spans, object ids): a cell
//! holding `&'a` would make [`PackageContext`] invariant in `'a`.

use crate::checker::PackageContext;
use crate::escape::Race;
use crate::locks::FnLocks;
use gotraps_semantic::ObjId;
use gotraps_syntax::ast::{ExprKind, StmtId, StmtKind};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

/// A package-wide analysis with a typed result.
pub trait Pass: 'static {
    type Output: 'static;
    /// The pass's name, as declared.
    const NAME: &'static str;
    /// Names of the passes it requires, computed before it runs.
    const REQUIRES: &'static [&'static str];
    /// Computes the required passes' results (so they exist before `run` reads them).
    fn require(cx: &PackageContext<'_>);
    fn run(cx: &PackageContext<'_>) -> Self::Output;
    #[doc(hidden)]
    fn slot(results: &PassResults) -> &OnceCell<Self::Output>;
}

/// Declares the passes: `Name -> Output [requires A, B] = run_fn;`. Generates a unit
/// type per pass implementing [`Pass`], one result cell per pass in [`PassResults`],
/// and [`ALL`], the declared names in order.
macro_rules! passes {
    ($( $(#[$doc:meta])* $name:ident -> $out:ty [requires $($req:ident),*] = $run:path; )*) => {
        $(
            $(#[$doc])*
            pub struct $name;
            impl Pass for $name {
                type Output = $out;
                const NAME: &'static str = stringify!($name);
                const REQUIRES: &'static [&'static str] = &[$(stringify!($req)),*];
                fn require(_cx: &PackageContext<'_>) {
                    $( _cx.pass::<$req>(); )*
                }
                fn run(cx: &PackageContext<'_>) -> $out {
                    $run(cx)
                }
                fn slot(results: &PassResults) -> &OnceCell<$out> {
                    &results.$name
                }
            }
        )*

        /// One result cell per declared pass.
        #[allow(non_snake_case)]
        #[derive(Default)]
        pub struct PassResults {
            $( $name: OnceCell<$out>, )*
        }

        /// Every declared pass: (name, required passes), in declaration order.
        pub const ALL: &[(&str, &[&str])] = &[$( (stringify!($name), <$name as Pass>::REQUIRES) ),*];
    };
}

passes! {
    /// Lock states of every function of every file (index = file): double locks, locks
    /// left held, unlocks of unlocked mutexes, lock-order edges, locks held across
    /// blocking calls. Empty without the semantic model.
    LockAnalysis -> Vec<Vec<(StmtId, FnLocks)>> [requires FuncDecls] = lock_analysis;
    /// Goroutine-escape races of every file (index = file), as (variables and fields,
    /// maps): T20 reads the first, T21 the second.
    Escape -> Vec<(Vec<Race>, Vec<Race>)> [requires] = escape;
    /// Names of the functions and methods a `go` statement of the package starts
    /// (`go f()`, `go s.run()`). Names only: a method `run` of any type counts.
    GoLaunched -> HashSet<String> [requires] = go_launched;
    /// Whether any file of the package mentions `recover(`.
    MentionsRecover -> bool [requires] = mentions_recover;
    /// Function and method declarations by object: (file index, declaration index).
    FuncDecls -> HashMap<ObjId, (usize, usize)> [requires] = func_decls;
    /// The whole-package concurrency model of gotraps_deep: value flow, call graph through
    /// function values and interfaces, lock and channel summaries.
    Concurrency -> gotraps_deep::Concurrency [requires] = concurrency;
    /// Data races of the package (gotraps_deep::race): access pairs across goroutines and
    /// API entries, with locksets.
    Races -> gotraps_deep::race::RaceReport [requires] = races;
}

impl PackageContext<'_> {
    /// The result of pass `P` for this package, computed on first request.
    pub fn pass<P: Pass>(&self) -> &P::Output {
        P::slot(self.pass_results()).get_or_init(|| {
            P::require(self);
            P::run(self)
        })
    }
}

fn lock_analysis(cx: &PackageContext<'_>) -> Vec<Vec<(StmtId, FnLocks)>> {
    let Some(model) = cx.model else { return cx.files.iter().map(|_| Vec::new()).collect() };
    let locks = crate::locks::Locks::new(cx, model);
    (0..cx.files.len())
        .map(|i| if crate::locks::file_may_lock(&cx.files[i].ast) { locks.analyse_file(i) } else { Vec::new() })
        .collect()
}

fn escape(cx: &PackageContext<'_>) -> Vec<(Vec<Race>, Vec<Race>)> {
    (0..cx.files.len())
        .map(|fi| (crate::escape::goroutine_races(cx, fi, false), crate::escape::goroutine_races(cx, fi, true)))
        .collect()
}

fn go_launched(cx: &PackageContext<'_>) -> HashSet<String> {
    let mut out = HashSet::new();
    for f in cx.files {
        let file = &f.ast;
        for s in &file.stmts {
            let StmtKind::Go { call } = s.kind else { continue };
            let ExprKind::Call { fun, .. } = &file.expr(call).kind else { continue };
            match &file.expr(*fun).kind {
                ExprKind::Ident(i) => {
                    out.insert(file.name(*i).to_string());
                }
                ExprKind::Selector { sel, .. } => {
                    out.insert(file.name(*sel).to_string());
                }
                _ => {}
            }
        }
    }
    out
}

fn mentions_recover(cx: &PackageContext<'_>) -> bool {
    cx.files.iter().any(|f| f.ast.mentions("recover("))
}

fn concurrency(cx: &PackageContext<'_>) -> gotraps_deep::Concurrency {
    let Some(model) = cx.model else { return Default::default() };
    // A defect of the analysis on unusual code must not lose the other rules' findings
    // for the package: it then reports nothing.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| gotraps_deep::analyse(model))).unwrap_or_default()
}

fn races(cx: &PackageContext<'_>) -> gotraps_deep::race::RaceReport {
    let Some(model) = cx.model else { return Default::default() };
    // As for the concurrency model: a defect on unusual code reports nothing for the
    // package rather than losing the other rules' findings.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| gotraps_deep::race::analyse(model))).unwrap_or_default()
}

fn func_decls(cx: &PackageContext<'_>) -> HashMap<ObjId, (usize, usize)> {
    let mut out = HashMap::new();
    let Some(model) = cx.model else { return out };
    for (fi, objs) in model.rec.func_objs.iter().enumerate() {
        for (&di, &obj) in objs {
            out.insert(obj, (fi, di as usize));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ALL;

    /// Every required pass is declared and the requirement graph has no cycle (a cycle
    /// would re-enter a result cell).
    #[test]
    fn requirements_are_declared_and_acyclic() {
        for (i, (name, reqs)) in ALL.iter().enumerate() {
            for r in *reqs {
                let j = ALL.iter().position(|(n, _)| n == r);
                assert!(j.is_some(), "{name} requires undeclared pass {r}");
                assert_ne!(j, Some(i), "{name} requires itself");
                // Follow the chain from r: it must never come back to `name`.
                let mut stack = vec![*r];
                let mut seen = std::collections::HashSet::new();
                while let Some(n) = stack.pop() {
                    assert_ne!(n, *name, "requirement cycle through {name}");
                    if seen.insert(n) {
                        let (_, rs) = ALL.iter().find(|(m, _)| *m == n).unwrap();
                        stack.extend(rs.iter().copied());
                    }
                }
            }
        }
    }
}
