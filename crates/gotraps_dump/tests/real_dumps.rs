//! Real runtime output as the oracle: each scenario of testdata/dumps/leaky runs with the
//! installed Go toolchain, its goroutines are captured live in every format (pprof debug=0,
//! 1 and 2 over HTTP, runtime.Stack with log lines, SIGQUIT, `go test -timeout`), and gotraps
//! must name the line marked `// SITE: <mode>` as the top suspect in every one of them.

mod support;

use gotraps_dump::{build, fetch, parse_reader, Options, Report, Similarity};
use std::io::Read;
use std::time::Duration;
use support::*;

fn fetch_bytes(url: &str) -> Vec<u8> {
    let mut v = Vec::new();
    fetch::get(url, Duration::from_secs(20)).unwrap().read_to_end(&mut v).unwrap();
    v
}

fn analyse(bytes: &[u8]) -> Report {
    let snap = parse_reader(bytes, Similarity::Exact);
    build(&snap, "test", &mut Options::default()).0
}

/// Checks that the top suspect of `r` is of `kind` at one of `sites` (or, with no sites, in
/// function `func`).
fn expect_top(what: &str, r: &Report, kind: &str, sites: &[String], func: Option<&str>) {
    let top = r.suspects.first().unwrap_or_else(|| panic!("{what}: no suspects; buckets: {:#?}", r.buckets));
    let ctx = || serde_json::to_string_pretty(&r.suspects).unwrap();
    assert_eq!(top.kind, kind, "{what}: top suspect kind; suspects:\n{}", ctx());
    if let Some(f) = func {
        assert_eq!(top.function.as_deref(), Some(f), "{what}: top suspect function; suspects:\n{}", ctx());
    }
    if !sites.is_empty() {
        let site = top.site.clone().unwrap_or_default();
        assert!(
            sites.iter().any(|s| site.ends_with(&format!("/{s}"))),
            "{what}: top site {site} not in {sites:?}; suspects:\n{}",
            ctx()
        );
    }
    assert!(!top.explanation.is_empty());
}

fn scenario(mode: &str, kind: &str, func: Option<&str>) {
    if !have_go() {
        return;
    }
    let sites = if func.is_some() { Vec::new() } else { sites(mode) };
    let p = start(mode, 20, &[]);
    let d2 = fetch_bytes(&p.url("/debug/pprof/goroutine?debug=2"));
    let d1 = fetch_bytes(&p.url("/debug/pprof/goroutine?debug=1"));
    let d0 = fetch_bytes(&p.url("/debug/pprof/goroutine"));
    let stack = fetch_bytes(&p.url("/stack"));
    let quit = p.sigquit();
    let timeout = test_timeout_dump(mode);
    assert_eq!(&d0[..2], &[0x1f, 0x8b], "debug=0 is gzip");
    let cases: [(&str, &[u8], &str); 6] = [
        ("debug=2", &d2, "traceback"),
        ("debug=1", &d1, "debug1"),
        ("debug=0", &d0, "pprof"),
        ("runtime.Stack+logs", &stack, "traceback"),
        ("SIGQUIT", &quit, "traceback"),
        ("test timeout", &timeout, "traceback"),
    ];
    for (what, bytes, format) in cases {
        let r = analyse(bytes);
        assert_eq!(r.formats, [format], "{what}: detected format");
        assert!(r.total_goroutines >= 3, "{what}: {} goroutines", r.total_goroutines);
        // Tracebacks link the two lock waiters into one deadlock; profiles have no goroutine
        // IDs or arguments, so the pair stays two lock waits there.
        let kind = if mode == "abba" && format != "traceback" { "lock_wait" } else { kind };
        expect_top(&format!("{mode} {what}"), &r, kind, &sites, func);
        if mode == "abba" && format == "traceback" {
            assert_eq!(r.suspects[0].mechanism, Some("ab_ba_cycle"), "{what}");
        }
        if what == "SIGQUIT" {
            assert_eq!(r.crash.as_deref(), Some("SIGQUIT: quit"));
        }
        if what == "debug=1" {
            assert_eq!(r.declared_total, Some(r.total_goroutines), "debug=1 total matches the records");
        }
    }
    // Counts are exact where the format has them all: 20 leaked goroutines (abba: the two
    // goroutines of the cycle in one suspect, one per site in a profile).
    for (what, bytes, want) in
        [("debug=2", &d2, if mode == "abba" { 2 } else { 20 }), ("debug=0", &d0, if mode == "abba" { 1 } else { 20 })]
    {
        let r = analyse(bytes);
        assert_eq!(r.suspects[0].count, want, "{mode} {what}: count");
    }
}

