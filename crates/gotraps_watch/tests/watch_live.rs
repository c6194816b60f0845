//! `watch` against a real leaking Go service (testdata/dumps/leaky, mode `grow`): growth is
//! flagged within a few polls, /metrics parses as Prometheus text, the watcher survives the
//! target being killed and restarted and targets that answer garbage or hang, SIGTERM
//! leaves a complete report, and headless Chromium finds the suspects table and the chart.

#[path = "../../gotraps_dump/tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};
use support::*;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn get(url: &str) -> Result<String, String> {
    let mut s = String::new();
    gotraps_dump::fetch::get(url, Duration::from_secs(5))
        .map_err(|e| e.to_string())?
        .read_to_string(&mut s)
        .map_err(|e| e.to_string())?;
    Ok(s)
}

/// Checks the Prometheus text exposition format line by line; returns the samples.
fn parse_prometheus(text: &str) -> Vec<(String, Vec<(String, String)>, f64)> {
    let mut samples = Vec::new();
    let mut typed = std::collections::HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let ctx = format!("line {}: {line:?}", i + 1);
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# ") {
            let mut it = rest.splitn(3, ' ');
            let (kw, name) = (it.next().unwrap(), it.next().expect(&ctx));
            assert!(kw == "HELP" || kw == "TYPE", "{ctx}");
            if kw == "TYPE" {
                assert!(matches!(it.next(), Some("gauge" | "counter")), "{ctx}");
                assert!(typed.insert(name.to_string()), "duplicate TYPE {ctx}");
            }
            continue;
        }
        let name_end = line.find(['{', ' ']).expect(&ctx);
        let name = &line[..name_end];
        assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'), "{ctx}");
        assert!(typed.contains(name), "sample before its TYPE: {ctx}");
        let mut labels = Vec::new();
        let mut rest = &line[name_end..];
        if rest.starts_with('{') {
            let b = rest.as_bytes();
            let mut i = 1;
            while b[i] != b'}' {
                let eq = rest[i..].find('=').expect(&ctx) + i;
                let key = &rest[i..eq];
                assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{ctx}");
                assert_eq!(b[eq + 1], b'"', "{ctx}");
                let mut j = eq + 2;
                let mut val = String::new();
                while b[j] != b'"' {
                    if b[j] == b'\\' {
                        j += 1;
                        assert!(matches!(b[j], b'\\' | b'"' | b'n'), "bad escape {ctx}");
                    }
                    val.push(b[j] as char);
                    j += 1;
                }
                labels.push((key.to_string(), val));
                i = j + 1;
                if b[i] == b',' {
                    i += 1;
                }
            }
            rest = &rest[i + 1..];
        }
        let value: f64 = rest.trim().parse().unwrap_or_else(|_| panic!("bad value {ctx}"));
        samples.push((name.to_string(), labels, value));
    }
    samples
}

fn wait_for(rx: &mpsc::Receiver<String>, what: &str, secs: u64, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(l) if pred(&l) => return l,
            Ok(l) => seen.push(l),
            Err(_) => break,
        }
    }
    panic!("no {what} within {secs}s; output:\n{}", seen.join("\n"));
}

/// Runs in a child process (re-executed test binary) so that it can receive SIGTERM.
#[test]
fn watch_child_process() {
    let Ok(target) = std::env::var("GOTRAPS_WATCH_CHILD") else { return };
    let cfg = gotraps_watch::Config {
        targets: vec![target],
        interval: Duration::from_millis(300),
        timeout: Duration::from_secs(2),
        window: 4,
        min_growth: 3,
        metrics_addr: Some(std::env::var("GOTRAPS_WATCH_METRICS").unwrap()),
        report: Some(std::env::var("GOTRAPS_WATCH_REPORT").unwrap().into()),
        max_backoff: Duration::from_secs(1),
        ..Default::default()
    };
    let (stop, report) = gotraps_watch::install_signals().unwrap();
    let st = gotraps_watch::run(&cfg, stop, report).unwrap();
    assert!(st.iter().any(gotraps_watch::suspicious), "a growing leak must leave the watcher suspicious");
}

