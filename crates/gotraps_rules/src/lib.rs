//! The trap rules: registry with docs, the per-file checker, suppressions, and one file
//! per rule under `rules/`.
//!
//! Rules see one file at a time through [`Checker`], with the package around it in
//! [`PackageContext`]. [`check_package`] runs the selected rules over every file of a
//! package and returns findings per file, sorted.

pub mod checker;
pub mod fix;
pub mod flow;
pub mod funcs;
pub mod locks;
pub mod paths;
pub mod pkgtypes;
pub mod rule;
pub mod rules;
pub mod scopes;
pub mod suppression;
pub mod traps;
pub mod vars;

pub use checker::{Checker, PackageContext, SourceFile};
pub use rule::Rule;
pub use rules::{find, RULES};

use gotraps_diagnostics::Diagnostic;

/// Runs `rules` over every file of one package. Result `i` holds file `i`'s findings,
/// sorted by position then code.
pub fn check_package(ctx: &PackageContext, rules: &[&'static Rule]) -> Vec<Vec<Diagnostic>> {
    (0..ctx.files.len())
        .map(|i| {
            let mut out = Vec::new();
            let facts = checker::FileFacts::new(&ctx.files[i].ast);
            for &rule in rules {
                let mut cx = Checker::new(ctx, i, &facts, rule);
                (rule.check)(&mut cx);
                out.append(&mut cx.diagnostics);
            }
            out.sort_by(|a, b| (a.span.start, a.code, a.span.end).cmp(&(b.span.start, b.code, b.span.end)));
            out
        })
        .collect()
}
