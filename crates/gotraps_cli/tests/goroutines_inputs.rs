//! `gotraps goroutines` on what users actually feed it: inputs that are not dumps exit 2 and
//! say what they look like; endpoints are fetched the same way as `watch` does (bare
//! host:port, redirects, one deadline over the whole request and body), tested against
//! local servers on 127.0.0.1 only.

#[path = "../../gotraps_dump/tests/support/mod.rs"]
mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::*;

fn gotraps(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gotraps")).args(args).stdin(Stdio::null()).output().expect("run gotraps")
}

fn scratch(name: &str, bytes: &[u8]) -> String {
    let p = std::env::temp_dir().join(format!("gotraps-inputs-{}-{name}", std::process::id()));
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

fn expect_not_a_dump(out: &Output, looks: &str, what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{what}: exit 2 expected; stderr: {err}");
    assert!(err.contains("no goroutine dump found in") && err.contains(looks), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn inputs_without_a_dump_exit_2() {
    let login = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form method=post><input name=user></form></body></html>\n";
    let mut random = Vec::new();
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        random.push(x as u8);
    }
    for (what, bytes, looks) in [
        ("HTML login page", login.as_bytes().to_vec(), "HTML"),
        ("random bytes", random, "binary data"),
        ("plain text", b"Build succeeded.\nAll 12 checks passed.\n".to_vec(), "text without goroutine headers"),
        ("empty file", Vec::new(), "empty"),
    ] {
        let f = scratch(&what.replace(' ', "-"), &bytes);
        expect_not_a_dump(&gotraps(&["goroutines", &f]), looks, what);
    }
    // empty stdin
    let out =
        Command::new(env!("CARGO_BIN_EXE_gotraps")).args(["goroutines", "-"]).stdin(Stdio::piped()).output().unwrap();
    expect_not_a_dump(&out, "empty", "empty stdin");
    assert!(String::from_utf8_lossy(&out.stderr).contains("in stdin"));
    // a directory
    let dir = std::env::temp_dir();
    let out = gotraps(&["goroutines", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn pprof_index_page_is_not_a_dump() {
    if !have_go() {
        return;
    }
    let p = start("sendtimeout", 3, &[]);
    expect_not_a_dump(&gotraps(&["goroutines", &p.url("/debug/pprof/")]), "HTML", "/debug/pprof/ index");
    // The same process through a bare host:port: the default debug=2 path, a real dump.
    let out = gotraps(&["goroutines", "--format", "json", &p.addr]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["formats"][0], "traceback");
    // --base with a profile against a traceback is refused, not diffed.
    let out = gotraps(&["goroutines", "--base", &p.url("/debug/pprof/goroutine?debug=1"), &p.addr]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("same ?debug="), "{err}");
}

/// A one-connection-at-a-time HTTP server on 127.0.0.1 running `serve` for each request.
fn server(serve: impl Fn(&mut std::net::TcpStream, &str) + Send + 'static) -> String {
    let ln = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = ln.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for s in ln.incoming() {
            let Ok(mut s) = s else { continue };
            let mut req = [0u8; 4096];
            let n = s.read(&mut req).unwrap_or(0);
            let req = String::from_utf8_lossy(&req[..n]).to_string();
            serve(&mut s, &req);
        }
    });
    addr
}

const DUMP: &str = "goroutine 7 [chan send, 12 minutes]:\nmain.worker()\n\t/src/app/main.go:42 +0x1d\ncreated by main.main in goroutine 1\n\t/src/app/main.go:30 +0x2f\n\n";

#[test]
fn hung_server_and_stalled_body_time_out() {
    // Accepts and never answers.
    let hung = server(|s, _| {
        std::thread::sleep(Duration::from_secs(30));
        let _ = s.write_all(b"");
    });
    let t = Instant::now();
    let out = gotraps(&["goroutines", "--timeout", "2", &hung]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("timed out after 2s"), "{err}");
    assert!(t.elapsed() < Duration::from_secs(5), "took {:?}", t.elapsed());
    // Sends headers and half a body, then stalls.
    let stalled = server(|s, _| {
        let body = DUMP.repeat(50);
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
        let _ = s.write_all(head.as_bytes());
        let _ = s.write_all(&body.as_bytes()[..body.len() / 2]);
        std::thread::sleep(Duration::from_secs(30));
    });
    let t = Instant::now();
    let out = gotraps(&["goroutines", "--timeout", "2", &format!("http://{stalled}/debug/pprof/goroutine?debug=2")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "a partial body is an error, not a partial parse: {err}");
    assert!(err.contains("timed out after 2s"), "{err}");
    assert!(t.elapsed() < Duration::from_secs(5), "the deadline covers the body: took {:?}", t.elapsed());
}

#[test]
fn redirects_are_followed_and_watch_uses_the_same_path() {
    let target = server(|s, req| {
        assert!(req.starts_with("GET /debug/pprof/goroutine?debug=2 "), "{req}");
        let _ = s.write_all(format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{DUMP}", DUMP.len()).as_bytes());
    });
    let redirect = server(move |s, _| {
        let loc = format!("http://{target}/debug/pprof/goroutine?debug=2");
        let _ = s.write_all(format!("HTTP/1.1 302 Found\r\nLocation: {loc}\r\nContent-Length: 0\r\n\r\n").as_bytes());
    });
    let out = gotraps(&["goroutines", "--format", "json", &format!("http://{redirect}/old")]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total_goroutines"], 1);
    // watch: bare host:port, one status line per poll, a summary, and exit 1 on a leak.
    let report = std::env::temp_dir().join(format!("gotraps-inputs-watch-{}.html", std::process::id()));
    let out = gotraps(&[
        "watch",
        "--polls",
        "2",
        "--interval",
        "0.2",
        "--report",
        report.to_str().unwrap(),
        &format!("{redirect}"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    // the redirect server sends /old for the bare host:port too; it lands on the target
    assert_eq!(text.matches(": 1 goroutines, 1 buckets").count(), 2, "{text}");
    assert!(text.contains("summary ") && text.contains("2 polls, 0 failed"), "{text}");
    assert!(!text.contains("retrying"), "{text}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(!html.contains("day "), "a real date in the report");
    assert!(html.contains(" UTC"), "date in the report");
    assert_eq!(out.status.code(), Some(1), "a 12-minute blocked send is a leak: {text}");
}
