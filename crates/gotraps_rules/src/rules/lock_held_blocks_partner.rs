//! GT429 lock-held-blocks-partner (T29).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static LOCK_HELD_BLOCKS_PARTNER: Rule = Rule {
    code: "GT429",
    name: "lock-held-blocks-partner",
    traps: &["T29"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a blocking channel op or Wait made while holding a lock that its only partners must take first",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and flags a send, receive,
`WaitGroup.Wait` or `Cond.Wait` made while a lock is held, when every operation in the
package that could complete it (the receive for a send, the send or close for a receive,
`Done` for `Wait`, `Signal`/`Broadcast` for `Cond.Wait`) runs in another function after
taking that same lock, or waits for it in a loop that takes that lock (the iteration that
takes it blocks). It reports only when the partner's path to its operation goes through
the held lock.

GT429 replaced GT029 `lock-held-across-channel-op` (retired 2026-12-07), which flagged
every blocking channel operation under a lock and was right about 1 time in 10 on real
code (0 of 23 sampled findings, docs/triage/lock-held-across-channel-op.md) because it
could not see whether the partner needs the lock.

Buffered sends, selects with a `default`, and channels code outside the package can
reach are not reported.

## Why is this bad?
The goroutine holding the lock waits for the partner, and the partner waits for the
lock: neither proceeds, and everything else that needs the lock blocks too.

## Example
```go
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.quit <- struct{}{} // the worker must lock p.mu before it receives
}

func (p *Pool) worker() {
	for {
		p.mu.Lock()
		p.tick()
		p.mu.Unlock()
		<-p.quit
		return
	}
}
```

## Use instead
Release the lock before blocking (copy what you need under the lock), or close a channel
the partner selects on without the lock.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::HeldAcrossBlocking);
}
