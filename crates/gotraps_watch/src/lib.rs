//! Live watching of /debug/pprof endpoints: polling with backoff, growth detection, Prometheus metrics and the HTML report.
//!
//! One thread per target polls `debug=2` (or whatever URL was given), parses it with
//! `gotraps_dump`, appends a [`history::Sample`] to a bounded history and flags sites that
//! grow steadily (D01). A target that is down, slow or answers garbage is retried with
//! exponential backoff while the others go on. [`metrics`] serves `/metrics` and `/report`;
//! [`html`] writes the report, on exit and on demand.

pub mod history;
pub mod html;
pub mod metrics;

use gotraps_dump::{build, parse_reader, Options, Report, Similarity};
use history::{Growth, History, Sample};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Clone, Debug)]
pub struct Config {
    /// Endpoint URLs; a bare `http://host:port` means `/debug/pprof/goroutine?debug=2`.
    pub targets: Vec<String>,
    pub interval: Duration,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Snapshots kept per target.
    pub history: usize,
    /// Polls over which growth must be steady.
    pub window: usize,
    /// Minimum growth over the window before a site is flagged.
    pub min_growth: u64,
    pub metrics_addr: Option<String>,
    pub report: Option<PathBuf>,
    /// Stop after this many poll rounds (None: until a signal).
    pub max_polls: Option<u64>,
    /// Longest backoff after repeated failures.
    pub max_backoff: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            targets: Vec::new(),
            interval: Duration::from_secs(10),
            timeout: Duration::from_secs(10),
            history: 360,
            window: 4,
            min_growth: 3,
            metrics_addr: None,
            report: None,
            max_polls: None,
            max_backoff: Duration::from_secs(60),
        }
    }
}

/// What is known about one target.
#[derive(Debug)]
pub struct TargetState {
    pub name: String,
    pub url: String,
    pub up: bool,
    pub polls: u64,
    pub errors: u64,
    pub consecutive_errors: u32,
    pub last_error: Option<String>,
    pub history: History,
    pub last_report: Option<Report>,
    pub growing: Vec<Growth>,
    /// Alert lines, oldest first (bounded).
    pub alerts: Vec<String>,
}

/// State shared by the pollers, the metrics server and the report writer.
pub struct Shared {
    pub targets: Mutex<Vec<TargetState>>,
    pub stop: AtomicBool,
    pub report_path: Option<PathBuf>,
    pub started: Instant,
}

const MAX_ALERTS: usize = 500;

pub fn endpoint(url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    match rest.find('/') {
        None => format!("{}/debug/pprof/goroutine?debug=2", url.trim_end_matches('/')),
        Some(i) if rest[i..] == *"/" => format!("{}debug/pprof/goroutine?debug=2", url),
        Some(_) => url.to_string(),
    }
}

fn now_string() -> String {
    let s = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (days, rem) = (s / 86400, s % 86400);
    format!("day {days} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Writes the HTML report (when a path is configured) and returns it.
pub fn write_report(shared: &Shared) -> String {
    let html = {
        let t = shared.targets.lock().unwrap_or_else(|e| e.into_inner());
        html::render(&t, &now_string())
    };
    if let Some(p) = &shared.report_path {
        let tmp = p.with_extension("html.tmp");
        if std::fs::write(&tmp, &html).and_then(|_| std::fs::rename(&tmp, p)).is_err() {
            eprintln!("gotraps watch: cannot write report {}", p.display());
        }
    }
    html
}

/// One poll: fetch, parse, analyse. Errors are user-facing messages.
fn poll(url: &str, timeout: Duration) -> Result<Report, String> {
    let started = Instant::now();
    let body = gotraps_dump::fetch::get(url, timeout).map_err(|e| match e.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused (target down?)".to_string(),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => format!("timed out after {:?}", timeout),
        _ => e.to_string(),
    })?;
    let snap = parse_reader(std::io::BufReader::new(body), Similarity::Exact);
    if snap.total == 0 {
        let w = snap.warnings.first().map(|w| format!(": {}", w.message)).unwrap_or_default();
        return Err(format!("no goroutines in the response ({} bytes, not a goroutine dump?){w}", snap.bytes));
    }
    if started.elapsed() > timeout * 2 {
        return Err(format!("response took {:?}", started.elapsed()));
    }
    let mut opts = Options { max_suspects: 10, max_buckets: 50, ..Default::default() };
    Ok(build(&snap, url, &mut opts).0)
}

fn emit(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn poller(shared: Arc<Shared>, idx: usize, cfg: Config) {
    let url = shared.targets.lock().unwrap()[idx].url.clone();
    let mut rounds = 0u64;
    let mut next = Instant::now();
    loop {
        while Instant::now() < next {
            if shared.stop.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20).min(next - Instant::now()));
        }
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let result = poll(&url, cfg.timeout);
        let t = shared.started.elapsed().as_secs_f64();
        let delay;
        {
            let mut all = shared.targets.lock().unwrap_or_else(|e| e.into_inner());
            let st = &mut all[idx];
            st.polls += 1;
            match result {
                Ok(r) => {
                    if !st.up && st.polls > 1 {
                        emit(&format!("[{t:.1}s] {}: back up", st.name));
                    }
                    st.up = true;
                    st.consecutive_errors = 0;
                    st.history.push(Sample::from_report(t, &r));
                    st.last_report = Some(r);
                    let growing = st.history.growing(cfg.window, cfg.min_growth);
                    for g in &growing {
                        if !st.growing.iter().any(|h| h.key == g.key) {
                            let what = if g.key == "total" {
                                "goroutine count".to_string()
                            } else {
                                format!(
                                    "goroutines at {} ({}, {})",
                                    g.site(),
                                    g.key.split_once('|').map_or("", |x| x.1),
                                    g.function
                                )
                            };
                            let line = format!(
                                "[{t:.1}s] ALERT D01 {}: {what} grew {} -> {} over {} polls",
                                st.name, g.from, g.to, g.polls
                            );
                            emit(&line);
                            if st.alerts.len() < MAX_ALERTS {
                                st.alerts.push(line);
                            }
                        }
                    }
                    st.growing = growing;
                    delay = cfg.interval;
                }
                Err(e) => {
                    st.errors += 1;
                    st.consecutive_errors += 1;
                    st.up = false;
                    let backoff =
                        (cfg.interval * 2u32.saturating_pow(st.consecutive_errors.min(16))).min(cfg.max_backoff);
                    emit(&format!(
                        "[{t:.1}s] {}: poll failed: {e}; retrying in {:.1}s",
                        st.name,
                        backoff.as_secs_f64()
                    ));
                    st.last_error = Some(e);
                    delay = backoff.max(cfg.interval);
                }
            }
        }
        rounds += 1;
        if cfg.max_polls.is_some_and(|m| rounds >= m) {
            return;
        }
        next = Instant::now() + delay;
    }
}

