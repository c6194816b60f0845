//! GT004 range-unclosed-channel (T04).

use crate::checker::Checker;
use crate::funcs::{for_each_stmt, functions};
use crate::paths::body_can_leave;
use crate::rule::Rule;
use crate::semantic::var_object;
use crate::vars::{chan_make, uses_of, Var};
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{AssignOp, ChanDir, ExprId, ExprKind, StmtKind, UnaryOp};
use gotraps_syntax::Span;
use std::collections::{HashMap, HashSet};

pub static RANGE_UNCLOSED_CHANNEL: Rule = Rule {
    code: "GT004",
    name: "range-unclosed-channel",
    traps: &["T04"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "`for v := range ch` over a channel that nothing closes",
    doc: r#"## What it does
Flags `for v := range ch` when the loop body has no way out (`return`, a `break` for this
loop, an exit call) and `ch` is never closed:
- a channel made in the same function, used only for sends, receives and ranges there
  (and in its closures), with no `close(ch)`;
- a struct field of channel type (declared in the package) that no `close(x.field)`
  anywhere in the package closes and that is never handed out as a value.

## Why is this bad?
`range` over a channel ends only when the channel is closed. After the last value the
loop — and the goroutine running it — waits forever. Workers of a pool whose jobs channel
is never closed can never be shut down; `Close`/`Wait` on the pool hangs or leaks them.

## Example
```go
func (p *Pool) start(n int) {
	for i := 0; i < n; i++ {
		go func() {
			for j := range p.jobs { // nothing ever closes p.jobs
				j()
			}
		}()
	}
}
```

## Use instead
```go
func (p *Pool) Close() {
	close(p.jobs) // the owner (the only sender) closes when done sending
	p.wg.Wait()
}
```

## Default
Opt-in: on the wider corpus (the Debian Go sources) 1 of 2 findings was real; the other
is a forwarding goroutine meant to live as long as its process. Whether a consumer may
outlive its producer is a design question the rule cannot answer. See
docs/triage/range-unclosed-channel.md.

## Go versions
All. staticcheck's SA9001 only looks at defers in such loops.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    // Every statement of the file belongs to one function body: the walk below looks
    // only at ranges over what may be a channel, so a file without one is done.
    if !file
        .stmts
        .iter()
        .any(|s| matches!(&s.kind, StmtKind::Range { x, .. } if !known_not_chan(cx, unparen(file, *x))))
    {
        return;
    }
    let mut hits: Vec<(Span, String)> = Vec::new();
    // Without the model: field name -> every struct field of that name in the package is
    // a channel; built on first use with one pass over the package (not one pass per
    // range statement).
    let mut chan_fields: Option<HashMap<&str, bool>> = None;
    let funcs = functions(file);
    for func in &funcs {
        for_each_stmt(file, func.body, |id, enclosing| {
            let StmtKind::Range { x, body, .. } = &file.stmt(id).kind else { return };
            let label = enclosing.last().and_then(|&s| match &file.stmt(s).kind {
                StmtKind::Labeled { label, .. } => Some(file.name(*label)),
                _ => None,
            });
            // The loop's own exits are checked last: walking the body is the dear part,
            // and most ranges are over slices and maps.
            let x = unparen(file, *x);
            if known_not_chan(cx, x) {
                return;
            }
            match &file.expr(x).kind {
                ExprKind::Ident(i) => {
                    let name = file.name(*i);
                    let Some(var) = Var::here(cx, x) else { return };
                    // The function (or an enclosing one, for closures) that makes it.
                    let owner = crate::vars::enclosing_funcs(file, &funcs, file.stmt(id).span.start)
                        .into_iter()
                        .find(|f| local_chan_make(cx, f.body, var));
                    let Some(owner) = owner else { return };
                    if local_never_closed(cx, owner.body, var) && !body_can_leave(cx, *body, label) {
                        hits.push((file.expr(x).span, name.to_string()));
                    }
                }
                ExprKind::Selector { .. } => {
                    let Some(field) = Var::here(cx, x) else { return };
                    let closable_chan = match cx.semantic() {
                        Some(model) => var_object(cx, x).is_some_and(|f| closable_chan_field(model, f)),
                        None => {
                            let chan_fields = chan_fields.get_or_insert_with(|| chan_field_names(cx));
                            chan_fields.get(field.name).copied().unwrap_or(false)
                        }
                    };
                    if closable_chan && field_never_closed(cx, field) && !body_can_leave(cx, *body, label) {
                        hits.push((file.expr(x).span, cx.text(file.expr(x).span).to_string()));
                    }
                }
                _ => {}
            }
        });
    }
    hits.sort_by_key(|h| h.0.start);
    hits.dedup();
    for (span, ch) in hits {
        cx.report(
            span,
            format!("range over `{ch}`, which nothing closes: after the last value this loop waits forever"),
        )
        .help = Some("close the channel in its sender when sending is done, or leave the loop on a stop signal".into());
    }
}

/// The builtin `len` or `cap` (a channel's length says nothing about who closes it).
fn is_len_or_cap(cx: &Checker, fi: usize, fun: ExprId) -> bool {
    use gotraps_semantic::Builtin;
    crate::semantic::is_builtin(cx, fi, fun, Builtin::Len) || crate::semantic::is_builtin(cx, fi, fun, Builtin::Cap)
}

/// `var := make(chan T[, n])` under `body`.
fn local_chan_make(cx: &Checker, body: gotraps_syntax::ast::StmtId, var: Var) -> bool {
    let file = cx.file;
    let mut found = false;
    for_each_stmt(file, body, |id, _| {
        if let StmtKind::Assign { lhs, op: AssignOp::Define, rhs, .. } = &file.stmt(id).kind {
            if lhs.len() == 1
                && rhs.len() == 1
                && var.is_expr(cx, cx.file_index, file, lhs[0])
                && chan_make(cx, cx.file_index, rhs[0]).is_some()
            {
                found = true;
            }
        }
    });
    found
}

/// Every use of local channel `var` in `body` (closures included) is a send, a receive,
/// a range or `len`/`cap`, and none is `close`.
fn local_never_closed(cx: &Checker, body: gotraps_syntax::ast::StmtId, var: Var) -> bool {
    let uses = uses_of(cx, cx.file_index, body, var);
    if uses.defs != 1 || !uses.calls.is_empty() || !uses.selectors.is_empty() {
        return false;
    }
    let ok = channel_op_operands(cx, var);
    uses.other.iter().all(|u| ok.contains(&u.expr))
}

/// Uses of `var` as the channel of a send, receive or range, or as the argument of
/// `len`/`cap`.
fn channel_op_operands(cx: &Checker, var: Var) -> HashSet<ExprId> {
    let file = cx.file;
    let mut out = HashSet::new();
    let is = |e: ExprId| var.is_expr(cx, cx.file_index, file, e);
    for s in &file.stmts {
        match s.kind {
            StmtKind::Send { chan, .. } if is(chan) => {
                out.insert(unparen(file, chan));
            }
            StmtKind::Range { x, .. } if is(x) => {
                out.insert(unparen(file, x));
            }
            _ => {}
        }
    }
    for e in &file.exprs {
        match &e.kind {
            ExprKind::Unary { op: UnaryOp::Arrow, x, .. } if is(*x) => {
                out.insert(unparen(file, *x));
            }
            ExprKind::Call { fun, args, .. }
                if args.len() == 1 && is(args[0]) && is_len_or_cap(cx, cx.file_index, *fun) =>
            {
                out.insert(unparen(file, args[0]));
            }
            _ => {}
        }
    }
    out
}

/// The model knows the type of `x` and it is not a channel (a slice, map, string...).
fn known_not_chan(cx: &Checker, x: ExprId) -> bool {
    let Some(model) = cx.semantic() else { return false };
    let t = model.type_of(cx.file_index, x);
    !t.is_invalid() && model.chan_of(t).is_none()
}

/// A struct field declared in the package being checked whose type is a channel it can
/// close (a receive-only field is made, and closed, by whoever hands it in).
fn closable_chan_field(model: &gotraps_semantic::PackageModel, field: gotraps_semantic::ObjId) -> bool {
    let o = model.prog.obj(field);
    o.kind == gotraps_semantic::ObjKind::Field
        && o.pkg == model.pkg.id
        && model.chan_of(model.obj_type(field)).is_some_and(|(dir, _)| dir != ChanDir::Recv)
}

/// For a package the model could not type: for each struct field name declared in the
/// package, whether every struct field of that name has a channel type (a field of the
/// same name on another struct type hides the field: the spelling cannot tell them apart).
fn chan_field_names<'a>(cx: &Checker<'a>) -> HashMap<&'a str, bool> {
    let mut out: HashMap<&'a str, bool> = HashMap::new();
    for sf in cx.package.files {
        let f = &sf.ast;
        for e in &f.exprs {
            let ExprKind::StructType { fields } = &e.kind else { continue };
            for fl in &fields.list {
                // A receive-only field cannot be closed through this name: the channel is
                // made (and closed) by whoever hands it in.
                let is_chan = matches!(f.expr(fl.typ).kind, ExprKind::ChanType { dir, .. } if dir != ChanDir::Recv);
                for n in &fl.names {
                    let all = out.entry(f.name(*n)).or_insert(true);
                    *all &= is_chan;
                }
            }
        }
    }
    out
}

