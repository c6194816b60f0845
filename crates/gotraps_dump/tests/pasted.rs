//! Dumps as users paste them: each variant is made mechanically from real runtime output
//! captured by the test (tabs turned into spaces, log prefixes added, gzip, the raw protobuf,
//! `go test -json` from `go tool test2json`, the same dump twice, CRLF, a cut), never edited
//! by hand, and must read exactly like the original: same goroutine count, same top suspect.

mod support;

use gotraps_dump::input::read_snapshots;
use gotraps_dump::{build, Options, Report, Similarity};
use std::io::{Read, Write};
use support::*;

fn reports(bytes: &[u8]) -> Vec<Report> {
    read_snapshots(bytes, Similarity::Exact).iter().map(|s| build(s, "test", &mut Options::default()).0).collect()
}

fn one(bytes: &[u8]) -> Report {
    let mut v = reports(bytes);
    assert_eq!(v.len(), 1, "one dump expected");
    v.remove(0)
}

/// What must survive any wrapping: counts, top suspect's kind, site, mechanism.
fn key(r: &Report) -> (u64, usize, Option<String>, Option<String>, Option<&'static str>) {
    let top = r.suspects.first();
    (
        r.total_goroutines,
        r.bucket_count,
        top.map(|s| s.kind.to_string()),
        top.and_then(|s| s.site.clone()),
        top.and_then(|s| s.mechanism),
    )
}

fn per_line(text: &[u8], f: impl Fn(&str) -> String) -> Vec<u8> {
    let s = String::from_utf8_lossy(text);
    let mut out = String::new();
    for l in s.split_inclusive('\n') {
        let (body, nl) = l.strip_suffix('\n').map_or((l, ""), |b| (b, "\n"));
        out += &f(body);
        out += nl;
    }
    out.into_bytes()
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b).unwrap();
    gz.finish().unwrap()
}

