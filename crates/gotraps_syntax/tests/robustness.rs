//! Robustness without a fuzzer: a few thousand deterministic mutations of GOROOT files
//! (truncations, byte flips, inserted and deleted bytes) must parse without panicking,
//! on a 2 MiB stack, into trees whose spans nest inside the source and their parents.
//! The same check runs under libFuzzer in fuzz/fuzz_targets/parse.rs.
//!
//! Reads GOROOT/src, so it needs `go`: skips when missing, fails when CI=true.

use std::path::{Path, PathBuf};
use std::process::Command;

fn goroot_src() -> Option<PathBuf> {
    let out = Command::new("go").args(["env", "GOROOT"]).output().ok()?;
    out.status.success().then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("src"))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            collect(&p, out);
        } else if ft.is_file() && p.extension().is_some_and(|x| x == "go") {
            out.push(p);
        }
    }
}

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INSERTS: &[&[u8]] = &[
    b"{",
    b"}",
    b"(",
    b")",
    b"[",
    b"]",
    b"\"",
    b"`",
    b"'",
    b"/*",
    b"*/",
    b"//",
    b"\n",
    b";",
    b",",
    b":",
    b"func ",
    b"type ",
    b"<-",
    b"...",
    b".",
    b"=",
    b":=",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"range ",
    b"case ",
    b"0x",
    b"1e",
    b"\\",
    b"interface{",
    b"chan ",
    b"[]",
    b"~",
];

fn mutate(src: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = src.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(v.len() + 1);
        match rng.below(4) {
            0 => v.truncate(at),
            1 => {
                if at < v.len() {
                    v[at] = rng.next() as u8;
                }
            }
            2 => {
                let ins = INSERTS[rng.below(INSERTS.len())];
                v.splice(at..at, ins.iter().copied());
            }
            _ => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                if at < end {
                    v.drain(at..end);
                }
            }
        }
    }
    v
}

#[test]
fn mutated_goroot_files_parse_cleanly() {
    let Some(src) = goroot_src() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but `go` is not installed: this test reads GOROOT/src");
        }
        eprintln!("skipping: `go` is not installed (the corpus is GOROOT/src)");
        return;
    };
    let mut files = Vec::new();
    collect(&src, &mut files);
    files.sort();
    // Every 40th file, capped by size so the debug run stays quick.
    let corpus: Vec<Vec<u8>> =
        files.iter().step_by(40).filter_map(|f| std::fs::read(f).ok()).filter(|s| s.len() < 40_000).collect();
    assert!(corpus.len() > 50, "corpus too small: {}", corpus.len());

    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
            let mut parsed = 0;
            let mut with_errors = 0;
            for (i, s) in corpus.iter().enumerate() {
                for _ in 0..20 {
                    let m = mutate(s, &mut rng);
                    let f = gotraps_syntax::parse_file(&m);
                    if let Err(e) = gotraps_syntax::check_span_invariants(&f) {
                        panic!("corpus file {i}, mutation {parsed}: {e}");
                    }
                    with_errors += usize::from(!f.errors.is_empty());
                    parsed += 1;
                }
            }
            (parsed, with_errors)
        })
        .expect("spawn");
    let (parsed, with_errors) = handle.join().expect("parser panicked or overflowed its stack");
    eprintln!("{parsed} mutated files parsed, {with_errors} with syntax errors");
    assert!(parsed >= 2000);
    // The mutations must actually break most files, or the test exercises nothing.
    assert!(with_errors * 2 > parsed, "only {with_errors} of {parsed} mutations were rejected");
}
