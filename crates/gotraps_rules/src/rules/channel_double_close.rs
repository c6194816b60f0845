//! GT027 channel-double-close (T27).

use crate::checker::Checker;
use crate::flow::{self, FlowState, FlowVisitor};
use crate::funcs::functions;
use crate::locks::norm;
use crate::rule::Rule;
use crate::vars::Place;
use gotraps_diagnostics::Severity;
use gotraps_semantic::PackageModel;
use gotraps_syntax::ast::{ExprId, File, StmtId, StmtKind};
use gotraps_syntax::Span;
use std::collections::HashSet;

pub static CHANNEL_DOUBLE_CLOSE: Rule = Rule {
    code: "GT027",
    name: "channel-double-close",
    traps: &["T27"],
    severity: Severity::Error,
    default_on: true,
    fixable: false,
    summary: "channel closed twice, or sent to after close, on one path",
    doc: r#"## What it does
Follows each function path by path and flags:
- `close(ch)` when `ch` is definitely closed already on that path (a second close, a
  close in a loop body that runs again, an explicit close plus a `defer close(ch)`);
- a send `ch <- v` (also in a `select` case) after `close(ch)` on that path.

The channel is identified by the variable or field that holds it (`ch`, `s.done`): a
`ch` declared again in an inner block is another channel. Assigning it a new value
resets what is known about it, and so does each iteration of a `range` loop for its
variables.

## Why is this bad?
Closing a closed channel and sending on a closed channel panic. On a shutdown path this
turns a graceful stop into a crash with a stack trace instead of a clean exit.

## Example
```go
func (w *Worker) Stop() {
	defer close(w.done)
	if w.failed {
		close(w.done) // the deferred close panics at return
		return
	}
	...
}
```

## Use instead
Close in one place only (the owner of the channel, often with `sync.Once`), or keep the
`defer` and drop the explicit close.

## Go versions
All.
"#,
    check,
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Val {
    Closed(Span),
    Maybe,
}

/// What is known per channel on a path; each place keeps the text of its first mention
/// for messages.
#[derive(Clone, Default)]
struct State<'a> {
    chans: Vec<(Place<'a>, Val)>,
    deferred: Vec<(Place<'a>, Span)>,
}

impl FlowState for State<'_> {
    fn join(&mut self, o: &Self) {
        let mut out = Vec::new();
        for (k, v) in &self.chans {
            let ov = o.chans.iter().find(|e| &e.0 == k).map(|e| e.1);
            out.push((
                k.clone(),
                if ov == Some(*v) || matches!((v, ov), (Val::Closed(_), Some(Val::Closed(_)))) {
                    *v
                } else {
                    Val::Maybe
                },
            ));
        }
        for (k, _) in &o.chans {
            if !out.iter().any(|e| &e.0 == k) {
                out.push((k.clone(), Val::Maybe));
            }
        }
        self.chans = out;
        self.deferred.retain(|(k, _)| o.deferred.iter().any(|e| &e.0 == k));
    }
}

struct Finding {
    at: Span,
    prev: Span,
    name: String,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    CloseTwice,
    CloseAndDeferred,
    SendAfterClose,
}

struct Visit<'c, 'a> {
    cx: &'c Checker<'a>,
    model: Option<&'a PackageModel<'a>>,
    fi: usize,
    file: &'a File,
    out: Vec<Finding>,
    seen: HashSet<u32>,
}

impl<'a> Visit<'_, 'a> {
    fn place(&self, e: ExprId) -> Option<Place<'a>> {
        Place::in_file(self.model, self.fi, self.file, e)
    }

    /// The channel `close(ch)` closes, when `e` is a call of the builtin.
    fn closes(&self, e: ExprId) -> Option<(Place<'a>, ExprId)> {
        let ch = crate::semantic::close_call_arg(self.cx, self.fi, e)?;
        Some((self.place(ch)?, ch))
    }

    fn closed(st: &State, k: &Place) -> Option<Span> {
        st.chans.iter().find(|e| &e.0 == k).and_then(|e| match e.1 {
            Val::Closed(s) => Some(s),
            Val::Maybe => None,
        })
    }

    fn set(st: &mut State<'a>, k: &Place<'a>, v: Option<Val>) {
        st.chans.retain(|e| &e.0 != k);
        if let Some(v) = v {
            st.chans.push((k.clone(), v));
        }
    }

    fn send(&mut self, chan: ExprId, at: Span, st: &State) {
        if let Some(k) = self.place(chan) {
            if let Some(prev) = Self::closed(st, &k) {
                if self.seen.insert(at.start) {
                    let name = norm(self.file, chan).unwrap_or_default();
                    self.out.push(Finding { at, prev, name, kind: Kind::SendAfterClose });
                }
            }
        }
    }

    /// Assignments to a tracked channel (or to a variable or field it lies under)
    /// forget its state.
    fn assigned(&self, lhs: &[ExprId], st: &mut State) {
        for &l in lhs {
            if let Some(k) = self.place(l) {
                st.chans.retain(|e| !e.0.within(&k));
                st.deferred.retain(|e| e.0 != k);
            }
        }
    }
}

