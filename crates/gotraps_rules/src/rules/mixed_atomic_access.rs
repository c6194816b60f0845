//! GT062 mixed-atomic-access (T20).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_deep::race::RaceKind;
use gotraps_diagnostics::Severity;

pub static MIXED_ATOMIC_ACCESS: Rule = Rule {
    code: "GT062",
    name: "mixed-atomic-access",
    traps: &["T20"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a field or package variable updated with sync/atomic is also read or written plainly",
    doc: r#"## What it does
Flags a plain read or write of a struct field or package-level variable that other code
accesses with a `sync/atomic` function (`atomic.AddInt64(&s.n, 1)`,
`atomic.LoadUint32(&flag)`...), when the two can run at the same time (from exported
functions or methods, or in a goroutine the package starts). Objects just allocated and
not yet shared (a constructor initialising the field) are not flagged. The message names
both accesses and the goroutines they run in.

Opt-in (`--extend-select mixed-atomic-access`): not yet measured on the validation set.

## Why is this bad?
An atomic operation synchronises only with other atomic operations on the same word. A
plain access next to it is a data race: it may read a torn or stale value, and the
compiler may hoist or drop it.

## Example
```go
func (w *Writer) flushLoop() {
	atomic.AddInt64(&w.pending, -1)
}

func (w *Writer) Pending() int64 {
	return w.pending // plain read of an atomically updated field
}
```

## Use instead
Use `sync/atomic` at every access, or better, declare the field as `atomic.Int64` so a
plain access cannot compile.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::races::report(
        cx,
        &[RaceKind::MixedAtomic],
        "use sync/atomic at every access, or declare the field with a sync/atomic type",
    );
}
