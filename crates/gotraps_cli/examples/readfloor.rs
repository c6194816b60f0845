//! The I/O floor for benchmarks: loads the same packages `gotraps check` would and reads
//! every file's bytes, in parallel, doing nothing else. Prints files, bytes and seconds.
//!
//! cargo run --release -p gotraps_cli --example readfloor -- "$(go env GOROOT)/src"

use gotraps_workspace::{load, BuildContext};
use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let targets: Vec<String> = std::env::args().skip(1).collect();
    let started = Instant::now();
    let loaded = load(&targets, &BuildContext::host());
    let files: Vec<_> = loaded.packages.iter().flat_map(|p| p.files.iter()).collect();
    let bytes: usize = files.par_iter().map(|f| std::fs::read(f).map(|b| b.len()).unwrap_or(0)).sum();
    let secs = started.elapsed().as_secs_f64();
    println!("files {} bytes {} seconds {:.3} MB/s {:.0}", files.len(), bytes, secs, bytes as f64 / secs / 1e6);
}