#[test]
fn send_after_timeout() {
    scenario("sendtimeout", "goroutine_leak", None);
}

#[test]
fn range_over_never_closed_channel() {
    scenario("rangeforever", "goroutine_leak", None);
}

#[test]
fn abba_locks() {
    scenario("abba", "deadlock", None);
}

#[test]
fn waitgroup_never_zero() {
    scenario("wgwait", "goroutine_leak", None);
}

#[test]
fn cond_never_signalled() {
    scenario("condwait", "goroutine_leak", None);
}

#[test]
fn unclosed_response_bodies() {
    scenario("bodyleak", "connection_leak", Some("net/http.(*persistConn).readLoop"));
}

#[test]
fn labelled_goroutines() {
    scenario("labels", "goroutine_leak", None);
    if !have_go() {
        return;
    }
    let p = start("labels", 7, &[]);
    for path in ["/debug/pprof/goroutine?debug=1", "/debug/pprof/goroutine"] {
        let r = analyse(&fetch_bytes(&p.url(path)));
        let top = &r.suspects[0];
        let b = r.buckets.iter().find(|b| b.id == top.buckets[0]).unwrap();
        assert_eq!(b.count, 7, "{path}");
        assert_eq!(b.labels.get("handler").map(String::as_str), Some("export"), "{path}: {:?}", b.labels);
        assert_eq!(b.labels.get("tenant").map(String::as_str), Some("t42"), "{path}");
    }
}

#[test]
fn global_deadlock_from_sigquit() {
    if !have_go() {
        return;
    }
    let p = start("deadlock", 0, &[]);
    let r = analyse(&p.sigquit());
    expect_top("deadlock SIGQUIT", &r, "global_deadlock", &sites("deadlock"), None);
    let top = &r.suspects[0];
    assert_eq!(top.mechanism, Some("ab_ba_cycle"), "the AB-BA pair behind the deadlock is named: {top:#?}");
    assert!(r.suspects.iter().any(|s| s.kind == "deadlock" && s.goroutines.len() == 2), "the AB-BA pair is listed too");
}

#[test]
fn loose_mode_merges_and_filters_apply() {
    if !have_go() {
        return;
    }
    let p = start("sendtimeout", 12, &[]);
    let d2 = fetch_bytes(&p.url("/debug/pprof/goroutine?debug=2"));
    let exact = parse_reader(&d2[..], Similarity::Exact);
    let loose = parse_reader(&d2[..], Similarity::Loose);
    assert_eq!(exact.total, loose.total);
    assert!(loose.buckets.len() <= exact.buckets.len());
    let mut opts = Options::default();
    opts.filter.wait_reason = Some("chan send".into());
    let r = build(&exact, "x", &mut opts).0;
    assert_eq!(r.matched_goroutines, 12);
    assert!(r.buckets.iter().all(|b| b.wait_reason == "chan send"));
    opts.filter = gotraps_dump::Filter { min_count: 13, ..Default::default() };
    let r = build(&exact, "x", &mut opts).0;
    assert!(r.suspects.is_empty() && r.buckets.is_empty());
    opts.filter = gotraps_dump::Filter { package: Some("gotraps.test/leaky".into()), ..Default::default() };
    let r = build(&exact, "x", &mut opts).0;
    assert!(r.buckets.iter().all(|b| b.frames.iter().any(|f| f.function.starts_with("gotraps.test/leaky"))
        || b.created_by.as_ref().is_some_and(|c| c.function.starts_with("gotraps.test/leaky"))));
    assert!(r.matched_goroutines >= 12 && r.matched_goroutines < exact.total);
}

