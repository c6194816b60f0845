//! GT021 goroutine-map-write (T21).

use crate::checker::Checker;
use crate::escape::RaceKind;
use crate::passes::Escape;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static GOROUTINE_MAP_WRITE: Rule = Rule {
    code: "GT021",
    name: "goroutine-map-write",
    traps: &["T21"],
    severity: Severity::Error,
    default_on: true,
    fixable: false,
    summary: "map written from goroutines without a lock: `fatal error: concurrent map writes`",
    doc: r#"## What it does
Flags `m[k] = v`, `m[k]++` or `delete(m, k)` inside a `go func() { ... }()` closure on
a map that is a local of the enclosing function (declared with a map type or made with
`make(map...)`/a map literal) when the `go` statement runs in a loop (several
goroutines write at once) or the parent uses the map after the `go` statement with
nothing in between that waits (receive, `select`, `range`, `Wait`, `Lock`, `Once.Do`).
Closures that take any lock or use `sync/atomic` are not flagged.

## Why is this bad?
The runtime detects concurrent map writes and aborts the whole process with
`fatal error: concurrent map writes` (or `concurrent map read and map write`). It is not
a panic: `recover` cannot catch it.

## Example
```go
seen := make(map[string]bool)
for _, u := range urls {
	go func() {
		seen[u] = fetch(u) // concurrent map writes
	}()
}
```

## Use instead
Protect the map with a `sync.Mutex`, use `sync.Map`, or have the goroutines send
results on a channel that one goroutine drains into the map.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let pkg = cx.package;
    let races = &pkg.pass::<Escape>()[cx.file_index].1;
    for r in races {
        let (msg, label) = match r.kind {
            RaceKind::LoopSpawn => (
                format!("map `{}` is written by goroutines started in a loop without a lock: fatal error `concurrent map writes`", r.var),
                "goroutines started in this loop",
            ),
            RaceKind::ParentAccess => (
                format!("map `{}` is written by this goroutine while the parent uses it without waiting: fatal concurrent map access", r.var),
                "parent uses the map here",
            ),
        };
        let d = cx.report(r.write_at, msg);
        let other = if r.kind == RaceKind::LoopSpawn {
            gotraps_syntax::Span::new(r.other_at.start, r.other_at.start + 3)
        } else {
            r.other_at
        };
        d.with_label_mut(other.start, other.end, label);
        d.with_label_mut(r.go_at.start, r.go_at.end, "goroutine started here");
        d.help = Some("guard the map with a sync.Mutex, or collect results over a channel in one goroutine".into());
    }
}
