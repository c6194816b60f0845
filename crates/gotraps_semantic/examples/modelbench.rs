//! Model-building cost against parse time on a real corpus (default: GOROOT/src).
//! Prints read, parse and model times; the model time covers registering every package,
//! loading whatever they import that is not among them, and checking all of them.
//!
//! Each phase also reports the CPU time of the process's threads (Linux only): on a
//! shared machine the wall time includes waiting for the CPU, the CPU time does not.
//!
//! Usage: modelbench [DIR...] (default: GOROOT/src with its vendor directories)

use gotraps_semantic::{Program, ProgramOptions};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let mut dirs: Vec<String> = std::env::args().skip(1).collect();
    if dirs.is_empty() {
        match gotraps_workspace::goroot() {
            Some(r) => {
                // All of GOROOT/src: `...` patterns skip vendor directories, so list them.
                for d in ["src", "src/vendor", "src/cmd/vendor"] {
                    dirs.push(r.join(d).to_string_lossy().into_owned());
                }
            }
            None => {
                eprintln!("modelbench: no GOROOT; pass directories");
                std::process::exit(2);
            }
        }
    }
    let targets: Vec<String> = dirs.iter().map(|d| format!("{}/...", d.trim_end_matches('/'))).collect();
    let ctx = gotraps_workspace::BuildContext::host();
    let loaded = gotraps_workspace::load(&targets, &ctx);

    let (t, c) = (Instant::now(), cpu_ms());
    let sources: Vec<Vec<(PathBuf, Vec<u8>)>> = loaded
        .packages
        .par_iter()
        .map(|p| p.files.iter().filter_map(|f| Some((f.clone(), std::fs::read(f).ok()?))).collect())
        .collect();
    let (read, read_cpu) = (t.elapsed(), cpu_ms() - c);
    let bytes: usize = sources.iter().flatten().map(|(_, s)| s.len()).sum();
    let nfiles: usize = sources.iter().map(|s| s.len()).sum();

    let (t, c) = (Instant::now(), cpu_ms());
    let parsed: Vec<Vec<(PathBuf, Arc<gotraps_syntax::File>)>> = sources
        .par_iter()
        .map(|files| files.par_iter().map(|(p, s)| (p.clone(), Arc::new(gotraps_syntax::parse_file(s)))).collect())
        .collect();
    let (parse, parse_cpu) = (t.elapsed(), cpu_ms() - c);

    let (t, c) = (Instant::now(), cpu_ms());
    let prog = Program::new(ProgramOptions { build: ctx.clone(), force_summary: false });
    let ids: Vec<_> = loaded
        .packages
        .iter()
        .zip(parsed)
        .map(|(p, files)| prog.add_target(&p.dir, p.import_path().as_deref(), files, Some(p.go_version())))
        .collect();
    let idents: usize = ids
        .par_iter()
        .map(|&id| prog.check(id).map_or(0, |m| m.rec.idents.iter().map(|f| f.len()).sum::<usize>()))
        .sum();
    let (model, model_cpu) = (t.elapsed(), cpu_ms() - c);

    println!(
        "corpus: {} packages (+{} imported from outside it), {} files, {:.1} MB",
        loaded.packages.len(),
        prog.package_count().saturating_sub(loaded.packages.len() + 1),
        nfiles,
        bytes as f64 / 1e6
    );
    println!("read:  {:>8.0} ms  (cpu {:.0} ms)", read.as_secs_f64() * 1e3, read_cpu);
    println!("parse: {:>8.0} ms  (cpu {:.0} ms)", parse.as_secs_f64() * 1e3, parse_cpu);
    println!(
        "model: {:>8.0} ms  (cpu {:.0} ms, {:.2}x parse cpu; {} identifiers resolved, {} types, {:.2}x parse)",
        model.as_secs_f64() * 1e3,
        model_cpu,
        model_cpu / parse_cpu.max(1e-9),
        idents,
        prog.types.len(),
        model.as_secs_f64() / parse.as_secs_f64().max(1e-9)
    );
}

/// CPU time used so far by all threads of this process, in milliseconds (0 where
/// /proc/self/task/*/schedstat is not available).
fn cpu_ms() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return 0.0 };
    let mut ns = 0u64;
    for t in tasks.flatten() {
        if let Ok(s) = std::fs::read_to_string(t.path().join("schedstat")) {
            ns += s.split_whitespace().next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        }
    }
    ns as f64 / 1e6
}
