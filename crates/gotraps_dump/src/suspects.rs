//! Ranking of leak, deadlock and convoy suspects from the buckets of one snapshot.
//!
//! Buckets are grouped by where the user's code waits (first user frame) and on what. Each
//! group scores `count × weight(wait kind) × directness × (1 + log2(1 + max minutes))`; see
//! docs/goroutines.md for the reasoning. Connection leaks and a global deadlock are recognised
//! separately. Order is deterministic: score, then count, then site.

use crate::classify::{bucket_info, package_of, Block, BucketInfo, Category, Classifier, ConnLoop, Origin};
use crate::intern::FrameId;
use crate::mechanism::{self, Mechanism};
use crate::snapshot::Snapshot;
use crate::source::SourceMap;
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuspectKind {
    GlobalDeadlock,
    /// Goroutines that can never proceed: a lock-order cycle, a double lock, a recursive
    /// read lock behind a writer.
    Deadlock,
    GoroutineLeak,
    ConnectionLeak,
    LockConvoy,
    LockWait,
    Blocked,
}

impl SuspectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuspectKind::GlobalDeadlock => "global_deadlock",
            SuspectKind::Deadlock => "deadlock",
            SuspectKind::GoroutineLeak => "goroutine_leak",
            SuspectKind::ConnectionLeak => "connection_leak",
            SuspectKind::LockConvoy => "lock_convoy",
            SuspectKind::LockWait => "lock_wait",
            SuspectKind::Blocked => "blocked",
        }
    }

    pub fn trap(self) -> &'static str {
        match self {
            SuspectKind::ConnectionLeak => "D05",
            _ => "D02",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Suspect {
    pub kind: SuspectKind,
    /// Where to look: the user's blocking frame (or the loop/entry frame when no user frame).
    pub site: Option<FrameId>,
    pub count: u64,
    pub reason: String,
    pub reason_inferred: bool,
    pub minutes: Option<(u32, u32)>,
    pub score: f64,
    /// Bucket indices, largest first.
    pub buckets: Vec<usize>,
    pub created_by: Option<FrameId>,
    pub explanation: String,
    /// The runtime's leak detector (Go 1.26 goroutine leak profile) proved these goroutines
    /// can never be woken: a `goroutineleak` profile, or a `(leaked)` wait reason.
    pub proven: bool,
    /// The named mechanism, when the waiters could be linked.
    pub mechanism: Option<Mechanism>,
    /// Mechanism backed by addresses or source, not by the dump's shape alone.
    pub mechanism_confirmed: bool,
    /// Goroutine IDs involved in the mechanism.
    pub goroutines: Vec<u64>,
    /// The other blocking sites of the mechanism (the second lock of an AB-BA pair, the
    /// writer of a recursive RLock, the holder of a convoy).
    pub related: Vec<FrameId>,
}

/// Thresholds of the ranking.
#[derive(Clone, Copy, Debug)]
pub struct Thresholds {
    /// Goroutines at one site before a channel/sync wait is called a leak.
    pub leak_count: u64,
    /// ... or minutes waited, whatever the count.
    pub leak_minutes: u32,
    /// Goroutines waiting on one lock site before it is a convoy.
    pub convoy_count: u64,
    /// persistConn read loops waiting for their body before it is a connection leak.
    pub conn_count: u64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { leak_count: 2, leak_minutes: 10, convoy_count: 3, conn_count: 2 }
    }
}

pub struct Analysis {
    pub classifier: Classifier,
    pub info: Vec<BucketInfo>,
    pub suspects: Vec<Suspect>,
}

fn wait_factor(m: Option<(u32, u32)>) -> f64 {
    1.0 + (1.0 + m.map_or(0, |x| x.1) as f64).log2()
}

fn merge(a: Option<(u32, u32)>, b: Option<(u32, u32)>) -> Option<(u32, u32)> {
    match (a, b) {
        (Some(x), Some(y)) => Some((x.0.min(y.0), x.1.max(y.1))),
        (x, None) | (None, x) => x,
    }
}