#[test]
fn diff_of_two_live_snapshots() {
    if !have_go() {
        return;
    }
    let p = start("grow", 400, &[]);
    let a = fetch_bytes(&p.url("/debug/pprof/goroutine?debug=2"));
    std::thread::sleep(Duration::from_millis(600));
    let b = fetch_bytes(&p.url("/debug/pprof/goroutine?debug=2"));
    let (a, b) = (parse_reader(&a[..], Similarity::Exact), parse_reader(&b[..], Similarity::Exact));
    let d = gotraps_dump::diff::diff(&a, &b);
    let top = &d.changes[0];
    assert!(top.change == "grew" || top.change == "appeared", "{d:#?}");
    assert!(top.delta >= 5, "{d:#?}");
    let site = sites("grow")[0].clone();
    assert!(top.site.as_deref().unwrap_or("").ends_with(&site), "{d:#?}");
}

/// Go 1.26's goroutine leak profile (`GOEXPERIMENT=goroutineleakprofile`): a GC pass proves
/// goroutines blocked on channels nothing else can reach, and the profile lists only those
/// (debug=0/1) or marks them `(leaked)` among all goroutines (debug=2). Captured live from
/// /debug/pprof/goroutineleak; gotraps must name the leaking send as the top suspect.
#[test]
fn goroutine_leak_profile() {
    if !have_go() {
        return;
    }
    let Some(bin) = leaky_leakprofile_bin() else {
        return;
    };
    let sites = sites("sendtimeout");
    let p = start_bin(bin, "sendtimeout", 20, &[]);
    let d1 = fetch_bytes(&p.url("/debug/pprof/goroutineleak?debug=1"));
    let d0 = fetch_bytes(&p.url("/debug/pprof/goroutineleak"));
    let d2 = fetch_bytes(&p.url("/debug/pprof/goroutineleak?debug=2"));
    assert!(
        d1.starts_with(b"goroutineleak profile: total "),
        "debug=1 is a leak profile: {}",
        String::from_utf8_lossy(&d1[..d1.len().min(200)])
    );
    assert_eq!(&d0[..2], &[0x1f, 0x8b], "debug=0 is gzip");
    let all = analyse(&d2).total_goroutines;
    for (what, bytes, format) in [("debug=1", &d1, "debug1"), ("debug=0", &d0, "pprof"), ("debug=2", &d2, "traceback")]
    {
        let r = analyse(bytes);
        let what = format!("goroutineleak {what}");
        assert_eq!(r.formats, [format], "{what}: detected format");
        expect_top(&what, &r, "goroutine_leak", &sites, None);
        let top = &r.suspects[0];
        assert_eq!(top.count, 20, "{what}: leaked goroutines at the site");
        assert!(top.explanation.contains("leak detector proved"), "{what}: {}", top.explanation);
        assert!(r.suspects.iter().all(|s| s.kind != "global_deadlock"), "{what}: a leak profile is not a deadlock");
        if what.ends_with("debug=2") {
            // all goroutines, the leaked ones marked by the runtime
            assert_eq!(top.wait_reason, "chan send (leaked)", "{what}");
            assert!(r.total_goroutines > 20, "{what}: {} goroutines", r.total_goroutines);
        } else {
            // only the leaked goroutines (the 20 senders, and main's `select {}`, which the
            // detector counts too), and the profile says which profile it is
            assert_eq!(r.profile.as_deref(), Some("goroutineleak"), "{what}");
            let n = r.total_goroutines;
            assert!((20..all).contains(&n), "{what}: {n} goroutines, {all} in the full dump");
            if format == "debug1" {
                assert_eq!(r.declared_total, Some(n), "{what}: total line matches the records");
            }
        }
    }
}
