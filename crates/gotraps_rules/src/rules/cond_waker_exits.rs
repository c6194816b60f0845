//! GT440 cond-waker-exits (T37, T03).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static COND_WAKER_EXITS: Rule = Rule {
    code: "GT440",
    name: "cond-waker-exits",
    traps: &["T37", "T03"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "the goroutine that wakes a Cond's waiter ends without the wakeup, or wakes it only once",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags two shapes of a
waker goroutine that leaves a `sync.Cond` waiter asleep:

- A field a `for cond { c.Wait() }` loop's condition reads is written only by one
  goroutine body, each write followed by a wakeup (`stopped = true; c.Broadcast()`), and
  that goroutine has a `return` that does not run after the write (another `select`
  case, an error exit): reported at that `return`.
- A `c.Wait()` in no condition loop whose wakeup for an event comes from a goroutine
  that waits for the event (`<-stop`), then signals or broadcasts once, outside any
  loop, and ends, when the waiter does not check that event under `c.L` before it
  waits: reported at the one-shot wakeup.

## Why is this bad?
A waiter sleeps until a Signal or Broadcast. In the first shape, when the goroutine
leaves by the other path nobody ever sets the condition, and the waiter (and whoever
waits for it in `Close`) hangs. In the second, the one wakeup can land before the
waiter sleeps, or wake it once and let it go back to `Wait`: no second wakeup comes.

## Example
```go
func (s *Scheduler) eventLoop() {
	for {
		select {
		case <-s.stop:
			s.mu.Lock()
			s.closed = true
			s.cond.Broadcast()
			s.mu.Unlock()
			return
		case err := <-s.fatal:
			s.log(err)
			return // the dispatcher waiting for work or closed sleeps forever
		}
	}
}
```

## Use instead
Set the state and broadcast in a deferred function of the goroutine, so every way out
does it; and have waiters re-check the event under `c.L` in a loop around `Wait`.

## Default
Opt-in until measured on code nobody tuned it on.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::CondWakerExits);
}
