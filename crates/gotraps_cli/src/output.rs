//! Rendering a check run: hands the file reports to the renderers of gotraps_diagnostics.

use crate::check::{CheckArgs, FileReport};
use std::time::Duration;

pub fn render(reports: &[FileReport], _args: &CheckArgs, files: usize, _elapsed: Duration) {
    let mut n = 0;
    for r in reports {
        for d in &r.diagnostics {
            let (l, c) = r.lines.line_col(d.span.start);
            println!("{}:{}:{}: {} {}: {}", r.path, l, c, d.code, d.name, d.message);
            n += 1;
        }
    }
    println!("Found {n} problems in {files} files.");
}
