//! GT123 unlock-of-unlocked (T23).

use crate::checker::Checker;
use crate::locks::{analyse, BadUnlockKind};
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static UNLOCK_OF_UNLOCKED: Rule = Rule {
    code: "GT123",
    name: "unlock-of-unlocked",
    traps: &["T23"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "Unlock of a mutex that this path has already released (a fatal error)",
    doc: r#"## What it does
Follows each function path by path and flags an `Unlock`/`RUnlock` of a
`sync.Mutex`/`sync.RWMutex` that is definitely not held on that path:
- a second `Unlock` after the path already unlocked;
- a deferred `Unlock` that runs at a return after the path already unlocked by hand;
- `defer mu.Unlock()` placed before `mu.Lock()` with a return in between: at that
  return the deferred unlock runs on a mutex that was never locked.

Not flagged: `defer mu.Unlock()` directly before `mu.Lock()` with nothing between (odd,
but the unlock still runs after the lock), and functions that start by unlocking a lock
their caller holds.

## Why is this bad?
`sync: unlock of unlocked mutex` is a fatal error, not a panic: `recover` cannot stop it
and the whole process dies.

## Example
```go
func (q *Queue) Pop() (Job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.jobs) == 0 {
		q.mu.Unlock()
		return Job{}, false // the deferred Unlock runs again: fatal error
	}
	...
}
```

## Use instead
```go
func (q *Queue) Pop() (Job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.jobs) == 0 {
		return Job{}, false
	}
	...
}
```

## Go versions
All.

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
0 of its 3 findings were real traps (0%: 3 FP), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT123` or `extend-select = ["GT123"]` in `gotraps.toml`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    for (_, f) in analyse(cx) {
        for b in &f.bad_unlock {
            let (msg, label) = match b.kind {
                BadUnlockKind::Twice => (
                    format!("`{}` unlocked again on a path that already unlocked it: fatal error `unlock of unlocked mutex`", b.mutex),
                    "first unlocked here",
                ),
                BadUnlockKind::DeferredAfterRelease => (
                    format!("`{}` unlocked here, and the deferred Unlock runs again when the function returns: fatal error", b.mutex),
                    "deferred Unlock",
                ),
                BadUnlockKind::DeferredBeforeLock => (
                    format!("returns before `{}` is locked, but its Unlock is already deferred: fatal error `unlock of unlocked mutex`", b.mutex),
                    "Unlock deferred before the Lock",
                ),
            };
            let d = cx.report(b.at, msg);
            d.with_label_mut(b.related.start, b.related.end, label);
            d.help = Some(match b.kind {
                BadUnlockKind::DeferredBeforeLock => "move the `defer ...Unlock()` to directly after the Lock".into(),
                _ => "keep one way of releasing: either the deferred Unlock or explicit ones on every path".into(),
            });
        }
    }
}