impl<'a> FlowVisitor for Visit<'_, 'a> {
    type State = State<'a>;

    fn stmt(&mut self, file: &File, id: StmtId, st: &mut State<'a>) {
        let span = file.stmt(id).span;
        match &file.stmt(id).kind {
            StmtKind::Expr(e) => {
                let Some((k, ch)) = self.closes(*e) else { return };
                let name = || norm(self.file, ch).unwrap_or_default();
                if let Some(prev) = Self::closed(st, &k) {
                    if self.seen.insert(span.start) {
                        self.out.push(Finding { at: span, prev, name: name(), kind: Kind::CloseTwice });
                    }
                } else if let Some(&(_, d)) = st.deferred.iter().find(|e| e.0 == k) {
                    if self.seen.insert(span.start) {
                        self.out.push(Finding { at: span, prev: d, name: name(), kind: Kind::CloseAndDeferred });
                    }
                }
                Self::set(st, &k, Some(Val::Closed(span)));
            }
            StmtKind::Defer { call } => {
                if let Some((k, ch)) = self.closes(*call) {
                    if let Some(prev) = Self::closed(st, &k) {
                        if self.seen.insert(span.start) {
                            let name = norm(self.file, ch).unwrap_or_default();
                            self.out.push(Finding { at: span, prev, name, kind: Kind::CloseAndDeferred });
                        }
                    }
                    st.deferred.push((k, span));
                }
            }
            StmtKind::Send { chan, .. } => self.send(*chan, span, st),
            StmtKind::Assign { lhs, .. } => self.assigned(lhs, st),
            _ => {}
        }
    }

    fn exit(&mut self, _file: &File, _at: Option<StmtId>, _st: &State<'a>) {}

    fn comm(&mut self, file: &File, comm: Option<StmtId>, st: &mut State<'a>) {
        let Some(c) = comm else { return };
        match &file.stmt(c).kind {
            StmtKind::Send { chan, .. } => self.send(*chan, file.stmt(c).span, st),
            StmtKind::Assign { lhs, .. } => self.assigned(lhs, st),
            _ => {}
        }
    }

    fn iteration(&mut self, file: &File, id: StmtId, st: &mut State<'a>) {
        // `close(chans[i])`: the index usually changes between iterations.
        st.chans.retain(|e| !e.0.has_index());
        st.deferred.retain(|e| !e.0.has_index());
        if let StmtKind::Range { key, value, .. } = &file.stmt(id).kind {
            let vars: Vec<ExprId> = [key, value].into_iter().flatten().copied().collect();
            self.assigned(&vars, st);
        }
    }
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !file.mentions("close(") {
        return;
    }
    let mut all = Vec::new();
    for func in functions(file) {
        if !file.text(file.stmt(func.body).span).contains("close(") {
            continue;
        }
        let mut v = Visit { cx, model: cx.semantic(), fi: cx.file_index, file, out: Vec::new(), seen: HashSet::new() };
        if flow::walk(file, func.body, &mut v, State::default(), cx.semantic().map(|m| (m, cx.file_index))) {
            all.extend(v.out);
        }
    }
    for f in all {
        let (msg, label) = match f.kind {
            Kind::CloseTwice => (
                format!(
                    "`{}` closed again on a path where it is already closed: close of closed channel panics",
                    f.name
                ),
                "closed here first",
            ),
            Kind::CloseAndDeferred => (
                format!("`{}` is closed here and again by the deferred close when the function returns: panic", f.name),
                "deferred close",
            ),
            Kind::SendAfterClose => (
                format!("send on `{}` after it was closed on this path: send on closed channel panics", f.name),
                "closed here",
            ),
        };
        let d = cx.report(f.at, msg);
        d.with_label_mut(f.prev.start, f.prev.end, label);
        d.help = Some("close a channel exactly once, from its only sender (guard with sync.Once if several paths can end the work)".into());
    }
}
