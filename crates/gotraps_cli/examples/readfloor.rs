//! The I/O floor for benchmarks: loads the same packages `gotraps check` would and reads
//! every file's bytes, in parallel, doing nothing else. Prints files, bytes and seconds.
//! With `--list`, prints the files instead, one per line (input for tools/goparsebench).
//!
//! cargo run --release -p gotraps_cli --example readfloor -- "$(go env GOROOT)/src"

use gotraps_workspace::{load, BuildContext};
use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let mut targets: Vec<String> = std::env::args().skip(1).collect();
    let list = targets.iter().any(|t| t == "--list");
    targets.retain(|t| t != "--list");
    let started = Instant::now();
    let loaded = load(&targets, &BuildContext::host());
    let files: Vec<_> = loaded.packages.iter().flat_map(|p| p.files.iter()).collect();
    if list {
        for f in &files {
            println!("{}", f.display());
        }
        return;
    }
    let bytes: usize = files.par_iter().map(|f| std::fs::read(f).map(|b| b.len()).unwrap_or(0)).sum();
    let secs = started.elapsed().as_secs_f64();
    println!("files {} bytes {} seconds {:.3} MB/s {:.0}", files.len(), bytes, secs, bytes as f64 / secs / 1e6);
}