/// Watches until `stop` is set (signal) or every target did `max_polls` polls; then writes
/// the report. `report_now` is polled to write the report on demand (SIGUSR1). Returns the
/// final state of every target.
pub fn run(cfg: &Config, stop: Arc<AtomicBool>, report_now: Arc<AtomicBool>) -> std::io::Result<Vec<TargetState>> {
    let shared = Arc::new(Shared {
        targets: Mutex::new(
            cfg.targets
                .iter()
                .map(|u| TargetState {
                    name: u.clone(),
                    url: endpoint(u),
                    up: false,
                    polls: 0,
                    errors: 0,
                    consecutive_errors: 0,
                    last_error: None,
                    history: History::new(cfg.history),
                    last_report: None,
                    growing: Vec::new(),
                    alerts: Vec::new(),
                })
                .collect(),
        ),
        stop: AtomicBool::new(false),
        report_path: cfg.report.clone(),
        started: Instant::now(),
    });
    let mut server = None;
    if let Some(addr) = &cfg.metrics_addr {
        let (local, h) = metrics::serve(addr, shared.clone())?;
        emit(&format!("gotraps watch: metrics on http://{local}/metrics, report on http://{local}/report"));
        server = Some(h);
    }
    let pollers: Vec<_> = (0..cfg.targets.len())
        .map(|i| {
            let (s, c) = (shared.clone(), cfg.clone());
            std::thread::spawn(move || poller(s, i, c))
        })
        .collect();
    loop {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        if report_now.swap(false, Ordering::SeqCst) {
            write_report(&shared);
            emit("gotraps watch: report written");
        }
        if pollers.iter().all(|p| p.is_finished()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    shared.stop.store(true, Ordering::SeqCst);
    for p in pollers {
        let _ = p.join();
    }
    if let Some(h) = server {
        let _ = h.join();
    }
    write_report(&shared);
    if let Some(p) = &cfg.report {
        emit(&format!("gotraps watch: report written to {}", p.display()));
    }
    let mut t = shared.targets.lock().unwrap_or_else(|e| e.into_inner());
    Ok(std::mem::take(&mut *t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(endpoint("http://127.0.0.1:6060"), "http://127.0.0.1:6060/debug/pprof/goroutine?debug=2");
        assert_eq!(endpoint("http://h:1/"), "http://h:1/debug/pprof/goroutine?debug=2");
        assert_eq!(endpoint("http://h:1/debug/pprof/goroutine?debug=1"), "http://h:1/debug/pprof/goroutine?debug=1");
    }
}

/// Installs SIGINT/SIGTERM (stop) and SIGUSR1 (write the report now) handlers and returns
/// their flags.
pub fn install_signals() -> std::io::Result<(Arc<AtomicBool>, Arc<AtomicBool>)> {
    use signal_hook::consts::{SIGINT, SIGTERM, SIGUSR1};
    let stop = Arc::new(AtomicBool::new(false));
    let report = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGINT, stop.clone())?;
    signal_hook::flag::register(SIGTERM, stop.clone())?;
    signal_hook::flag::register(SIGUSR1, report.clone())?;
    Ok((stop, report))
}
