//! Mechanism naming on real runtime output: every blocking kernel of
//! testdata/dumps/leaky/kernels runs under the installed Go runtime, its goroutines are
//! captured live (debug=2, and Go 1.26's goroutine leak profile), and the top suspect must
//! sit on the line marked `// MECHANISM: <name>` and name that mechanism. The rate is the
//! acceptance figure (>= 90 %) reported in docs/goroutines.md.

mod support;

use gotraps_dump::source::SourceMap;
use gotraps_dump::{build, parse_reader, Options, Report, Similarity};
use std::collections::BTreeMap;
use support::*;

/// `kernels.go` line number → mechanism marked on it.
fn markers() -> BTreeMap<u32, String> {
    let src = std::fs::read_to_string(leaky_dir().join("kernels/kernels.go")).unwrap();
    src.lines()
        .enumerate()
        .filter_map(|(i, l)| l.split("// MECHANISM: ").nth(1).map(|m| ((i + 1) as u32, m.trim().to_string())))
        .collect()
}

/// Kernel names from the `Kernels` map.
fn kernels() -> Vec<String> {
    let src = std::fs::read_to_string(leaky_dir().join("kernels/kernels.go")).unwrap();
    let map = src.split("var Kernels = map[string]func(){").nth(1).unwrap().split('}').next().unwrap();
    let v: Vec<String> =
        map.lines().filter_map(|l| l.trim().strip_prefix('"')?.split('"').next().map(str::to_string)).collect();
    assert!(v.len() >= 10, "{v:?}");
    v
}

fn analyse(bytes: &[u8], source: bool) -> Report {
    let snap = parse_reader(bytes, Similarity::Exact);
    let mut opts = Options::default();
    if source {
        opts.source = Some(SourceMap::new(leaky_dir()));
    }
    build(&snap, "test", &mut opts).0
}

/// `Some(mechanism)` when the top suspect is on a marked line and names its mechanism.
fn verdict(r: &Report, marks: &BTreeMap<u32, String>) -> Result<String, String> {
    let top = r.suspects.first().ok_or("no suspects")?;
    let site = top.site.clone().unwrap_or_default();
    let line = top.line.unwrap_or(0);
    if !site.contains("kernels/kernels.go:") {
        return Err(format!("top suspect at {site}"));
    }
    let want = marks.get(&line).ok_or(format!("top suspect at unmarked {site}"))?;
    match top.mechanism {
        Some(m) if m == want => Ok(m.to_string()),
        other => Err(format!("top suspect at {site}: mechanism {other:?}, marked {want}")),
    }
}

fn fetch(url: &str) -> Vec<u8> {
    gotraps_dump::fetch::get_bytes(url, std::time::Duration::from_secs(20)).unwrap()
}

struct Tally {
    ok: usize,
    total: usize,
    misses: Vec<String>,
}

impl Tally {
    fn rate(&self) -> f64 {
        self.ok as f64 / self.total.max(1) as f64
    }
}

fn measure(bin: Option<&std::path::Path>, path: &str, source: bool) -> Tally {
    let marks = markers();
    let mut t = Tally { ok: 0, total: 0, misses: Vec::new() };
    for k in kernels() {
        let p = match bin {
            Some(b) => start_bin(b, &format!("kernel:{k}"), 0, &[]),
            None => start(&format!("kernel:{k}"), 0, &[]),
        };
        let r = analyse(&fetch(&p.url(path)), source);
        t.total += 1;
        match verdict(&r, &marks) {
            Ok(_) => t.ok += 1,
            Err(e) => t.misses.push(format!("{k}: {e}")),
        }
    }
    eprintln!(
        "kernels {path} source={source}: {}/{} = {:.0}% named correctly; misses: {:?}",
        t.ok,
        t.total,
        100.0 * t.rate(),
        t.misses
    );
    t
}

#[test]
fn kernels_named_in_top_suspect() {
    if !have_go() {
        return;
    }
    let with_source = measure(None, "/debug/pprof/goroutine?debug=2", true);
    assert!(with_source.rate() >= 0.9, "with --source: {:?}", with_source.misses);
    let without = measure(None, "/debug/pprof/goroutine?debug=2", false);
    assert!(without.rate() >= 0.75, "without --source: {:?}", without.misses);
}

