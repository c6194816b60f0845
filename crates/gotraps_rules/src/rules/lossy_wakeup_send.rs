//! GT441 lossy-wakeup-send (T37, T03).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static LOSSY_WAKEUP_SEND: Rule = Rule {
    code: "GT441",
    name: "lossy-wakeup-send",
    traps: &["T37", "T03"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "a receive whose only senders are non-blocking sends on an unbuffered channel: an early wakeup is dropped",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags a plain blocking
receive (`<-ch`, not a `select` with other cases) from an unbuffered channel the package
makes, when every send on that channel is a `select` case with a `default`
(`select { case ch <- v: default: }`) and nothing closes it. Only receives in
functions that run (called in the package, or started as goroutines) are reported.

## Why is this bad?
A non-blocking send on an unbuffered channel succeeds only if a receiver is already
waiting. A channel used as a wakeup ("signal the waiter") drops the wakeup when it is
sent between the waiter's check of its condition and its receive; with no other sender
the waiter then blocks forever.

## Example
```go
func (w *Waiter) notify() {
	select {
	case w.wake <- struct{}{}: // dropped if the waiter is not receiving yet
	default:
	}
}
```

## Use instead
`wake: make(chan struct{}, 1)`: the buffered slot keeps one pending wakeup, and the
non-blocking send still never blocks the notifier. Or wait with a timeout and re-check.

## Default
Opt-in until measured on code nobody tuned it on.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::LossyWakeupSend);
}
