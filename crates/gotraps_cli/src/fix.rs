//! `check --fix`: write the fixed files.

use crate::driver::FileReport;
use gotraps_rules::fix::apply_fixes;
use gotraps_workspace::LoadError;
use std::path::PathBuf;

/// Applies every fixable finding and rewrites the files; returns how many fixes were
/// written, and the files left alone with why. The caller checks again for exact
/// positions of what remains.
pub fn apply_in_place(reports: &[FileReport]) -> (usize, Vec<LoadError>) {
    let mut total = 0;
    let mut problems = Vec::new();
    for r in reports.iter() {
        if !r.diagnostics.iter().any(|d| d.fix.is_some()) {
            continue;
        }
        let (fixed_src, applied) = apply_fixes(&r.source, &r.diagnostics);
        if applied == 0 {
            continue;
        }
        // Do not write a fix that breaks the file: it must still parse as well as before.
        let reparsed = gotraps_syntax::parse_file(fixed_src.as_bytes());
        let before = gotraps_syntax::parse_file(r.source.as_bytes()).errors.len();
        if reparsed.errors.len() > before {
            let message = "fixes not applied: the result would not parse".to_string();
            problems.push(LoadError { path: PathBuf::from(&r.path), message });
            continue;
        }
        if let Err(e) = std::fs::write(&r.path, &fixed_src) {
            problems.push(LoadError { path: PathBuf::from(&r.path), message: format!("cannot write fixes: {e}") });
            continue;
        }
        total += applied;
    }
    (total, problems)
}
