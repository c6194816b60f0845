//! GT503 send-after-receiver-left (T03).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static SEND_AFTER_RECEIVER_LEFT: Rule = Rule {
    code: "GT503",
    name: "send-after-receiver-left",
    traps: &["T03"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary:
        "an unconditional send on an unbuffered channel whose only receivers can stop first (a select another case ends, or outside code with a stop signal)",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags a plain send (not
in a select) on an unbuffered channel when every receive of that channel in the package
is a case of a select whose other cases can end the receiving: they return, leave the
receiving loop, or the select is not in a loop at all (a timeout, a cancellation, a
stop signal). Channels held in struct fields and served by a loop method are followed
like local ones; channels code outside the package can reach are not reported, nor
channels closed somewhere other than by the senders' own side (a close after the
senders are done does not free a blocked send). Not reported either: a receiver whose
ending cases can never fire (a quit channel nothing sends on or closes), and a serving
`for` loop that ends only when its caller's context is cancelled (the caller owns that
shutdown).

Also flagged: a plain send, in a goroutine the package starts, on an unbuffered channel
that only code outside the package receives from (it is handed out as `<-chan T`), when
the same object has a stop channel the package closes (`Stop` closes `s.done`) and the
send does not watch it.

## Why is this bad?
Once the receiver took the other case, nothing receives again: the sender blocks
forever. Typical shapes: a worker sends its result after the caller timed out; a
`Submit` sends on the request channel of a loop that returned on `Stop`.

## Example
```go
func fetch(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { ch <- compute() }() // blocks forever after a timeout
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
```

## Use instead
Give the channel a buffer for every send (`make(chan int, 1)`), or send in a select
that also watches the receiver's stop signal or context.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::PartnerExits);
}
