//! What the syntax trees of a corpus hold in memory: parses every file and keeps every
//! tree, as a cold `gotraps check` does, then prints node counts, arena bytes and the
//! process's peak RSS (so RSS minus text and arenas is lists and allocator overhead).
//!
//!     aststats DIR            every .go file under DIR
//!     aststats - < LIST       the files listed, one per line (`readfloor --list` prints
//!                             the ones `gotraps check` selects)
//!     aststats DIR --decls    parse without function bodies, as imports are parsed

use gotraps_syntax::ast::{Comment, Expr, Stmt};
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for p in rd.flatten().map(|e| e.path()) {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "go") {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let decls_only = args.iter().any(|a| a == "--decls");
    let Some(source) = args.iter().find(|a| *a != "--decls") else {
        eprintln!("usage: aststats DIR|- [--decls]");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    if source == "-" {
        let list = std::io::read_to_string(std::io::stdin()).unwrap_or_default();
        files = list.lines().map(PathBuf::from).collect();
    } else {
        collect(Path::new(source), &mut files);
    }
    let (mut text, mut exprs, mut stmts, mut comments) = (0usize, 0usize, 0usize, 0usize);
    let mut kept = Vec::with_capacity(files.len());
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("aststats: {}: {e}", f.display());
                continue;
            }
        };
        let tree =
            if decls_only { gotraps_syntax::parse_declarations(&bytes) } else { gotraps_syntax::parse_file(&bytes) };
        text += tree.src.len();
        exprs += tree.exprs.len();
        stmts += tree.stmts.len();
        comments += tree.comments.len();
        kept.push(tree);
    }
    let mb = |n: usize| n as f64 / 1e6;
    let peak_kib = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.to_string()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<usize>().ok()));
    println!("{} files, text {:.1} MB", files.len(), mb(text));
    println!("expressions {exprs} x {} B = {:.1} MB", size_of::<Expr>(), mb(exprs * size_of::<Expr>()));
    println!("statements  {stmts} x {} B = {:.1} MB", size_of::<Stmt>(), mb(stmts * size_of::<Stmt>()));
    println!("comments    {comments} x {} B = {:.1} MB", size_of::<Comment>(), mb(comments * size_of::<Comment>()));
    if let Some(kib) = peak_kib {
        println!("peak RSS {kib} KiB");
    }
    std::hint::black_box(&kept);
}
