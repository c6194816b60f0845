//! GT020 goroutine-shared-write (T20).

use crate::checker::Checker;
use crate::escape::RaceKind;
use crate::passes::Escape;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static GOROUTINE_SHARED_WRITE: Rule = Rule {
    code: "GT020",
    name: "goroutine-shared-write",
    traps: &["T20"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "variable or field written by a goroutine while other goroutines or the parent use it unsynchronised",
    doc: r#"## What it does
Flags a write (`x = ...`, `x += ...`, `x++`) inside a `go func() { ... }()` closure to a
variable the closure captures, a package variable, or a struct field reached from one
(`c.stats.hits`), when
- the `go` statement runs in a loop, so several goroutines write it at once (the loop
  body does not wait for each goroutine before starting the next), or
- the parent reads or writes the same memory after the `go` statement with nothing in
  between that orders the two: no channel receive, `select`, `range`, `Wait`, `Lock`,
  `Once.Do`. Another field of the same struct is other memory, and passing on a pointer
  (`return c`) reads no field.

Variables and fields are matched through the semantic model, not by name: a shadowing
`x := ...` is another variable.

Closures that take any lock or use `sync/atomic` are not flagged. Maps, channels and
sync values are left to other rules.

## Why is this bad?
Unsynchronised writes are a data race: `counter++` from many goroutines loses updates,
and the parent can read a half-written value or an old one forever (the compiler may
keep it in a register). The race detector finds it only when a test happens to run both
sides at once.

## Example
```go
var processed int
for _, job := range jobs {
	wg.Add(1)
	go func() {
		defer wg.Done()
		handle(job)
		processed++ // racy: many goroutines
	}()
}
wg.Wait()
```

## Use instead
```go
var processed atomic.Int64
...
		processed.Add(1)
```

## Go versions
All.

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
1 of its 2 findings were real traps (50%: 1 TP, 1 FP), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT020` or `extend-select = ["GT020"]` in `gotraps.toml`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let pkg = cx.package;
    let races = &pkg.pass::<Escape>()[cx.file_index].0;
    for r in races {
        let (msg, label) = match r.kind {
            RaceKind::LoopSpawn => (
                format!("`{}` is written by goroutines started in a loop, with no lock or atomic: data race", r.var),
                "goroutines started in this loop",
            ),
            RaceKind::ParentAccess => (
                format!("`{}` is written by this goroutine and used by the parent afterwards with no synchronisation: data race", r.var),
                "parent uses it here without waiting",
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
        d.help =
            Some("use sync/atomic, protect it with a mutex, or send the value over a channel and wait for it".into());
    }
}