/// Classifies every bucket and ranks suspects over the buckets `keep` accepts.
pub fn analyze(s: &Snapshot, th: Thresholds, keep: &dyn Fn(usize) -> bool, src: Option<&mut SourceMap>) -> Analysis {
    let classifier = Classifier::new(&s.tables);
    let info: Vec<BucketInfo> = s.buckets.iter().map(|b| bucket_info(s, &classifier, b)).collect();
    let order = s.sorted_buckets();
    let t = &s.tables;

    // Group by (site, wait kind).
    let mut groups: FxHashMap<(Option<FrameId>, crate::classify::Block), Vec<usize>> = FxHashMap::default();
    let mut conn_wait: Vec<usize> = Vec::new();
    let mut conn_other: Vec<usize> = Vec::new();
    for &i in &order {
        if !keep(i) {
            continue;
        }
        let (b, inf) = (&s.buckets[i], &info[i]);
        match inf.conn_loop {
            Some(ConnLoop::ReadAwaitingBody(_)) => {
                conn_wait.push(i);
                continue;
            }
            Some(ConnLoop::Write(_)) | Some(ConnLoop::ReadIdle(_)) if inf.user_site.is_none() => {
                conn_other.push(i);
                continue;
            }
            _ => {}
        }
        if inf.system || inf.block.weight() == 0.0 {
            continue;
        }
        let site = inf.user_site.or_else(|| b.frames.last().copied());
        groups.entry((site, inf.block)).or_default().push(i);
    }

    // In a goroutine leak profile every goroutine listed is leaked (debug=0/1); in its debug=2
    // form the leaked ones carry a `(leaked)` wait reason.
    let leak_profile = s.profile.as_deref() == Some("goroutineleak");
    let proven = |i: usize| leak_profile || s.state_str(&s.buckets[i]).is_some_and(|r| r.ends_with(" (leaked)"));
    let mut suspects = Vec::new();
    for ((site, block), idx) in groups {
        let count: u64 = idx.iter().map(|&i| s.buckets[i].count).sum();
        let minutes = idx.iter().fold(None, |m, &i| merge(m, s.buckets[i].minutes));
        let direct = idx.iter().any(|&i| info[i].direct);
        let user = info[idx[0]].user_site.is_some();
        let directness = if direct {
            1.0
        } else if user {
            0.25
        } else {
            0.1
        };
        let score = count as f64 * block.weight() * directness * wait_factor(minutes);
        let cat = block.category();
        let long = minutes.is_some_and(|m| m.1 >= th.leak_minutes);
        let proven = idx.iter().all(|&i| proven(i));
        let kind = match cat {
            Category::Lock if count >= th.convoy_count => SuspectKind::LockConvoy,
            Category::Lock => SuspectKind::LockWait,
            Category::Channel | Category::Sync | Category::Parked
                if direct && (count >= th.leak_count || long || proven) =>
            {
                SuspectKind::GoroutineLeak
            }
            _ => SuspectKind::Blocked,
        };
        let first = &info[idx[0]];
        suspects.push(Suspect {
            kind,
            site,
            count,
            reason: first.reason.clone(),
            reason_inferred: first.reason_inferred,
            minutes,
            score,
            created_by: s.buckets[idx[0]].created_by,
            explanation: String::new(),
            buckets: idx,
            proven,
            mechanism: None,
            mechanism_confirmed: false,
            goroutines: Vec::new(),
            related: Vec::new(),
        });
    }

    if !conn_wait.is_empty() {
        let count: u64 = conn_wait.iter().map(|&i| s.buckets[i].count).sum();
        let minutes = conn_wait.iter().fold(None, |m, &i| merge(m, s.buckets[i].minutes));
        let site = match info[conn_wait[0]].conn_loop {
            Some(ConnLoop::ReadAwaitingBody(f)) => Some(f),
            _ => None,
        };
        let kind = if count >= th.conn_count { SuspectKind::ConnectionLeak } else { SuspectKind::Blocked };
        let mut buckets = conn_wait.clone();
        buckets.extend(conn_other.iter().copied());
        suspects.push(Suspect {
            kind,
            site,
            count,
            reason: "select (waiting for the response body)".into(),
            reason_inferred: info[conn_wait[0]].reason_inferred,
            minutes,
            score: count as f64 * wait_factor(minutes),
            created_by: s.buckets[conn_wait[0]].created_by,
            explanation: String::new(),
            buckets,
            proven: false,
            mechanism: None,
            mechanism_confirmed: false,
            goroutines: Vec::new(),
            related: Vec::new(),
        });
    }

    // Global deadlock: every non-runtime goroutine waits on a channel, lock or sync primitive.
    let live: Vec<usize> = order.iter().copied().filter(|&i| keep(i) && !info[i].system).collect();
    // A leak profile lists only blocked goroutines by construction: not a sign of deadlock.
    // A select may have a timer or ticker case (invisible in a dump): it can still wake up.
    let all_stuck = !leak_profile
        && !live.is_empty()
        && live.iter().all(|&i| {
            info[i].block != Block::Select
                && matches!(
                    info[i].block.category(),
                    Category::Channel | Category::Sync | Category::Lock | Category::Deliberate
                )
        })
        && live.iter().any(|&i| info[i].user_site.is_some())
        && live.iter().all(|&i| info[i].conn_loop.is_none());
    let runtime_says = s.crash.as_deref().is_some_and(|c| c.contains("all goroutines are asleep"));
    if all_stuck || runtime_says {
        // The site: the innermost user frame of a blocked goroutine, goroutine 1's when it
        // has one (never a testing or runtime frame such as testing.(*T).Run).
        let blocked_user = |i: usize| info[i].user_site.is_some() && info[i].block.category() != Category::Deliberate;
        let main_bucket = live
            .iter()
            .copied()
            .find(|&i| s.buckets[i].goids.contains(&1) && blocked_user(i))
            .or_else(|| live.iter().copied().find(|&i| blocked_user(i) && info[i].direct))
            .or_else(|| live.iter().copied().find(|&i| blocked_user(i)))
            .or(live.first().copied());
        let count: u64 = live.iter().map(|&i| s.buckets[i].count).sum();
        if let Some(mb) = main_bucket {
            let user_frame = s.buckets[mb].frames.iter().copied().find(|&f| classifier.origin(f) == Origin::User);
            suspects.push(Suspect {
                kind: SuspectKind::GlobalDeadlock,
                site: info[mb].user_site.or(user_frame).or_else(|| s.buckets[mb].frames.first().copied()),
                count,
                reason: info[mb].reason.clone(),
                reason_inferred: info[mb].reason_inferred,
                minutes: live.iter().fold(None, |m, &i| merge(m, s.buckets[i].minutes)),
                score: f64::INFINITY,
                created_by: s.buckets[mb].created_by,
                explanation: String::new(),
                buckets: live,
                proven: false,
                mechanism: None,
                mechanism_confirmed: false,
                goroutines: Vec::new(),
                related: Vec::new(),
            });
        }
    }

    // A test that timed out: whatever its goroutines wait on directly is what hung it.
    let test_timeout = s.crash.as_deref().is_some_and(|c| c.starts_with("panic: test timed out"));
    if test_timeout {
        for x in &mut suspects {
            let cat = x.buckets.first().map(|&i| info[i].block.category());
            if x.kind == SuspectKind::Blocked
                && matches!(cat, Some(Category::Channel | Category::Sync | Category::Parked))
            {
                x.kind = SuspectKind::GoroutineLeak;
            }
        }
    }
    // Downstream waits rank below what they wait for: a WaitGroup.Wait while other goroutines
    // of its package are blocked, and a receive or select in a goroutine that started a
    // goroutine of its package that is blocked (it waits for that goroutine's result or exit).
    let pkg_of_bucket = |i: usize| info[i].user_site.map(|f| package_of(t.func(f)));
    let blocked = mechanism::blocked_per_package(s, &info, keep);
    // (package, goroutine ID) of every parent of a blocked goroutine.
    let mut blocked_parents: rustc_hash::FxHashSet<(&str, u64)> = Default::default();
    for (j, b) in s.buckets.iter().enumerate() {
        if keep(j) && matches!(info[j].block.category(), Category::Channel | Category::Sync | Category::Lock) {
            if let Some(pkg) = pkg_of_bucket(j) {
                blocked_parents.extend(b.parents.iter().map(|&p| (pkg, p)));
            }
        }
    }
    for x in &mut suspects {
        let Some(&b0) = x.buckets.first() else { continue };
        let Some(pkg) = pkg_of_bucket(b0) else { continue };
        let downstream = match info[b0].block {
            Block::WaitGroup => blocked.get(pkg).copied().unwrap_or(0) > 0,
            Block::ChanRecv | Block::Select => {
                x.buckets.iter().any(|&b| s.buckets[b].goids.iter().any(|&g| blocked_parents.contains(&(pkg, g))))
            }
            _ => false,
        };
        if downstream {
            x.score *= 0.25;
        }
    }
    for x in &mut suspects {
        x.explanation = explain(s, x);
    }
    apply_mechanisms(s, &classifier, &info, src, keep, &mut suspects);

    let site_key = |x: &Suspect| x.site.map(|f| (t.file(f).to_string(), t.line(f), t.func(f).to_string()));
    suspects.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.count.cmp(&a.count))
            .then(a.kind.cmp(&b.kind))
            .then_with(|| site_key(a).cmp(&site_key(b)))
    });
    Analysis { classifier, info, suspects }
}

