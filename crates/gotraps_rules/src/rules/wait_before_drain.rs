//! GT434 wait-before-drain (T26, T03).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static WAIT_BEFORE_DRAIN: Rule = Rule {
    code: "GT434",
    name: "wait-before-drain",
    traps: &["T26", "T03"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "`WaitGroup.Wait` for goroutines that send on a channel received from only after the `Wait`",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags `wg.Wait()` in a
function that is the only receiver of a channel it made with a constant buffer, when
the goroutines it starts both send on that channel (plain sends) and count down `wg`,
every receive comes after the `Wait`, and the sends can outnumber the buffer (a
goroutine that sends in a loop, goroutines started by a loop, or more goroutines than
the buffer holds).

Also flags `wg.Wait()` run inside the loop that is the only receiver of an unbuffered
channel, in the loop itself or in a function it calls (up to 3 calls deep), when the
goroutines `wg` counts send on that channel before their `Done` (an event loop that
waits for the workers that report to it).

## Why is this bad?
The senders fill the buffer and block before their `Done`; the waiter blocks in `Wait`
before its first receive. Small inputs pass, a large one deadlocks. Inside the receive
loop it is the same cycle with no buffer at all: the loop waits for the workers, and the
workers wait for the loop.

## Example
```go
results := make(chan Result, 16)
for _, w := range workers {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range jobs {
			results <- run(j)
		}
	}()
}
wg.Wait() // blocks once 16 results wait in the buffer
close(results)
for r := range results {
	collect(r)
}
```

## Use instead
Receive while the goroutines run, and close the channel from a goroutine that waits
first: `go func() { wg.Wait(); close(results) }()`.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::WaitBeforeDrain);
}
