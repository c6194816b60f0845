//! GT061 inconsistent-lockset (T20).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_deep::race::RaceKind;
use gotraps_diagnostics::Severity;

pub static INCONSISTENT_LOCKSET: Rule = Rule {
    code: "GT061",
    name: "inconsistent-lockset",
    traps: &["T20"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a field or map guarded by a lock at some accesses is accessed without it, or written under RLock",
    doc: r#"## What it does
Flags an access to a struct field, a package-level variable, or a map or slice element
held in one, when another access to it that can run at the same time holds a lock this
one does not hold (one of the two writes). Also flags a write made while holding an
`RWMutex` only with `RLock`, when another access can run under the same read lock.

The two accesses can run at the same time when they are reached from exported
functions or methods (callers may be any goroutines: the lock shows the value is meant
to be shared), or one of them runs in a goroutine the package starts. Accesses are
followed through calls inside the package with the locks the callers hold; accesses to
objects just allocated and not yet shared are not flagged. The message names both
accesses, the goroutines they run in and the locks held at each.

Opt-in (`--extend-select inconsistent-lockset`): not yet measured on the validation set.

## Why is this bad?
A lock protects a value only if every access holds it. A reader without the lock races
with the writer that holds it; a write under `RLock` races with every other reader
holding the same read lock, and on a map aborts the process with
`fatal error: concurrent map writes`.

## Example
```go
func (c *Cache) Put(k string, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	c.size += len(v)
}

func (c *Cache) Size() int {
	return c.size // read without c.mu
}

func (c *Cache) Touch(k string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.hits[k]++ // written under a read lock
}
```

## Use instead
Hold the lock (in write mode for writes) at every access, or make the value a
`sync/atomic` type.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::races::report(
        cx,
        &[RaceKind::InconsistentLock, RaceKind::WriteUnderReadLock],
        "hold the same lock at every access, in write mode (Lock, not RLock) for writes",
    );
}
