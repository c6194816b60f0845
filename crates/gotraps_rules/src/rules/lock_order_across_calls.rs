//! GT424 lock-order-across-calls (T24).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static LOCK_ORDER_ACROSS_CALLS: Rule = Rule {
    code: "GT424",
    name: "lock-order-across-calls",
    traps: &["T24"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "two abstract locks taken in opposite orders through call chains, interface calls or callbacks",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md): every lock is an abstract
object (a struct field declaration, a variable, an allocation), followed through
pointers, parameters and function values, so `s.mu` and `r.store.mu` are one lock when
`r.store` is an `*S`. Records which lock is taken while another is held, at any call
depth (interface calls and function values included), and flags each acquisition whose
reverse order also occurs, citing both acquisition chains.

Not reported: two instances of one lock (the same field, in `a.mu` then `b.mu`), both
orders taken only under a common third lock, and two read locks.

## Why is this bad?
Two goroutines taking the locks in opposite orders each wait for the lock the other
holds: both block forever, and so does everything that needs either lock.

## Example
```go
func (s *Store) Put(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onChange(k) // a callback that locks the index
}

func (ix *Index) Rebuild() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.store.Keys() // locks Store.mu under Index.mu
}
```

## Use instead
Take the locks in one order everywhere, or release the first before calling out.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::LockOrder);
}