/// Links waiters (see [`mechanism`]) and folds what it names into the suspects: the suspects
/// of a deadlock's goroutines become one `deadlock` suspect; other mechanisms replace the
/// generic explanation of their suspect.
fn apply_mechanisms(
    s: &Snapshot,
    c: &Classifier,
    info: &[BucketInfo],
    src: Option<&mut SourceMap>,
    keep: &dyn Fn(usize) -> bool,
    suspects: &mut Vec<Suspect>,
) {
    let named = mechanism::name(s, c, info, src, keep);
    for m in named {
        let touches =
            |x: &Suspect| x.kind != SuspectKind::GlobalDeadlock && x.buckets.iter().any(|b| m.buckets.contains(b));
        let related: Vec<FrameId> = m.sites.iter().skip(1).copied().chain(m.holder.and_then(|h| h.1)).collect();
        if m.mechanism.is_deadlock() {
            let members: Vec<Suspect> = {
                let (inn, out): (Vec<Suspect>, Vec<Suspect>) = suspects.drain(..).partition(|x| touches(x));
                *suspects = out;
                inn
            };
            let Some(first) = members.first() else { continue };
            let mut buckets: Vec<usize> = Vec::new();
            for x in &members {
                for &b in &x.buckets {
                    if !buckets.contains(&b) {
                        buckets.push(b);
                    }
                }
            }
            let count = members.iter().map(|x| x.count).sum();
            let minutes = members.iter().fold(None, |acc, x| merge(acc, x.minutes));
            let proven = members.iter().all(|x| x.proven);
            let sus = Suspect {
                kind: SuspectKind::Deadlock,
                site: m.sites.first().copied().or(first.site),
                count,
                reason: first.reason.clone(),
                reason_inferred: first.reason_inferred,
                minutes,
                // Below a global deadlock, above everything else.
                score: f64::MAX,
                buckets,
                created_by: first.created_by,
                explanation: m.explanation.clone(),
                proven,
                mechanism: Some(m.mechanism),
                mechanism_confirmed: m.confirmed,
                goroutines: m.goids.clone(),
                related,
            };
            if let Some(g) =
                suspects.iter_mut().find(|x| x.kind == SuspectKind::GlobalDeadlock && x.mechanism.is_none())
            {
                g.mechanism = Some(m.mechanism);
                g.mechanism_confirmed = m.confirmed;
                g.goroutines = m.goids.clone();
                g.related = m.sites.clone();
                g.explanation = format!("{} {}", g.explanation, m.explanation);
            }
            suspects.push(sus);
        } else {
            let mut attached = false;
            for x in suspects.iter_mut().filter(|x| touches(x)) {
                if x.mechanism.is_some() {
                    continue;
                }
                x.mechanism = Some(m.mechanism);
                x.mechanism_confirmed = m.confirmed;
                x.goroutines = m.goids.clone();
                x.related = related.clone();
                let proven = if x.proven {
                    " The runtime's leak detector proved these goroutines can never be woken."
                } else {
                    ""
                };
                x.explanation = format!("{}{proven}", m.explanation);
                // A named lock mechanism is a deadlock of its goroutines, not a slow queue.
                if m.mechanism == Mechanism::LockNeverReleased && x.kind == SuspectKind::LockWait {
                    x.score = x.score.max(1.0) * 2.0;
                }
                attached = true;
            }
            let _ = attached;
            if let Some(g) =
                suspects.iter_mut().find(|x| x.kind == SuspectKind::GlobalDeadlock && x.mechanism.is_none())
            {
                if m.mechanism != Mechanism::PartnerlessChannel || g.site.is_some_and(|f| m.sites.contains(&f)) {
                    g.mechanism = Some(m.mechanism);
                    g.mechanism_confirmed = m.confirmed;
                    g.goroutines = m.goids.clone();
                    g.explanation = format!("{} {}", g.explanation, m.explanation);
                }
            }
        }
    }
}

