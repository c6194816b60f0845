//! GT505 dispatcher-stops-early (T03, T08).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static DISPATCHER_STOPS_EARLY: Rule = Rule {
    code: "GT505",
    name: "dispatcher-stops-early",
    traps: &["T03", "T08"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary:
        "a receive loop expects one value per worker, but the dispatcher can stop starting workers on cancellation",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags a plain receive
(not in a select), inside a loop, from a channel whose only senders are goroutines that
one dispatcher starts in a loop, when that loop has a select case that returns or breaks
on a stop signal (`case <-ctx.Done(): return`). Not reported: a channel something
closes (the dispatcher's early path may close it), a dispatcher that is the receiving
function itself, senders started from more than one place, and channels code outside
the package can reach.

## Why is this bad?
The receiving loop counts on one value per item. When the dispatcher returns early it
leaves the remaining workers unstarted, so their values never come; the receive does not
watch the stop signal, and nothing closes the channel: the receiver blocks forever.

## Example
```go
go func() {
	for _, j := range jobs {
		select {
		case <-ctx.Done():
			return // the rest of jobs are never started
		case sem <- struct{}{}:
			go func(j job) { results <- run(j) }(j)
		}
	}
}()
for range jobs {
	r := <-results // blocks forever after a cancellation
	...
}
```

## Use instead
Receive in a select that also watches `ctx.Done()`, or have the dispatcher close the
results channel (after the started workers finish) when it stops early.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::DispatcherStopsEarly);
}
