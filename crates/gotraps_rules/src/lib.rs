//! The trap rules: registry with docs, the per-file checker, suppressions, and one file
//! per rule under `rules/`.
//!
//! Rules see one file at a time through [`Checker`], with the package around it in
//! [`PackageContext`]. [`check_package`] runs the selected rules over every file of a
//! package and returns findings per file, sorted.

pub mod checker;
mod deep;
pub mod driver_rules;
pub mod escape;
pub mod fix;
pub mod flow;
pub mod funcs;
pub mod locks;
pub mod passes;
pub mod paths;
pub mod races;
pub mod rule;
pub mod rules;
pub mod semantic;
pub mod suppression;
pub mod traps;
pub mod vars;

pub use checker::{Checker, PackageContext, SourceFile};
pub use rule::Rule;
pub use rules::{find, find_any, retired, Retired, DRIVER_RULES, RETIRED, RULES};

use gotraps_diagnostics::Diagnostic;
use gotraps_semantic::{PackageModel, PkgId, Program};
use gotraps_workspace::GoVersion;
use std::path::{Path, PathBuf};

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

/// Builds the semantic model of one package and runs `rules` over it. A model that cannot
/// be built (or a panic inside the model) degrades to syntax-only checks: the package's
/// findings are never lost.
pub fn analyze_package(
    program: Option<&Program>,
    dir: &Path,
    import_path: Option<&str>,
    files: &[SourceFile],
    go_version: GoVersion,
    rules: &[&'static Rule],
) -> Vec<Vec<Diagnostic>> {
    analyze_target(program, dir, import_path, files, go_version, rules).diagnostics
}

/// What [`analyze_target`] found in one package.
pub struct PackageAnalysis {
    /// Per file, in the order given.
    pub diagnostics: Vec<Vec<Diagnostic>>,
    /// The package in the program, when its model was built: what the findings depend
    /// on is then [`Program::dependency_closure`] of it.
    pub package: Option<PkgId>,
}

/// [`analyze_package`], also telling which package of `program` the files became.
pub fn analyze_target(
    program: Option<&Program>,
    dir: &Path,
    import_path: Option<&str>,
    files: &[SourceFile],
    go_version: GoVersion,
    rules: &[&'static Rule],
) -> PackageAnalysis {
    let built: Option<(PkgId, Option<PackageModel>)> = program.and_then(|prog| {
        let inputs: Vec<(PathBuf, std::sync::Arc<gotraps_syntax::File>)> =
            files.iter().map(|f| (PathBuf::from(&f.path), f.ast.clone())).collect();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let id = prog.add_target(dir, import_path, inputs, Some(go_version));
            (id, prog.check(id))
        }))
        .ok()
    });
    let (package, model) = match built {
        Some((id, model)) if model.is_some() => (Some(id), model),
        _ => (None, None),
    };
    let ctx = PackageContext::new(files, go_version).with_model(model.as_ref());
    PackageAnalysis { diagnostics: check_package(&ctx, rules), package }
}
