//! Parse-only throughput: reads every .go file under the given directories (default
//! `$(go env GOROOT)/src`) into memory, then times parsing alone and prints MB/s.
//!
//!     cargo run --release -p gotraps_syntax --example parsebench [DIR...] [--errors]

use std::path::{Path, PathBuf};
use std::time::Instant;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "go") {
            out.push(p);
        }
    }
}

fn goroot_src() -> PathBuf {
    let out = std::process::Command::new("go").args(["env", "GOROOT"]).output();
    match out {
        Ok(o) if o.status.success() => PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("src"),
        _ => {
            eprintln!("parsebench: `go env GOROOT` failed; pass a directory of .go files");
            std::process::exit(2);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_errors = args.iter().any(|a| a == "--errors");
    let mut dirs: Vec<PathBuf> = args.iter().filter(|a| !a.starts_with("--")).map(PathBuf::from).collect();
    if dirs.is_empty() {
        dirs.push(goroot_src());
    }
    let mut files = Vec::new();
    for d in &dirs {
        collect(d, &mut files);
    }
    let sources: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap_or_default()).collect();
    let total: usize = sources.iter().map(Vec::len).sum();
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut with_errors = 0;
    for round in 0..5 {
        let t = Instant::now();
        let cpu0 = thread_cpu_seconds();
        let mut nodes = 0usize;
        with_errors = 0;
        let mut parsed = Vec::with_capacity(sources.len());
        for (i, s) in sources.iter().enumerate() {
            let f = gotraps_syntax::parse_file(s);
            nodes += f.exprs.len() + f.stmts.len();
            if !f.errors.is_empty() {
                with_errors += 1;
                if show_errors && round == 0 {
                    let e = &f.errors[0];
                    println!("{}:{}: {}", files[i].display(), e.span.start, e.message);
                }
            }
            // Each tree is dropped right away, as in the check pipeline; the figure
            // includes freeing it.
            parsed.push(f.exprs.len());
        }
        let secs = t.elapsed().as_secs_f64();
        best = best.min(secs);
        if let (Some(a), Some(b)) = (cpu0, thread_cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
        drop(parsed);
        std::hint::black_box(nodes);
    }
    println!(
        "{} files, {:.1} MB, {} with syntax errors; best of 5: {:.3} s wall = {:.0} MB/s; {:.3} s cpu = {:.0} MB/s",
        files.len(),
        total as f64 / 1e6,
        with_errors,
        best,
        total as f64 / 1e6 / best,
        best_cpu,
        total as f64 / 1e6 / best_cpu
    );
}

/// CPU time of this thread (utime + stime from /proc, 10 ms resolution): on a shared
/// machine wall time measures the neighbours too.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after_comm = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_comm.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
