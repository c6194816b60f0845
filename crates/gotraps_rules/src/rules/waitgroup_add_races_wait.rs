//! GT064 waitgroup-add-races-wait (T26).

use crate::checker::Checker;
use crate::races::location;
use crate::rule::Rule;
use gotraps_deep::race::WaitGroupIssueKind;
use gotraps_diagnostics::Severity;

pub static WAITGROUP_ADD_RACES_WAIT: Rule = Rule {
    code: "GT064",
    name: "waitgroup-add-races-wait",
    traps: &["T26"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "`WaitGroup.Add` in a function started with `go` that counts itself, while `Wait` runs elsewhere",
    doc: r#"## What it does
Flags `wg.Add(n)` in a function or method started by name with `go` (`go s.worker()`)
that also calls `wg.Done()` on the same WaitGroup (the goroutine counts itself), when
`wg.Wait()` is called elsewhere in the package and the code starting the goroutine did
not `Add` for it before the `go` statement. The message names the `Add`, the goroutine's
start and the `Wait`. A goroutine written as a function literal is
`waitgroup-add-in-goroutine`'s (GT026).

Opt-in (`--extend-select waitgroup-add-races-wait`).

## Why is this bad?
Nothing orders the goroutine's `Add` before `Wait`. When `Wait` runs first it sees a
zero counter and returns while the goroutine is still working (shutdown that does not
wait, results read early); an `Add` from zero while `Wait` is running is a data race the
race detector reports.

## Example
```go
func (s *Store) Start() {
	go s.worker()
}

func (s *Store) worker() {
	s.wg.Add(1)
	defer s.wg.Done()
	...
}

func (s *Store) Shutdown() { close(s.quit); s.wg.Wait() }
```

## Use instead
```go
func (s *Store) Start() {
	s.wg.Add(1)
	go s.worker()
}
```

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let fi = cx.file_index as u32;
    let found: Vec<_> = cx
        .package
        .races()
        .waitgroups
        .iter()
        .filter(|w| w.file == fi && w.kind == WaitGroupIssueKind::AddInCountedGoroutine)
        .cloned()
        .collect();
    for w in found {
        let Some(g) = w.spawn else { continue };
        let spawn = cx.package.races().spawns[g].clone();
        let wait = w.wait.map_or("?".to_string(), |(f, s)| location(cx, f, s));
        let msg = format!(
            "`{}.Add` runs inside the goroutine it counts (started at {}); `{}.Wait` at {} can run first, see zero and return while the goroutine still works",
            w.name,
            location(cx, spawn.file, spawn.span),
            w.name,
            wait,
        );
        let d = cx.report(w.span, msg);
        if spawn.file == fi {
            d.with_label_mut(spawn.span.start, spawn.span.end, "goroutine started here");
        }
        d.help = Some("call Add before the go statement that starts the goroutine".into());
    }
}
