//! GT426 cond-signal-without-lock (T37).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static COND_SIGNAL_WITHOUT_LOCK: Rule = Rule {
    code: "GT426",
    name: "cond-signal-without-lock",
    traps: &["T37"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "a Cond.Signal/Broadcast that nothing orders after the waiter's check: made without the Cond's lock",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags `c.Signal()` or
`c.Broadcast()` on a `sync.Cond` that the package also waits on, when the signalling
function takes `c.L` nowhere before the call (directly or in a callee), and neither do
all of its callers before calling it. `c.L` is followed to the lock the Cond was made
with (`sync.NewCond(&s.mu)` makes `s.mu.Lock()` count).

## Why is this bad?
A waiter checks its condition under `c.L` and then calls `Wait`, which releases `c.L`
and sleeps. A state change and signal made without `c.L` can land between the check and
the `Wait`: the waiter saw the old state, and the only wakeup for the new one already
happened. It sleeps until some later signal, which may never come. Holding `c.L` while
changing the state (or at least around the signal) orders the signal after the waiter
is asleep.

## Example
```go
func (s *Supervisor) start(p *Proc) {
	cond := sync.NewCond(&sync.Mutex{})
	cond.L.Lock()
	defer cond.L.Unlock()
	go p.run(func() { cond.Signal() }) // may run before Wait
	cond.Wait()
}
```

## Use instead
```go
go p.run(func() {
	cond.L.Lock()
	started = true
	cond.Signal()
	cond.L.Unlock()
})
for !started {
	cond.Wait()
}
```

## Default
Opt-in until measured on code nobody tuned it on.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::CondSignalUnlocked);
}
