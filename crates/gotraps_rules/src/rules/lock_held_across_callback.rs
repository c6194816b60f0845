//! GT425 lock-held-across-callback (T22).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static LOCK_HELD_ACROSS_CALLBACK: Rule = Rule {
    code: "GT425",
    name: "lock-held-across-callback",
    traps: &["T22"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "a callback supplied by the package's callers runs while a lock is held that an exported method takes",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags a call, made while a
lock is held, that reaches (at any call depth) a callback the package's callers supply:
a function value from an exported field or from a parameter of an exported function or
method (`SetOnChange(fn)`). It reports only when an exported function or method of the
package takes that same lock through its receiver or parameters, so a callback holding
the object can call it. A recursive read lock counts only when the lock also has a
writer. Printf-style function values (a format string and `...any`) are logging sinks
and do not count; neither do interfaces implemented outside the package (as often a
store or a verifier, which never calls back, as a hook).

## Why is this bad?
The callback cannot know the lock is held. When it calls back into the object (validate
the entry, read a setting, log the metrics), the exported method waits for the lock its
own goroutine holds: `sync.Mutex` is not re-entrant, `RLock` waits for a held write
lock, and a second `RLock` waits behind any writer queued since the first.

## Example
```go
func (e *Entry) TypedKey(k Key) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.text = e.text[:len(e.text)-1]
	if e.OnChanged != nil {
		e.OnChanged(e.text) // a callback that calls e.Text() locks e.mu again
	}
}
```

## Use instead
```go
func (e *Entry) TypedKey(k Key) {
	e.mu.Lock()
	e.text = e.text[:len(e.text)-1]
	text, cb := e.text, e.OnChanged
	e.mu.Unlock()
	if cb != nil {
		cb(text)
	}
}
```

## Default
Opt-in: whether the callback calls back depends on code the analysis does not see.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::CallbackUnderLock);
}
