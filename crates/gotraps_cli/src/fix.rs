//! `check --fix`: write the fixed files.

use crate::check::FileReport;
use gotraps_rules::fix::apply_fixes;

/// Applies every fixable finding and rewrites the files; returns how many fixes were
/// written. The caller checks again for exact positions of what remains.
pub fn apply_in_place(reports: &[FileReport]) -> usize {
    let mut total = 0;
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
            eprintln!("warning: {}: fixes not applied: the result would not parse", r.path);
            continue;
        }
        if let Err(e) = std::fs::write(&r.path, &fixed_src) {
            eprintln!("error: {}: cannot write fixes: {e}", r.path);
            continue;
        }
        total += applied;
    }
    total
}
