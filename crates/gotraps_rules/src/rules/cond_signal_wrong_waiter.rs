//! GT428 cond-signal-wrong-waiter (T37).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static COND_SIGNAL_WRONG_WAITER: Rule = Rule {
    code: "GT428",
    name: "cond-signal-wrong-waiter",
    traps: &["T37"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "Cond.Signal on a Cond whose waiters wait for different conditions: it can wake the wrong one",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags `c.Signal()` when
the waiters of `c` wait for different conditions: two `for cond { c.Wait() }` loops
whose conditions read different fields, or one whose condition reads a parameter of its
own call (`Lock(key)` waits for its own key), other than the one the Cond is reached
from.

## Why is this bad?
`Signal` wakes one waiter, whichever the runtime queued first. When waiters wait for
different things, the one woken may find its condition still false and wait again,
while the one whose condition became true is never woken: a lost wakeup that hangs it
until some unrelated Signal, possibly forever.

## Example
```go
func (t *Table) Acquire(row int) {
	t.mu.Lock()
	for t.busy[row] {
		t.cond.Wait()
	}
	t.busy[row] = true
	t.mu.Unlock()
}

func (t *Table) Release(row int) {
	t.mu.Lock()
	delete(t.busy, row)
	t.cond.Signal() // may wake a goroutine waiting for another row
	t.mu.Unlock()
}
```

## Use instead
`t.cond.Broadcast()`, or one `sync.Cond` per condition (per row).

## Default
Opt-in until measured on code nobody tuned it on. When only one goroutine can wait at a
time, `Signal` is fine; the analysis cannot count waiters.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::CondSignalWrongWaiter);
}
