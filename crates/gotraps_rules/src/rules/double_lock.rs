//! GT022 double-lock (T22).

use crate::checker::Checker;
use crate::locks::{analyse, via, DoubleKind};
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static DOUBLE_LOCK: Rule = Rule {
    code: "GT022",
    name: "double-lock",
    traps: &["T22"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "mutex locked again by the goroutine that holds it (directly or through a helper)",
    doc: r#"## What it does
Follows each function path by path and flags a `Lock`/`RLock` of a `sync.Mutex` or
`sync.RWMutex` that the same goroutine definitely holds at that point: a second `Lock`
on the same path, a lock taken in one loop iteration and again in the next, or a call
to a method or function of the package that locks the same mutex on every path (the
message shows the chain, with a label at each step). A recursive `RLock` under `RLock`
is reported too.

The mutex is identified by the expression that names it (`s.mu` in a method of `s`,
the callee's receiver mapped to the caller's expression, package variables) and only
when the declared type shows a `sync` lock. A helper that locks only on some paths
(`if !locked { mu.Lock() }`) is not followed.

## Why is this bad?
Go's mutexes are not reentrant. The second `Lock` waits for the first to be released,
which never happens: the goroutine, and every other goroutine that needs the lock,
hangs. A second `RLock` in the same goroutine works until a writer calls `Lock` in
between; then the reader waits for the writer, which waits for the reader.

## Example
```go
func (s *Store) Invalidate(ids []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.evict(id) // evict locks s.mu again: deadlock
	}
}

func (s *Store) evict(id string) {
	s.mu.Lock()
	delete(s.cache, id)
	s.mu.Unlock()
}
```

## Use instead
```go
func (s *Store) Invalidate(ids []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.evictLocked(id)
	}
}

// evictLocked requires s.mu held.
func (s *Store) evictLocked(id string) { delete(s.cache, id) }
```

## Go versions
All. staticcheck SA2003 and gocritic badLock only see adjacent statements in one
function; `go vet` has no such check.

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
2 of its 4 findings were real traps (50%: 2 TP, 2 FP), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT022` or `extend-select = ["GT022"]` in `gotraps.toml`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    for (_, f) in analyse(cx) {
        for d in &f.double {
            let msg = match (d.kind, d.via.is_empty()) {
                (DoubleKind::RecursiveRead, true) => format!(
                    "`{}` read-locked again while this goroutine holds its read lock: deadlocks as soon as a writer waits in between",
                    d.mutex
                ),
                (DoubleKind::RecursiveRead, false) => format!(
                    "call read-locks `{}` again while this goroutine holds its read lock: deadlocks as soon as a writer waits in between",
                    d.mutex
                ),
                (_, true) => format!("`{}` locked again while already held: mutexes are not reentrant, this goroutine deadlocks", d.mutex),
                (_, false) => format!("call locks `{}`, which is already held here: mutexes are not reentrant, this goroutine deadlocks", d.mutex),
            };
            let help = if d.via.is_empty() {
                "release the lock before taking it again, or restructure so the lock is taken once".to_string()
            } else {
                "call a variant that expects the lock held (e.g. `fooLocked`), or release the lock before the call"
                    .to_string()
            };
            let chain = via(cx, &d.via);
            let diag = cx.report(d.at, msg);
            let first = match d.kind {
                DoubleKind::RecursiveRead | DoubleKind::LockUnderRead => "read-locked here",
                _ => "locked here",
            };
            diag.with_label_mut(d.first.start, d.first.end, first);
            diag.help = Some(help);
            chain.apply(diag);
        }
    }
}
