//! GT035 lock-held-across-io (T35).

use crate::checker::Checker;
use crate::locks::{analyse, via, Blocking};
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static LOCK_HELD_ACROSS_IO: Rule = Rule {
    code: "GT035",
    name: "lock-held-across-io",
    traps: &["T35"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "mutex held across time.Sleep or a network call",
    doc: r#"## What it does
Flags `time.Sleep`, an HTTP request (`http.Get/Post/Head/PostForm`, `Do/Get/Post/...` on
an `*http.Client` or `http.DefaultClient`) or a `net.Dial`/`DialTimeout` reached while a
`sync.Mutex`/`sync.RWMutex` is definitely held on that path, directly or inside a
method or function of the package called there (the message shows the chain).

## Why is this bad?
Every goroutine that needs the lock waits for the sleep or the remote peer: one slow
backend turns into a convoy of blocked requests (visible as many goroutines parked in
`sync.Mutex.Lock` in a goroutine dump). A network call without deadline under a lock can
stall the whole service.

## Example
```go
func (c *TokenCache) Token() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Now().After(c.expiry) {
		resp, err := c.client.Post(c.url, "application/json", nil) // every caller waits on the network
		...
	}
	return c.token, nil
}
```

## Use instead
Copy what you need under the lock, release it, do the I/O, then lock again to store the
result (or use `singleflight` to collapse concurrent refreshes).

## Default
Opt-in: on the measured corpora all 15 findings were deliberate (a test fake that
simulates latency under its lock, a log-rotation retry that must block writers); 0 of 15
true positives, see docs/triage/lock-held-across-io.md. Enable it for services where a
lock must never wait on the network.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    for (_, f) in analyse(cx) {
        for h in &f.held_across {
            if h.kind.is_channel_or_wait() {
                continue;
            }
            let chain = via(cx, &h.via);
            let what = if h.kind == Blocking::Sleep { "sleeps" } else { "makes a network call" };
            let msg = if h.via.is_empty() {
                format!("{} while `{}` is held: every goroutine that needs it waits too", h.kind.describe(), h.mutex)
            } else {
                format!("call {what} while `{}` is held: every goroutine that needs it waits too", h.mutex)
            };
            let d = cx.report(h.at, msg);
            d.with_label_mut(h.locked_at.start, h.locked_at.end, "locked here");
            d.help = Some(format!("release `{}` before the slow call and lock again to store the result", h.mutex));
            chain.apply(d);
        }
    }
}
