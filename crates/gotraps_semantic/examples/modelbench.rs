//! Model-building cost against parse time on a real corpus (default: GOROOT/src).
//! Prints read, parse and model times; the model time covers registering every package,
//! loading whatever they import that is not among them, and checking all of them.
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

    let t = Instant::now();
    let sources: Vec<Vec<(PathBuf, Vec<u8>)>> = loaded
        .packages
        .par_iter()
        .map(|p| p.files.iter().filter_map(|f| Some((f.clone(), std::fs::read(f).ok()?))).collect())
        .collect();
    let read = t.elapsed();
    let bytes: usize = sources.iter().flatten().map(|(_, s)| s.len()).sum();
    let nfiles: usize = sources.iter().map(|s| s.len()).sum();

    let t = Instant::now();
    let parsed: Vec<Vec<(PathBuf, Arc<gotraps_syntax::File>)>> = sources
        .par_iter()
        .map(|files| files.par_iter().map(|(p, s)| (p.clone(), Arc::new(gotraps_syntax::parse_file(s)))).collect())
        .collect();
    let parse = t.elapsed();

    let t = Instant::now();
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
    let model = t.elapsed();

    println!(
        "corpus: {} packages (+{} imported from outside it), {} files, {:.1} MB",
        loaded.packages.len(),
        prog.package_count().saturating_sub(loaded.packages.len() + 1),
        nfiles,
        bytes as f64 / 1e6
    );
    println!("read:  {:>8.0} ms", read.as_secs_f64() * 1e3);
    println!("parse: {:>8.0} ms", parse.as_secs_f64() * 1e3);
    println!(
        "model: {:>8.0} ms  ({} identifiers resolved, {} types, {:.2}x parse)",
        model.as_secs_f64() * 1e3,
        idents,
        prog.types.len(),
        model.as_secs_f64() / parse.as_secs_f64().max(1e-9)
    );
}
