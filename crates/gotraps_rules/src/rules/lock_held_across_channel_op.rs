//! GT029 lock-held-across-channel-op (T29).

use crate::checker::Checker;
use crate::locks::{analyse, via};
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static LOCK_HELD_ACROSS_CHANNEL_OP: Rule = Rule {
    code: "GT029",
    name: "lock-held-across-channel-op",
    traps: &["T29"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "mutex held while blocking on a channel operation or WaitGroup.Wait",
    doc: r#"## What it does
Flags a blocking channel send or receive, a `select` without `default`, a `range` over a
channel, or a `WaitGroup.Wait` reached while a `sync.Mutex`/`sync.RWMutex` is definitely
held on that path, directly or inside a method or function of the package called there
(the message shows the chain). Sends and receives inside a `select` with a `default`
case do not block and are not flagged. `sync.Cond.Wait` releases the lock and is not
flagged.

## Why is this bad?
If the goroutine on the other side of the channel (or one that must call `Done`) needs
the same lock to make progress, neither can move: a mixed deadlock that no
mutex-only or channel-only tool sees. Even without a cycle, every other user of the lock
waits as long as the channel does.

## Example
```go
func (b *Broker) Publish(m Msg) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, sub := range b.subs {
		sub.ch <- m // a slow subscriber that calls b.Unsubscribe (which locks b.mu) deadlocks
	}
}
```

## Use instead
```go
func (b *Broker) Publish(m Msg) {
	b.mu.Lock()
	subs := slices.Clone(b.subs)
	b.mu.Unlock()
	for _, sub := range subs {
		sub.ch <- m
	}
}
```

## Default
Opt-in: on real code most such operations are deliberate (a channel used as a semaphore
or hand-off under a lock that the other side never takes, fresh buffered channels);
0 of 23 sampled findings were confirmed deadlocks, see
docs/triage/lock-held-across-channel-op.md.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    for (_, f) in analyse(cx) {
        for h in &f.held_across {
            if !h.kind.is_channel_or_wait() {
                continue;
            }
            let chain = via(cx, &h.via);
            let what = h.kind.describe();
            let msg = if h.via.is_empty() {
                format!("{what} while `{}` is held: if the other side needs this lock, both block forever", h.mutex)
            } else {
                format!(
                    "call blocks on {what} while `{}` is held: if the other side needs this lock, both block forever",
                    h.mutex
                )
            };
            let d = cx.report(h.at, msg);
            d.with_label_mut(h.locked_at.start, h.locked_at.end, "locked here");
            d.help = Some(format!("release `{}` before blocking, or use a select with ctx.Done()/default", h.mutex));
            chain.apply(d);
        }
    }
}