struct Child(std::process::Child);
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn watch_real_leaking_service() {
    if !have_go() {
        return;
    }
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut target = Some(start("grow", 3000, &["-addr", &addr]));
    let metrics = format!("127.0.0.1:{}", free_port());
    let dir = std::env::temp_dir().join(format!("gotraps-watch-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("report.html");
    let mut child = Child(
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "watch_child_process", "--nocapture", "--test-threads=1"])
            .env("GOTRAPS_WATCH_CHILD", format!("http://{addr}"))
            .env("GOTRAPS_WATCH_METRICS", &metrics)
            .env("GOTRAPS_WATCH_REPORT", &report)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let (tx, rx) = mpsc::channel();
    let out = child.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    // 1. The growing site is flagged within a few polls.
    let grow_site = sites("grow")[0].clone();
    let alert = wait_for(&rx, "growth alert", 30, |l| l.contains("ALERT D01") && l.contains(&grow_site));
    assert!(alert.contains("chan send"), "{alert}");

    // 2. /metrics is valid Prometheus text with per-state and per-suspect series.
    let text = get(&format!("http://{metrics}/metrics")).unwrap();
    let samples = parse_prometheus(&text);
    let find = |name: &str, label: (&str, &str)| {
        samples.iter().find(|(n, l, _)| n == name && l.iter().any(|(k, v)| k == label.0 && v == label.1)).map(|s| s.2)
    };
    assert_eq!(find("gotraps_target_up", ("target", &format!("http://{addr}"))), Some(1.0), "{text}");
    assert!(find("gotraps_goroutines", ("state", "chan send")).unwrap_or(0.0) >= 3.0, "{text}");
    let sus = samples.iter().find(|(n, l, _)| {
        n == "gotraps_suspect_goroutines" && l.iter().any(|(k, v)| k == "site" && v.ends_with(&grow_site))
    });
    assert!(sus.is_some_and(|s| s.1.iter().any(|(k, v)| k == "kind" && v == "goroutine_leak")), "{text}");
    assert!(find("gotraps_growing_sites", ("target", &format!("http://{addr}"))).unwrap_or(0.0) >= 1.0, "{text}");

    // 3. Killing the target: the watcher reports it and keeps going.
    drop(target.take());
    wait_for(&rx, "poll failure", 20, |l| l.contains("poll failed"));
    let text = get(&format!("http://{metrics}/metrics")).unwrap();
    assert_eq!(parse_prometheus(&text).iter().find(|s| s.0 == "gotraps_target_up").map(|s| s.2), Some(0.0), "{text}");
    // ... and restarting it on the same port brings it back.
    let _target = start("grow", 3000, &["-addr", &addr]);
    wait_for(&rx, "recovery", 30, |l| l.contains("back up"));

    // 4. SIGTERM: clean exit with a complete report.
    let st = Command::new("kill").args(["-TERM", &child.0.id().to_string()]).status().unwrap();
    assert!(st.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.0.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "watch did not exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    // The child asserts that the final state is suspicious (what makes `gotraps watch` exit 1).
    assert!(status.success(), "{status:?}");
    let html = std::fs::read_to_string(&report).expect("report written on SIGTERM");
    assert!(html.trim_end().ends_with("</html>"));
    assert!(
        html.contains("class=\"suspects\"") && html.contains("class=\"growth-chart\"") && html.contains(&grow_site)
    );
    assert!(html.contains("ALERT D01"));
    chromium_checks(&report, &grow_site);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Opens the report in headless Chromium and checks the rendered DOM.
fn chromium_checks(report: &std::path::Path, site: &str) {
    let chromium = std::path::Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("/usr/bin/chromium is required under CI=true (apt-get install chromium)");
        }
        eprintln!("skipping the Chromium check: /usr/bin/chromium not found");
        return;
    }
    let profile = std::env::temp_dir().join(format!("gotraps-chromium-{}", std::process::id()));
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &format!("file://{}", report.display()),
        ])
        .stderr(Stdio::null())
        .output()
        .expect("run chromium");
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("<table class=\"suspects\">"), "suspects table missing from the DOM:\n{dom}");
    let rows = dom.split("<table class=\"suspects\">").nth(1).unwrap().split("</table>").next().unwrap();
    assert!(rows.matches("<tr>").count() >= 2, "header plus at least one suspect row");
    assert!(rows.contains(site) && rows.contains("goroutine_leak"));
    assert!(dom.contains("<svg class=\"growth-chart\""), "chart missing");
    assert!(dom.contains("<polyline"), "chart has no series");
}

/// A server that answers every request with `response`, or never answers when `None`.
fn fake_server(response: Option<&'static [u8]>) -> (String, Arc<AtomicBool>) {
    let ln = TcpListener::bind("127.0.0.1:0").unwrap();
    ln.set_nonblocking(true).unwrap();
    let addr = ln.local_addr().unwrap().to_string();
    let stop = Arc::new(AtomicBool::new(false));
    let s = stop.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        while !s.load(std::sync::atomic::Ordering::SeqCst) {
            match ln.accept() {
                Ok((mut c, _)) => {
                    let mut buf = [0u8; 2048];
                    c.set_nonblocking(false).unwrap();
                    c.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
                    let _ = c.read(&mut buf);
                    match response {
                        Some(r) => {
                            let _ = c.write_all(r);
                        }
                        None => held.push(c),
                    }
                }
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    });
    (addr, stop)
}

#[test]
fn garbage_and_hanging_targets_do_not_stop_the_others() {
    if !have_go() {
        return;
    }
    let good = start("sendtimeout", 9, &[]);
    let (garbage, g_stop) =
        fake_server(Some(b"HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\n\x00\x01 not a dump \xff\xfe!!"));
    let (hang, h_stop) = fake_server(None);
    let down = format!("127.0.0.1:{}", free_port());
    let cfg = gotraps_watch::Config {
        targets: vec![
            format!("http://{}", good.addr),
            format!("http://{garbage}"),
            format!("http://{hang}"),
            format!("http://{down}"),
        ],
        interval: Duration::from_millis(100),
        timeout: Duration::from_millis(500),
        max_polls: Some(3),
        max_backoff: Duration::from_millis(200),
        ..Default::default()
    };
    let started = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let st = gotraps_watch::run(&cfg, stop, Arc::new(AtomicBool::new(false))).unwrap();
    assert!(started.elapsed() < Duration::from_secs(20), "a hanging target must not stall the watcher");
    g_stop.store(true, std::sync::atomic::Ordering::SeqCst);
    h_stop.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(st.len(), 4);
    assert!(st[0].up && st[0].errors == 0 && st[0].history.samples.len() == 3, "good target: {:?}", st[0].last_error);
    let top = &st[0].last_report.as_ref().unwrap().suspects[0];
    assert!(top.site.as_deref().unwrap().ends_with(&sites("sendtimeout")[0]));
    for (i, want) in [(1, "no goroutines"), (2, "timed out"), (3, "refused")] {
        assert!(!st[i].up && st[i].errors >= 1 && st[i].history.samples.is_empty(), "target {i}");
        let e = st[i].last_error.as_deref().unwrap_or("");
        assert!(e.contains(want), "target {i}: {e:?} should mention {want:?}");
    }
}
