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

/// The URL polled for what the user typed (the same defaults as `gotraps goroutines`).
pub fn endpoint(url: &str) -> String {
    gotraps_dump::fetch::endpoint(url).unwrap_or_else(|_| url.to_string())
}

fn now_string() -> String {
    utc_string(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0))
}

/// `2026-12-06 16:13:53 UTC` for seconds since the Unix epoch.
pub fn utc_string(secs: u64) -> String {
    let (days, rem) = ((secs / 86400) as i64, secs % 86400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil, inverted).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// The status line printed after each successful poll.
fn status_line(t: f64, name: &str, r: &Report) -> String {
    let flagged: Vec<&gotraps_dump::report::SuspectOut> = r.suspects.iter().filter(|x| x.kind != "blocked").collect();
    let top = match flagged.first() {
        Some(x) => format!(
            "; top suspect: {} {}at {} ({} goroutines)",
            x.kind,
            x.mechanism.map(|m| format!("({m}) ")).unwrap_or_default(),
            x.site.as_deref().unwrap_or("?"),
            x.count
        ),
        None => "; no leak or deadlock suspects".into(),
    };
    format!("[{t:.1}s] {name}: {} goroutines, {} buckets{top}", r.total_goroutines, r.bucket_count)
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
    let body = gotraps_dump::fetch::get_bytes(url, timeout).map_err(|e| e.to_string())?;
    let snap = parse_reader(&body[..], Similarity::Exact);
    if snap.total == 0 {
        let what = snap.not_a_dump.unwrap_or("an empty profile");
        return Err(format!("no goroutines in the response ({} bytes, looks like {what})", body.len()));
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
                    emit(&status_line(t, &st.name, &r));
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
                    let last = cfg.max_polls.is_some_and(|m| rounds + 1 >= m);
                    if last {
                        emit(&format!("[{t:.1}s] {}: poll failed: {e}", st.name));
                    } else {
                        emit(&format!(
                            "[{t:.1}s] {}: poll failed: {e}; retrying in {:.1}s",
                            st.name,
                            backoff.as_secs_f64()
                        ));
                    }
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
    for st in t.iter() {
        emit(&summary_line(st));
    }
    Ok(std::mem::take(&mut *t))
}

/// Whether the target's last poll or its history shows a leak or deadlock.
pub fn suspicious(st: &TargetState) -> bool {
    !st.alerts.is_empty()
        || st.last_report.as_ref().is_some_and(|r| r.suspects.iter().any(|x| x.kind != "blocked" || x.proven))
}

/// The final summary line of one target.
pub fn summary_line(st: &TargetState) -> String {
    let last = match &st.last_report {
        Some(r) => {
            let n = r.suspects.iter().filter(|x| x.kind != "blocked" || x.proven).count();
            format!("last poll {} goroutines, {n} leak/deadlock suspect(s)", r.total_goroutines)
        }
        None => "never answered".into(),
    };
    let err = st.last_error.as_ref().filter(|_| !st.up).map(|e| format!("; last error: {e}")).unwrap_or_default();
    format!("summary {}: {} polls, {} failed, {} alert(s), {last}{err}", st.name, st.polls, st.errors, st.alerts.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(utc_string(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_string(1_796_573_633), "2026-12-06 16:13:53 UTC");
        assert_eq!(utc_string(951_782_400), "2000-02-29 00:00:00 UTC");
    }

    #[test]
    fn endpoints() {
        assert_eq!(endpoint("127.0.0.1:6060"), "http://127.0.0.1:6060/debug/pprof/goroutine?debug=2");
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
