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
