//! GT403 channel-without-partner (T03, T04).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static CHANNEL_WITHOUT_PARTNER: Rule = Rule {
    code: "GT403",
    name: "channel-without-partner",
    traps: &["T03", "T04"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a receive, send, Cond.Wait or <-ctx.Done() that nothing in the package can ever complete",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags a blocking operation
on an object that no code of the package can complete:

- a receive or `range` on a channel made in the package that nothing sends on or closes
  (a `defer close(ch)` in the waiting function itself does not count: it runs only after
  the wait), and a receive on a struct field no channel is ever stored in (a shutdown
  channel nothing makes, sends on or closes);
- a `range` over a channel nothing closes whose only senders run in goroutines that can
  end (a loop that returns on its stop signal): after their last send the range waits
  forever. Senders callable from outside the package, forwarders that live as long as
  their own input, and loops that start their own senders are not reported;
- a single send on an unbuffered channel that several goroutines (started by a `go` in a
  loop) receive from as their signal to end: it wakes one of them;
- a receive, in a goroutine, from a channel only signal delivery feeds
  (`signal.Notify`) when the function that started the goroutine stops the delivery
  with `defer signal.Stop` (not in `main`);
- a send on an unbuffered channel that nothing receives from;
- `Cond.Wait` on a Cond that nothing signals or broadcasts;
- `<-ctx.Done()` on a context from `context.WithCancel(context.Background())` whose cancel
  func is never called (or only deferred by the waiter), and a plain `<-ctx.Done()` on a
  context parameter that a call in the package passes `context.Background()` or
  `context.TODO()`.

Objects are followed through variables, struct fields (`s.done` and `r.srv.done` are one
channel when they are one field), parameters, results and function values. An object
that code outside the package may reach (an exported field, variable or parameter, an
argument to another package's function) is never reported; one it only hands out as a
`<-chan T` (an accessor such as `Events()`) can still have no sender or closer. The
exported fields of an unexported struct type that no type embeds are not reachable from
outside.

## Why is this bad?
The goroutine blocks forever: a leak that holds its stack and everything it references,
or a hang when it is the main flow.

## Example
```go
func (w *Worker) Stop() {
	w.quit = make(chan struct{})
	<-w.done // nothing ever sends on or closes w.done
}
```

## Use instead
Close the channel (or send) where the work it waits for ends, signal the Cond after
changing the condition, call the cancel func.

## Go versions
All. `go vet` and staticcheck have no whole-package check of this kind.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::NoPartner);
}