fn explain(s: &Snapshot, x: &Suspect) -> String {
    let t = &s.tables;
    let at = x.site.map_or("an unknown site".to_string(), |f| format!("{} ({})", short(t.func(f)), t.site(f)));
    let n = x.count;
    let g = if n == 1 { "goroutine" } else { "goroutines" };
    let since = match x.minutes {
        Some((lo, hi)) if hi > 0 => format!(" for {lo}-{hi} minutes"),
        _ => String::new(),
    };
    let created = x
        .created_by
        .map(|c| format!(" They are started by {} at {}.", short(t.func(c)), t.site(c)))
        .unwrap_or_default();
    match x.kind {
        SuspectKind::GlobalDeadlock => format!(
            "Every goroutine is blocked on a channel, lock or WaitGroup: nothing can make progress. A blocked goroutine waits at {at}."
        ),
        SuspectKind::Deadlock => format!("{n} {g} deadlocked at {at}."),
        SuspectKind::GoroutineLeak => format!(
            "{n} {g} blocked on {}{since} at {at}: {}{created} Check that every path sends/receives, closes the channel, calls Done or signals, or gives up on ctx.Done().",
            x.reason,
            if x.proven {
                "the runtime's leak detector proved that nothing reachable can complete the other side."
            } else {
                "nobody will complete the other side."
            }
        ),
        SuspectKind::ConnectionLeak => format!(
            "{n} HTTP client connections wait for their response body to be read or closed ({at}). Look for resp.Body never closed (or not drained) after http.Get / client.Do."
        ),
        SuspectKind::LockConvoy => format!(
            "{n} {g} queue on one lock ({}){since} at {at}. Find the holder: a goroutine holding it while blocked or doing slow work, or a missing Unlock.",
            x.reason
        ),
        SuspectKind::LockWait => format!(
            "{n} {g} waiting to acquire a lock ({}){since} at {at}. Find the goroutine holding it.",
            x.reason
        ),
        SuspectKind::Blocked => format!("{n} {g} ({}){since} at {at}.{created}", x.reason),
    }
}

