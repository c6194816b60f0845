//! Compares the semantic model with the go/types oracle dump of `tools/gotypesdump`
//! (see `scripts/oracle-types`).
//!
//! Usage: oracle DUMP [--examples N]
//! The last line is `agreement: concurrency P% all Q%`.

use gotraps_semantic::{oracle, Program, ProgramOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dump) = args.first() else {
        eprintln!("usage: oracle DUMP [--examples N]");
        std::process::exit(2);
    };
    let examples: usize = args
        .iter()
        .position(|a| a == "--examples")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let text = match std::fs::read_to_string(dump) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("oracle: cannot read {dump}: {e}");
            std::process::exit(2);
        }
    };
    let pkgs = oracle::parse_dump(&text);
    let mut build = gotraps_workspace::BuildContext::host();
    build.cgo = false;
    let prog = Program::new(ProgramOptions { build, force_summary: false });
    let tally = oracle::compare_dump(&prog, &pkgs, examples);
    print!("{}", tally.report(pkgs.len(), 40));
}
