//! GT432 timer-channel-never-delivers (T05, T28).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static TIMER_CHANNEL_NEVER_DELIVERS: Rule = Rule {
    code: "GT432",
    name: "timer-channel-never-delivers",
    traps: &["T05", "T28"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a receive from a timer's `C` that can never deliver: an `AfterFunc` timer, or a drain after the value was taken",
    doc: r#"## What it does
Models `time.Timer` channels and flags two receives that block forever:
- `<-t.C` where `t` comes from `time.AfterFunc`: such a timer runs its function and
  its `C` is nil, so the receive (or the select case) never fires;
- the drain idiom `if !t.Stop() { <-t.C }` when a receive from the same timer's `C`
  runs before it on some path with no `Reset` in between (in the same function, or in
  a direct caller that passes the timer and received from it before the call). `Stop`
  then returns false because the value was already taken, and nothing sends again.

## Why is this bad?
The goroutine waits for a value that will never come: a timeout that never times out,
a loop that hangs the first time its timer fired before it was reset.

## Example
```go
for {
	select {
	case <-t.C:
		beat()
	case <-force:
		beat()
	}
	if !t.Stop() {
		<-t.C // after the first case the value is gone: blocks forever
	}
	t.Reset(d)
}
```

## Use instead
Drain without blocking (`select { case <-t.C: default: }`), or from Go 1.23 just call
`t.Reset(d)`: stale values are no longer delivered. For a timeout you want to receive,
use `time.NewTimer` (or `time.After`), not `AfterFunc`.

## Go versions
All (before Go 1.23 the drain can also pick up a stale value; from Go 1.23 it blocks
whenever `Stop` returns false).
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::TimerChannel);
}