#[test]
fn kernels_in_the_leak_profile() {
    if !have_go() {
        return;
    }
    let Some(bin) = leaky_leakprofile_bin() else { return };
    let t = measure(Some(bin), "/debug/pprof/goroutineleak?debug=2", true);
    assert!(t.rate() >= 0.9, "{:?}", t.misses);
    // Leaked mutex waiters are proven by the runtime, and the AB-BA pair is one suspect.
    let p = start_bin(bin, "kernel:transfer_abba", 0, &[]);
    let r = analyse(&fetch(&p.url("/debug/pprof/goroutineleak?debug=2")), false);
    let top = &r.suspects[0];
    assert_eq!((top.kind, top.mechanism, top.proven), ("deadlock", Some("ab_ba_cycle"), true), "{top:#?}");
    assert_eq!(top.goroutines.len(), 2, "both goroutines of the cycle");
    assert_eq!(top.related_sites.len(), 1, "the other lock site");
    assert!(r.suspects.iter().filter(|s| s.kind.starts_with("lock")).count() == 0, "no loose lock suspects left");
}

/// The five mechanisms of the acceptance list, each on its own kernel, named in the top
/// suspect with the kind and sites that go with it.
#[test]
fn each_mechanism_in_detail() {
    if !have_go() {
        return;
    }
    let marks = markers();
    let cases = [
        ("transfer_abba", "deadlock", "ab_ba_cycle", false),
        ("reload_abba", "deadlock", "ab_ba_cycle", false),
        ("evict_double_lock", "deadlock", "self_deadlock", false),
        ("typo_double_lock", "deadlock", "self_deadlock", true),
        ("recursive_rlock", "deadlock", "recursive_rlock", false),
        ("snapshot_convoy", "lock_convoy", "lock_convoy", false),
        ("result_after_timeout", "blocked", "partnerless_channel", false),
    ];
    for (k, kind, mech, needs_source) in cases {
        let p = start(&format!("kernel:{k}"), 0, &[]);
        let r = analyse(&fetch(&p.url("/debug/pprof/goroutine?debug=2")), needs_source);
        let top = &r.suspects[0];
        assert_eq!(verdict(&r, &marks), Ok(mech.to_string()), "{k}: {:#?}", r.suspects);
        assert_eq!(top.kind, kind, "{k}");
        match mech {
            "ab_ba_cycle" => {
                assert_eq!(top.goroutines.len(), 2, "{k}: both goroutines");
                let other = top.related_sites[0].site.rsplit(':').next().unwrap().parse::<u32>().unwrap();
                assert_eq!(marks.get(&other).map(String::as_str), Some("ab_ba_cycle"), "{k}: second lock site");
            }
            "recursive_rlock" => {
                assert!(top.explanation.contains("writer"), "{k}: {}", top.explanation);
                assert_eq!(top.related_sites[0].function, "gotraps.test/leaky/kernels.(*Catalog).Update");
            }
            "lock_convoy" => {
                assert!(top.count >= 6, "{k}: {}", top.count);
                let holder = top.related_sites.last().expect("holder site");
                assert_eq!(holder.function, "gotraps.test/leaky/kernels.(*Store).Snapshot", "{k}");
            }
            "self_deadlock" => assert!(!top.explanation.contains("AB-BA"), "{k}: {}", top.explanation),
            _ => {}
        }
    }
    // With --source the partner of a channel is named.
    let p = start("kernel:result_after_timeout", 0, &[]);
    let r = analyse(&fetch(&p.url("/debug/pprof/goroutine?debug=2")), true);
    assert!(r.suspects[0].explanation.contains("case v := <-res:"), "{}", r.suspects[0].explanation);
}

/// A whole-program deadlock under `go test`: the global deadlock's site is the user's
/// blocked line, never testing.(*T).Run, and the cycle is named.
#[test]
fn global_deadlock_site_in_a_test() {
    if !have_go() {
        return;
    }
    let out = test_deadlock_dump("kernel:transfer_abba");
    let r = analyse(&out, false);
    let top = &r.suspects[0];
    assert!(r.crash.as_deref().unwrap_or("").starts_with("panic: test timed out"), "{:?}", r.crash);
    let f = top.function.clone().unwrap_or_default();
    assert!(!f.starts_with("testing.") && !f.starts_with("runtime."), "{top:#?}");
    assert_eq!(top.mechanism, Some("ab_ba_cycle"), "{top:#?}");
}
