//! `dump_report [--human] [--loose] INPUT`: the `gotraps goroutines` pipeline (load, bucket,
//! rank, render) without the rest of the CLI; used by scripts/bench-dump so the benchmark
//! only builds this crate.

use gotraps_dump::input::load_all;
use gotraps_dump::{build, human, Options, Similarity};
use std::io::Write;
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let human_out = args.iter().any(|a| a == "--human");
    let sim = if args.iter().any(|a| a == "--loose") { Similarity::Loose } else { Similarity::Exact };
    let Some(input) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: dump_report [--human] [--loose] INPUT");
        std::process::exit(2);
    };
    let snaps = match load_all(input, sim, Duration::from_secs(30)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {input}: {e}");
            std::process::exit(2);
        }
    };
    for snap in &snaps {
        let mut opts = Options { max_suspects: 10, ..Default::default() };
        let (report, _) = build(snap, input, &mut opts);
        let out = if human_out {
            human::render(&report, human::Style { color: false, full: false, buckets: 10 })
        } else {
            serde_json::to_string_pretty(&report).unwrap() + "\n"
        };
        std::io::stdout().lock().write_all(out.as_bytes()).unwrap();
    }
}