#[test]
fn pasted_text_variants_read_like_the_original() {
    if !have_go() {
        return;
    }
    let p = start("kernel:transfer_abba", 0, &[]);
    let d2 =
        gotraps_dump::fetch::get_bytes(&p.url("/debug/pprof/goroutine?debug=2"), std::time::Duration::from_secs(20))
            .unwrap();
    let orig = one(&d2);
    assert!(orig.total_goroutines >= 3 && orig.warnings.is_empty(), "{:?}", orig.warnings);
    assert_eq!(orig.suspects[0].mechanism, Some("ab_ba_cycle"));
    let want = key(&orig);
    let n = std::cell::Cell::new(0u32);
    let variants: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("tabs as 8 spaces", per_line(&d2, |l| l.replace('\t', "        ")), None),
        ("tabs as 4 spaces", per_line(&d2, |l| l.replace('\t', "    ")), None),
        ("Markdown indented block", per_line(&d2, |l| format!("    {}", l.replace('\t', "    "))), None),
        ("CRLF", per_line(&d2, |l| format!("{l}\r")), None),
        (
            "kubectl/CRI stderr F",
            per_line(&d2, |l| {
                n.set(n.get() + 1);
                format!("2026-12-06T16:13:{:02}.{:09}Z stderr F {l}", n.get() % 60, n.get() * 7919)
            }),
            Some("log line prefix"),
        ),
        (
            "kubectl --timestamps",
            per_line(&d2, |l| format!("2026-12-06T16:13:53.000000001Z {l}")),
            Some("log line prefix"),
        ),
        ("log timestamps", per_line(&d2, |l| format!("2026/12/06 16:13:53 {l}")), Some("log line prefix")),
        ("syslog", per_line(&d2, |l| format!("Dec  6 16:13:53 web-1 orders[4242]: {l}")), Some("log line prefix")),
        (
            "syslog, tabs escaped as #011",
            per_line(&d2, |l| format!("Dec  6 16:13:53 web-1 orders[4242]: {}", l.replace('\t', "#011"))),
            Some("log line prefix"),
        ),
        ("gzipped text", gzip(&d2), None),
        (
            "log lines before the prefixed dump",
            {
                let mut v = b"2026/12/06 16:13:50 INFO starting\n2026/12/06 16:13:51 WARN slow request\n".to_vec();
                v.extend(per_line(&d2, |l| format!("2026/12/06 16:13:53 {l}")));
                v
            },
            Some("log line prefix"),
        ),
    ];
    for (what, bytes, framing) in variants {
        let r = one(&bytes);
        assert_eq!(key(&r), want, "{what}: suspects {:#?}", r.suspects.first());
        assert_eq!(r.framing, framing, "{what}");
        assert!(r.warnings.is_empty(), "{what}: {:?}", &r.warnings[..r.warnings.len().min(3)]);
        // file:line survives: every frame has a line, test-package frames stay user code
        for b in &r.buckets {
            assert!(b.frames.iter().all(|f| f.line > 0), "{what}: {:?}", b.frames);
        }
    }
    // The same dump twice: two snapshots, not doubled counts.
    let mut twice = d2.clone();
    twice.extend_from_slice(&d2);
    let rs = reports(&twice);
    assert_eq!(rs.len(), 2, "two dumps");
    for (i, r) in rs.iter().enumerate() {
        assert_eq!(key(r), want, "copy {i}");
        assert_eq!(r.part as usize, i + 1);
    }
    // Two SIGQUIT-style dumps of the same process one after the other, with log lines between.
    let mut logged = b"2026/12/06 16:13:50 INFO first\n".to_vec();
    logged.extend_from_slice(&d2);
    logged.extend_from_slice(b"\n2026/12/06 16:14:50 INFO second\n");
    logged.extend_from_slice(&d2);
    assert_eq!(reports(&logged).iter().map(key).collect::<Vec<_>>(), [want.clone(), want.clone()]);
    // Cut inside a frame: what was read is kept, with a warning.
    let cut = &d2[..d2.len() - d2.iter().rev().skip(2).position(|&b| b == b'\t').unwrap() - 3];
    let r = one(cut);
    assert!(r.warnings.iter().any(|w| w.message.contains("input ends inside goroutine")), "{:?}", r.warnings);
    assert!(r.total_goroutines >= want.0 - 1);
}

#[test]
fn protobuf_raw_and_gzipped() {
    if !have_go() {
        return;
    }
    let p = start("sendtimeout", 20, &[]);
    let d0 =
        gotraps_dump::fetch::get_bytes(&p.url("/debug/pprof/goroutine"), std::time::Duration::from_secs(20)).unwrap();
    assert_eq!(&d0[..2], &[0x1f, 0x8b]);
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(&d0[..]).read_to_end(&mut raw).unwrap();
    assert_ne!(raw[0], 0x0a, "Go starts with another field than 1 (this is what the sniffer must handle)");
    let (a, b) = (one(&d0), one(&raw));
    assert_eq!(a.formats, ["pprof"]);
    assert_eq!(b.formats, ["pprof"]);
    assert!(a.total_goroutines >= 20);
    assert_eq!(key(&a), key(&b));
    assert_eq!(a.suspects[0].count, 20);
}

#[test]
fn go_test_json_with_a_timeout_dump() {
    if !have_go() {
        return;
    }
    let json = test_json_dump("sendtimeout");
    assert!(json.starts_with(b"{"), "test2json output: {}", String::from_utf8_lossy(&json[..json.len().min(200)]));
    let plain = test_timeout_dump("sendtimeout");
    let (j, t) = (one(&json), one(&plain));
    assert_eq!(j.framing, Some("go test -json"));
    assert_eq!(j.crash.as_deref().map(|c| c.starts_with("panic: test timed out")), Some(true), "{:?}", j.crash);
    // Goroutine IDs and counts differ between two runs; the leak and its site do not.
    assert_eq!(j.suspects[0].kind, "goroutine_leak");
    assert_eq!(j.suspects[0].site, t.suspects[0].site);
    assert_eq!(j.suspects[0].count, 20);
    assert!(j.total_goroutines >= 21);
}
