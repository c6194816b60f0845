//! GT063 close-while-sending (T27).

use crate::checker::Checker;
use crate::races::{location, locks, thread};
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static CLOSE_WHILE_SENDING: Rule = Rule {
    code: "GT063",
    name: "close-while-sending",
    traps: &["T27"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a channel is closed while another goroutine may still send on it",
    doc: r#"## What it does
Flags `close(ch)` of a channel held in a struct field or package variable when a send on
the same channel can run at the same time in another goroutine: a goroutine the package
starts, or an exported function or method called from any goroutine (for two entry
points, only on a type that shows it is used concurrently: a lock or a sync/atomic field).
Sends are followed through method calls. The close is not flagged when both sides hold
one lock, or when the closing code first waits for the sender (`wg.Wait()`, or a receive
on a channel the sender signals). The message names the close, the send, the goroutines
they run in and the locks held at each.

Opt-in (`--extend-select close-while-sending`).

## Why is this bad?
A send on a closed channel panics, also inside a `select` with other cases. Closing from
a goroutine that does not own the senders turns shutdown into a crash that shows only
when a send is in flight at the wrong moment.

## Example
```go
func (r *Reactor) run() {
	defer close(r.out) // the reader's goroutine closes
	for { ... }
}

func (r *Reactor) notify(peer string) {
	r.out <- peer // another goroutine still sends: panics after the close
}
```

## Use instead
Close a channel only in the goroutine that sends on it, after its last send; or have
every sender stop first (a WaitGroup the closer waits on, or a done channel the senders
select on without the data channel ever being closed).

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let races = cx.package.races();
    let fi = cx.file_index as u32;
    let found: Vec<_> = races.closes.iter().filter(|r| r.close.access.file == fi).cloned().collect();
    for r in found {
        let msg = format!(
            "`{}` is closed here ({}) while {} may still send on it at {} ({}); a send on a closed channel panics",
            r.channel,
            thread(cx, r.close.thread),
            thread(cx, r.send.thread),
            location(cx, r.send.access.file, r.send.access.span),
            locks(races.locks(&r.send.access)),
        );
        let send = r.send.access;
        let d = cx.report(r.close.access.span, msg);
        if send.file == fi {
            d.with_label_mut(send.span.start, send.span.end, "send here");
        }
        d.help =
            Some("close the channel in the goroutine that sends on it, or wait for every sender before closing".into());
    }
}
