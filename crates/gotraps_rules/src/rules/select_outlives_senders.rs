//! GT504 select-outlives-senders (T03, T08).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static SELECT_OUTLIVES_SENDERS: Rule = Rule {
    code: "GT504",
    name: "select-outlives-senders",
    traps: &["T03", "T08"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a select whose only senders return on a stop channel the select does not watch",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags a `select` without
`default` in which every case is a receive that can stop firing for good, and at least
one case is fed only by functions that return on a stop channel: each sender has a
select case that receives from another channel the package closes (`case <-s.stop:
return`), and the waiting select has no case for it. The other cases may be channels
nothing in the package sends on, or a local channel variable declared nil and set only on
some paths (an optional timeout). Not reported: a case on a channel something closes, a
context case, a timer or other package's channel that is always set, channels code
outside the package can reach, and a stop closed by the waiting function itself or only
by a deferred close.

## Why is this bad?
Once the stop channel is closed, the senders are gone and nothing can complete any case:
a caller that waits after `Stop` (or while `Stop` runs) blocks forever.

## Example
```go
func (w *Watcher) poll() {
	for {
		select {
		case w.changes <- fetch():
		case <-w.stop:
			return
		}
	}
}

func (w *Watcher) Wait() error {
	select { // blocks forever after Stop
	case <-w.changes:
		return nil
	case err := <-w.errs:
		return err
	}
}

func (w *Watcher) Stop() { close(w.stop) }
```

## Use instead
Watch the stop signal in the waiter too (`case <-w.stop: return ErrStopped`), or close
the channels it waits on when stopping.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::SelectOutlivesSenders);
}
