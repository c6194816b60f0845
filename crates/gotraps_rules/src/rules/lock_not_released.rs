//! GT023 lock-not-released (T23).

use crate::checker::Checker;
use crate::locks::{analyse, Leave};
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static LOCK_NOT_RELEASED: Rule = Rule {
    code: "GT023",
    name: "lock-not-released",
    traps: &["T23"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "mutex released on some paths but still held when the function returns on another",
    doc: r#"## What it does
Follows each function path by path and flags a `return` (or the end of the body) reached
while a `sync.Mutex`/`sync.RWMutex` locked in the function is still held, with no deferred
unlock, when another path of the same function does release it. Locks released through
a helper of the package (`s.unlock()`) count as released.

In a loop whose body starts with the `Lock`, it flags a `continue` that leaves the lock
held (the next iteration's `Lock` never returns), a `break` with no unlock after the loop,
and a `return`, when another way out of the iteration unlocks.

Functions that return with the lock held on every path (lock helpers such as
`func (s *S) lock() { s.mu.Lock() }`, or "returns with mu held" APIs) are not flagged:
the rule looks for functions that disagree with themselves. A function returning `error`
that keeps the lock only on `return nil` is an acquire helper when some function of the
package unlocks that mutex without locking it (a release helper, or the caller); with no
such function, the success path forgot to unlock and is flagged.

## Why is this bad?
The early return keeps the lock: the next `Lock` anywhere in the program blocks forever.
It typically hides in an error branch that runs rarely, so the service hangs only
under a specific failure.

## Example
```go
func (s *Store) Get(id string) (Order, error) {
	s.mu.Lock()
	o, ok := s.cache[id]
	if !ok {
		return Order{}, ErrNotFound // s.mu still held
	}
	s.mu.Unlock()
	return o, nil
}
```

## Use instead
```go
func (s *Store) Get(id string) (Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.cache[id]
	if !ok {
		return Order{}, ErrNotFound
	}
	return o, nil
}
```

## Go versions
All. staticcheck SA2001 flags only empty critical sections; gocritic badLock only
adjacent statements.

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
3 of its 5 findings were real traps (60%: 3 TP, 2 FP), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT023` or `extend-select = ["GT023"]` in `gotraps.toml`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    for (_, f) in analyse(cx) {
        for u in &f.unreleased {
            let (message, help) = match u.leaves {
                Leave::Return => (
                    format!("returns with `{}` still locked: other paths of this function unlock it", u.mutex),
                    format!("unlock before this return, or use `defer {}.Unlock()` right after locking", u.mutex),
                ),
                Leave::Continue => (
                    format!(
                        "`{}` is still locked when this loop continues: the next iteration's lock blocks forever",
                        u.mutex
                    ),
                    format!(
                        "unlock before `continue`, or move the loop body into a function that runs `defer {}.Unlock()`",
                        u.mutex
                    ),
                ),
                Leave::Break => (
                    format!("`{}` is still locked when this loop breaks: other paths of the loop unlock it", u.mutex),
                    "unlock before `break`, or unlock after the loop on this path too".to_string(),
                ),
            };
            let d = cx.report(u.exit, message);
            d.with_label_mut(u.locked_at.start, u.locked_at.end, "locked here");
            d.with_label_mut(u.released_at.start, u.released_at.end, "released on this other path");
            d.help = Some(help);
        }
    }
}
