//! GT422 reentrant-lock-via-call (T22).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static REENTRANT_LOCK_VIA_CALL: Rule = Rule {
    code: "GT422",
    name: "reentrant-lock-via-call",
    traps: &["T22"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a call made while holding a lock reaches code that locks the same lock again",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags a call made while a
lock is held when the callee, at any call depth, locks the same lock again. Calls are
followed through methods, interface calls (to the package's implementations), function
values passed through variables, fields and parameters, `sync.Once.Do`, and the
`String()`/`Error()` methods `fmt` and `log` call. "Same lock" is must-alias: the callee's
lock is named through its receiver or parameters and mapped to the caller's arguments
(`s.mu` held, `s.flush()` locks `s.mu`), not merely the same field of another instance.

A recursive `RLock` is reported only when the same lock also has a writer (`Lock`)
somewhere in the package: only a queued writer makes the second `RLock` wait.

## Why is this bad?
`sync.Mutex` and `sync.RWMutex` are not re-entrant: the goroutine waits for itself,
forever, and so does every other goroutine that needs the lock.

## Example
```go
func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.log("get " + k) // log locks c.mu again
	return c.m[k]
}
```

## Use instead
Split the function into a locked wrapper and an unlocked helper (`getLocked`), and call
the helper while holding the lock.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::Reentrant);
}
