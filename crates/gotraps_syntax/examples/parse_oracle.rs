//! Compare our parser with go/parser: reads goastdump's output (a file, or stdin with
//! `-`), parses each listed file, and prints every mismatch, then as the last line
//! `identical: A/B files (P%)`. Used by scripts/oracle-parse.

use std::io::Read;

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "-".into());
    let mut text = String::new();
    let read = if arg == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(&arg).map(|t| text = t)
    };
    if let Err(e) = read {
        eprintln!("oracle: cannot read goastdump output {arg}: {e}");
        std::process::exit(2);
    }
    let report = gotraps_syntax::dump::run_oracle(&text);
    for (path, what) in &report.mismatches {
        println!("MISMATCH {path}: {what}");
    }
    println!("{}", report.summary());
    if report.identical != report.total {
        std::process::exit(1);
    }
}
