//! GT430 buffer-smaller-than-sends (T03).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static BUFFER_SMALLER_THAN_SENDS: Rule = Rule {
    code: "GT430",
    name: "buffer-smaller-than-sends",
    traps: &["T03"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "goroutines can send more values than a channel's buffer holds once its only receiver has stopped",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and counts, for a channel
made in a function that is its only receiver and whose only senders are goroutines
that function starts: the sends those goroutines can make (one per goroutine, times
the trips of the loop that starts them, or more when a goroutine sends in a loop of
its own) against the channel's constant buffer plus the receives that are sure to
happen. It reports each plain send when the receiver can stop early (its receive loop
has a `return` or `break`) or receives fewer times than the goroutines send, and the
buffer cannot hold the rest. A buffer sized at run time (`make(chan error,
len(jobs))`) is taken to fit; channels code outside the package can reach, ranged over
or received elsewhere are not reported.

## Why is this bad?
Once the receiver has returned, every send the buffer cannot hold blocks forever: one
leaked goroutine per extra send, each holding whatever it captured. Typical shapes: a
"first error wins" collector on an unbuffered channel, a proxy that reads the first of
two copy results, a worker pool whose result buffer is sized by the worker count
instead of the job count.

## Example
```go
func fetchAll(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- fetch(u) }()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err // the other goroutines block on errc forever
		}
	}
	return nil
}
```

## Use instead
Give the channel a slot per send (`make(chan error, len(urls))`), or have the senders
select on a done channel (or context) the receiver closes when it stops. `errgroup`
does both.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::BufferTooSmall);
}
