//! `gotraps watch`: polls live /debug/pprof endpoints, flags steadily growing goroutine
//! sites (D01/D02), serves Prometheus metrics and writes an HTML report.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Watch live Go services for goroutine leaks.
///
/// Polls each URL (host:port or http://host:port alone means /debug/pprof/goroutine?debug=2) every
/// --interval, keeps a bounded history, prints an ALERT when a blocking site grows
/// steadily, serves Prometheus metrics on --metrics-addr (/metrics, and /report for the
/// HTML report on demand), and writes the HTML report on exit (SIGINT/SIGTERM, or after
/// --polls rounds) and on SIGUSR1. A target that is down, slow or answers garbage is retried
/// with backoff while the others are still watched. Each poll prints a status line, the end
/// a summary per target.
///
/// Exit codes: 0 nothing suspicious; 1 a growth alert or a leak/deadlock suspect in a
/// target's last poll; 2 no target ever answered, or a usage error.
#[derive(clap::Args, Debug)]
pub struct WatchArgs {
    /// Endpoints to poll (http:// only).
    #[arg(required = true, value_name = "URL")]
    pub urls: Vec<String>,
    /// Seconds between polls of a target.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub interval: f64,
    /// Seconds before a poll is abandoned.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// Snapshots kept per target.
    #[arg(long, value_name = "N", default_value_t = 360)]
    pub history: usize,
    /// Consecutive polls over which a site must grow to be flagged.
    #[arg(long, value_name = "POLLS", default_value_t = 4)]
    pub window: usize,
    /// Minimum growth (goroutines) over the window before a site is flagged.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub min_growth: u64,
    /// Serve Prometheus metrics on this address, e.g. 127.0.0.1:9464.
    #[arg(long, value_name = "ADDR")]
    pub metrics_addr: Option<String>,
    /// Where the HTML report is written.
    #[arg(long, value_name = "FILE", default_value = "gotraps-watch.html")]
    pub report: PathBuf,
    /// Stop after this many polls per target (default: run until SIGINT/SIGTERM).
    #[arg(long, value_name = "N")]
    pub polls: Option<u64>,
}

pub fn run(args: WatchArgs) -> ExitCode {
    for u in &args.urls {
        if let Err(e) = gotraps_dump::fetch::endpoint(u) {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    if !(args.interval > 0.0 && args.timeout > 0.0) {
        eprintln!("error: --interval and --timeout must be positive");
        return ExitCode::from(2);
    }
    let cfg = gotraps_watch::Config {
        targets: args.urls,
        interval: Duration::from_secs_f64(args.interval),
        timeout: Duration::from_secs_f64(args.timeout),
        history: args.history,
        window: args.window,
        min_growth: args.min_growth,
        metrics_addr: args.metrics_addr,
        report: Some(args.report),
        max_polls: args.polls,
        ..Default::default()
    };
    let (stop, report_now) = match gotraps_watch::install_signals() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: cannot install signal handlers: {e}");
            return ExitCode::from(2);
        }
    };
    match gotraps_watch::run(&cfg, stop, report_now) {
        Ok(targets) if targets.iter().any(gotraps_watch::suspicious) => ExitCode::from(1),
        Ok(targets) if !targets.is_empty() && targets.iter().all(|t| t.last_report.is_none()) => ExitCode::from(2),
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