/// `gotraps.test/leaky/scenarios.ABBA.func1` → `scenarios.ABBA.func1`.
pub fn short(func: &str) -> &str {
    let slash = func.rfind('/').map_or(0, |i| i + 1);
    &func[slash..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_reader;
    use crate::snapshot::Similarity;

    fn top(text: &str) -> Vec<(SuspectKind, Option<String>)> {
        let s = parse_reader(text.as_bytes(), Similarity::Exact);
        let a = analyze(&s, Thresholds::default(), &|_| true, None);
        a.suspects.iter().map(|x| (x.kind, x.site.map(|f| s.tables.func(f).to_string()))).collect()
    }

    const TESTING: &str = "goroutine 1 [chan receive]:\ntesting.(*T).Run(0xc000003a40, {0x5a1b2c, 0x8}, 0x5b2c30)\n\t/usr/local/go/src/testing/testing.go:2005 +0x485\ntesting.runTests.func1(0xc000003a40)\n\t/usr/local/go/src/testing/testing.go:2477 +0x37\nmain.main()\n\t_testmain.go:45 +0x9b\n\n";
    const WORKER: &str = "goroutine 7 [chan send]:\nexample.com/svc.worker(...)\n\t/src/svc/w.go:12\ncreated by example.com/svc.TestX in goroutine 6\n\t/src/svc/w_test.go:9 +0x2f\n\n";
    const SELECT: &str = "goroutine 8 [select]:\nexample.com/svc.loop()\n\t/src/svc/l.go:20 +0x1d\ncreated by example.com/svc.TestX in goroutine 6\n\t/src/svc/w_test.go:10 +0x2f\n\n";

    /// The global deadlock's site is the user's blocked line, not testing.(*T).Run.
    #[test]
    fn global_deadlock_site_is_user_code() {
        let v = top(&format!("{TESTING}{WORKER}"));
        assert_eq!(v[0], (SuspectKind::GlobalDeadlock, Some("example.com/svc.worker".into())), "{v:?}");
    }

    /// A goroutine in `select` may be waiting on a timer or ticker: no global deadlock.
    #[test]
    fn no_global_deadlock_while_a_select_waits() {
        let v = top(&format!("{TESTING}{WORKER}{SELECT}"));
        assert!(v.iter().all(|x| x.0 != SuspectKind::GlobalDeadlock), "{v:?}");
        // ... unless the runtime itself said so
        let v = top(&format!("fatal error: all goroutines are asleep - deadlock!\n\n{TESTING}{WORKER}{SELECT}"));
        assert_eq!(v[0].0, SuspectKind::GlobalDeadlock, "{v:?}");
    }

    /// A test timeout: a single goroutine blocked on a channel is what hung the test.
    #[test]
    fn test_timeout_promotes_blocked_waits() {
        let v = top(&format!(
            "panic: test timed out after 2s\n\trunning tests:\n\t\tTestX (2s)\n\n{TESTING}{WORKER}{SELECT}"
        ));
        assert!(v.iter().any(|x| x == &(SuspectKind::GoroutineLeak, Some("example.com/svc.worker".into()))), "{v:?}");
    }
}
