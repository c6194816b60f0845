//! GT431 waitgroup-done-skipped (T26).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static WAITGROUP_DONE_SKIPPED: Rule = Rule {
    code: "GT431",
    name: "waitgroup-done-skipped",
    traps: &["T26"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a path leaves a `WaitGroup.Add` without its `Done`, so `Wait` never returns",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and follows the paths of
each function that counts on a WaitGroup someone `Wait`s on:
- after `wg.Add(n)`, a `return`, `break` or `continue` reached before any `go`
  statement, `wg.Done()`, deferred `Done` or hand-off of the work on a channel, in a
  function whose other paths do hand the work over (the one path that forgot);
- in a goroutine that calls `wg.Done()` once, not deferred and not in a loop, a
  `return` reached before that `Done`.

WaitGroups code outside the package can reach are not reported.

## Why is this bad?
The counter never gets back to zero: `Wait` blocks forever, and with it the shutdown,
the request or the test that waits. It happens exactly on the rare paths (a full
queue, a failed `Acquire`, an error from the origin) that tests miss.

## Example
```go
func (g *Group) Go(ctx context.Context, f func()) error {
	g.wg.Add(1)
	if err := g.sem.Acquire(ctx, 1); err != nil {
		return err // no goroutine, no Done: g.wg.Wait() hangs
	}
	go func() {
		defer g.sem.Release(1)
		defer g.wg.Done()
		f()
	}()
	return nil
}
```

## Use instead
Call `Add` just before the `go` statement, call `wg.Done()` on the path that gives up,
and in the goroutine `defer wg.Done()` first thing (or use `wg.Go` from Go 1.25).

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::DoneSkipped);
}