/// No `close(x.field)` in the package, and `x.field` only appears as a channel operand,
/// an assignment target, or in `len`/`cap`. Uses of another struct's field of the same
/// name do not count (the model tells them apart; a selector it does not know counts).
fn field_never_closed(cx: &Checker, field: Var) -> bool {
    for (fi, sf) in cx.package.files.iter().enumerate() {
        let f = &sf.ast;
        if !f.mentions(field.name) {
            continue;
        }
        let is = |e: ExprId| field.may_be_selected(cx, fi, f, e);
        let mut ok: HashSet<ExprId> = HashSet::new();
        for s in &f.stmts {
            match &s.kind {
                StmtKind::Send { chan, .. } if is(*chan) => {
                    ok.insert(unparen(f, *chan));
                }
                StmtKind::Range { x, .. } if is(*x) => {
                    ok.insert(unparen(f, *x));
                }
                StmtKind::Assign { lhs, rhs, .. } => {
                    for (i, &l) in lhs.iter().enumerate() {
                        if !is(l) {
                            continue;
                        }
                        // A channel handed in from elsewhere may be closed under another name.
                        if lhs.len() != rhs.len() || chan_make(cx, fi, rhs[i]).is_none() {
                            return false;
                        }
                        ok.insert(l);
                    }
                }
                _ => {}
            }
        }
        for (i, e) in f.exprs.iter().enumerate() {
            match &e.kind {
                ExprKind::Unary { op: UnaryOp::Arrow, x, .. } if is(*x) => {
                    ok.insert(unparen(f, *x));
                }
                ExprKind::Call { fun, args, .. } if args.len() == 1 && is(args[0]) => {
                    if !is_len_or_cap(cx, fi, *fun) {
                        return false;
                    }
                    ok.insert(unparen(f, args[0]));
                }
                ExprKind::KeyValue { value, .. } if field.may_be_key(cx, fi, f, ExprId(i as u32)) => {
                    if chan_make(cx, fi, *value).is_none() {
                        return false;
                    }
                }
                _ => {}
            }
        }
        for (i, e) in f.exprs.iter().enumerate() {
            let id = ExprId(i as u32);
            if matches!(e.kind, ExprKind::Selector { .. }) && !ok.contains(&id) && is(id) {
                return false;
            }
        }
    }
    true
}
