//! GT404 send-to-own-receiver (T03).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static SEND_TO_OWN_RECEIVER: Rule = Rule {
    code: "GT404",
    name: "send-to-own-receiver",
    traps: &["T03"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a send on an unbuffered channel made from inside the loop of its only receiver",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags a send on an
unbuffered channel of the package when the only goroutine receiving from it runs the
send itself: inside its receive loop, directly or through calls (`c.handle()` calling
`c.Add(x)`), on the same instance (the send's receiver path, mapped up the call chain,
is the receive's). The receiving function must run as one goroutine (unexported, started
or called from one place, not from a loop), and every receive of the channel must be in
that loop.

It also flags a callback supplied by the package's callers (a function value from an
exported field or parameter) that the only receive loop runs synchronously, when an
exported method of the loop's own type sends on the channel: a callback that calls that
method waits for the loop that is running it.

## Why is this bad?
An unbuffered send completes only when a receiver takes the value. The only receiver is
the goroutine doing the send, so it waits for itself forever, and every other sender
waits behind it.

## Example
```go
func (c *Cache) loop() {
	for {
		select {
		case e := <-c.add:
			c.items = append(c.items, e)
		case <-c.tick.C:
			c.retry()
		}
	}
}

func (c *Cache) retry() {
	for _, e := range c.items {
		if e.missingParent() {
			c.Add(e.parent()) // Add sends on c.add: this goroutine is its only receiver
		}
	}
}
```

## Use instead
Send from a new goroutine (`go c.Add(e.parent())`), or, inside the loop, append to the
loop's own queue instead of sending. For a callback, run it in its own goroutine.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::SelfSend);
}
