//! The `gotraps` command line: `check` (source), `server` (the same in editors),
//! `rules`/`rule` (docs), `goroutines` and `watch` (production dumps and live services).

mod check;
mod goroutines;
mod output;
mod progress;
mod rules_cmd;
mod server;
mod watch;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// A whole-tree check allocates millions of small AST and model nodes from every core
// and frees little before it ends. mimalloc, with large pages and no returning of
// memory to the system mid-run, took a fifth less CPU than glibc's allocator on
// GOROOT/src (half the kernel time: 1k page faults instead of 90k) for a third more
// peak memory (BENCHMARKS.md, "Allocator").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    fn mi_option_set(option: std::os::raw::c_int, value: std::os::raw::c_long);
}

/// Indices in the bundled mimalloc's `mi_option_e` (v3); a test checks them against the
/// options mimalloc reads from its `MIMALLOC_*` environment variables.
const ALLOW_LARGE_OS_PAGES: std::os::raw::c_int = 6;
const PURGE_DELAY: std::os::raw::c_int = 15;

/// Large pages let the kernel map the heap 2 MiB at a time, and a purge delay of -1
/// keeps freed pages for reuse rather than handing them back and faulting them in again.
fn tune_allocator() {
    // SAFETY: mi_option_set only stores an integer option; it is called before any
    // thread other than main exists.
    unsafe {
        mi_option_set(ALLOW_LARGE_OS_PAGES, 1);
        mi_option_set(PURGE_DELAY, -1);
    }
}

/// Find Go concurrency traps: goroutine leaks, lost cancels, deadlocks, races.
///
/// Exit codes: 0 no findings, 1 findings, 2 usage or internal error.
#[derive(Parser)]
#[command(name = "gotraps", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze Go source: `gotraps check ./...`, a directory (recursive) or files.
    Check(check::CheckCommand),
    /// List every rule with its code, traps and whether it is on by default.
    Rules(rules_cmd::RulesArgs),
    /// Print one rule's documentation: `gotraps rule defer-in-loop` or `gotraps rule GT013`.
    Rule(rules_cmd::RuleArgs),
    /// Analyze goroutine dumps and profiles (files, stdin `-`, or /debug/pprof URLs).
    Goroutines(goroutines::GoroutinesArgs),
    /// Poll live /debug/pprof endpoints, flag growing stacks, serve metrics, write a report.
    Watch(watch::WatchArgs),
    /// Language server over stdio: findings, quick fixes and rule docs in your editor.
    Server(server::ServerArgs),
}

/// `gotraps ... | head`: once the reader has gone, output has nowhere to go. Commands
/// that print handle the error; for any `println!` that meets it, the panic it raises
/// ends the process quietly instead of printing a backtrace.
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.starts_with("failed printing to stdout") && text.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info)
    }));
}

fn main() -> ExitCode {
    tune_allocator();
    quiet_on_closed_stdout();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules_cmd::run_rules(args),
        Command::Rule(args) => rules_cmd::run_rule(args),
        Command::Goroutines(args) => goroutines::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Server(args) => server::run(args),
    }
}

#[cfg(test)]
mod allocator_tests {
    use super::{ALLOW_LARGE_OS_PAGES, PURGE_DELAY};

    extern "C" {
        fn mi_option_get(option: std::os::raw::c_int) -> std::os::raw::c_long;
    }

    /// Runs in a child process started with `MIMALLOC_*` variables: the option each index
    /// names must hold the value mimalloc read for that name.
    #[test]
    fn option_indices_name_the_options_we_set() {
        if std::env::var_os("GOTRAPS_ALLOCATOR_CHILD").is_some() {
            // SAFETY: reads an integer option.
            let (large, purge) = unsafe { (mi_option_get(ALLOW_LARGE_OS_PAGES), mi_option_get(PURGE_DELAY)) };
            assert_eq!((large, purge), (1, 4321), "mimalloc's option indices moved: update main.rs");
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", "allocator_tests::option_indices_name_the_options_we_set", "--nocapture"])
            .env("GOTRAPS_ALLOCATOR_CHILD", "1")
            .env("MIMALLOC_ALLOW_LARGE_OS_PAGES", "1")
            .env("MIMALLOC_PURGE_DELAY", "4321")
            .output()
            .expect("run the test binary");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("1 passed"),
            "child failed:\n{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
