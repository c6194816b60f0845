//! GT427 cond-state-without-wakeup (T37).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static COND_STATE_WITHOUT_WAKEUP: Rule = Rule {
    code: "GT427",
    name: "cond-state-without-wakeup",
    traps: &["T37"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "a state change a Cond.Wait loop waits for, made with no Signal/Broadcast after it",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md). For each `c.Wait()` inside
a `for cond { ... }` loop, it collects the struct fields the loop condition reads
(directly or in the package functions it calls, two calls deep). It then flags a write
of one of those fields (assignment, `++`/`--`, `delete`) made under the Cond's lock,
outside the waiting functions, when no `c.Signal()`/`c.Broadcast()` follows it in the
writing function (directly or through a call), in a deferred call, or after the call in
every caller of that function. Writes to an object the function made itself (a
constructor filling in a new value) are not counted: nobody waits on it yet.

## Why is this bad?
A goroutine in `c.Wait()` wakes only on a Signal or Broadcast. A change that makes its
condition true without one leaves it asleep: until some unrelated wakeup, or forever
(`Close` that sets `closed = true` but never broadcasts leaves readers blocked).

## Example
```go
func (p *Pipe) CloseWithError(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.err = err // readers waiting for data or an error keep sleeping
}
```

## Use instead
```go
func (p *Pipe) CloseWithError(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.err = err
	p.cond.Broadcast()
}
```

## Default
Opt-in until measured on code nobody tuned it on. The analysis cannot tell whether a
write makes the condition true or false (taking an item makes `len(q) == 0` truer),
so a write that only ever makes waiters keep waiting is reported too.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::CondStateWithoutWakeup);
}
