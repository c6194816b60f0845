//! GT003 abandoned-send (T03).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_stmt, functions, is_loop};
use crate::rule::Rule;
use crate::vars::{chan_make, ident_name, received_chan, uses_of, Var};
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{AssignOp, BranchKind, ExprId, ExprKind, StmtId, StmtKind};
use gotraps_syntax::Span;

pub static ABANDONED_SEND: Rule = Rule {
    code: "GT003",
    name: "abandoned-send",
    traps: &["T03"],
    severity: Severity::Error,
    default_on: false,
    fixable: true,
    summary: "goroutine sends on an unbuffered channel whose only receiver can return first",
    doc: r#"## What it does
Flags a send `ch <- v` in a goroutine (`go func(){...}()`) on an unbuffered channel made
in the enclosing function, when
- that function's only receive of `ch` is one case of a `select` and another case can
  win for good: it returns (a `ctx.Done()`, a timer, another channel), or the `select`
  runs once for this channel (no loop around it reuses the channel), so whatever that
  case does, falling off the end of the function or only recording an error, nobody
  receives afterwards; a case that ends the process (`os.Exit`, `log.Fatal`, `panic`)
  does not count;
- or nothing receives from `ch` at all: the goroutine's sends are its only uses.

The channel must not be handed anywhere else (then another receiver may exist).

## Why is this bad?
When the other case wins, the function returns and nobody will ever receive from `ch`:
the goroutine blocks on its send forever, with everything it references. This is the most
common goroutine leak in Go services (timeouts around a call made in a goroutine); it shows
up as goroutines parked in `chan send` growing with every timeout.

## Example
```go
func (p *Pool) Submit(ctx context.Context, o Order) error {
	done := make(chan error)
	go func() { done <- p.process(o) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err() // the goroutine above blocks forever
	}
}
```

## Use instead
```go
	done := make(chan error, 1) // the send always succeeds, even after a timeout
```

## Fix
Gives the channel a buffer of 1 when the goroutine sends at most once on it (one send,
not in a loop), so the send can never block.

## Go versions
All. No `go vet` or staticcheck check covers it; semgrep's hanging-goroutine rule matches
the same shape for a local `make` only.

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
2 of its 4 findings were real traps (50%: 2 TP, 2 FP), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT003` or `extend-select = ["GT003"]` in `gotraps.toml`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !file.stmts.iter().any(|s| matches!(s.kind, StmtKind::Go { .. })) {
        return;
    }
    struct Hit {
        send: Span,
        ch: String,
        /// The only receive (a select case), or `None` when nothing receives at all.
        case: Option<Span>,
        make: ExprId,
        fixable: bool,
    }
    let mut hits: Vec<Hit> = Vec::new();
    for func in functions(file) {
        // Unbuffered channels made here, with the loops around each make and select.
        let mut makes: Vec<(&str, ExprId, ExprId, Vec<StmtId>)> = Vec::new();
        let mut gos: Vec<StmtId> = Vec::new();
        let mut selects: Vec<(StmtId, Vec<StmtId>)> = Vec::new();
        let loops_of = |enclosing: &[StmtId]| enclosing.iter().copied().filter(|&s| is_loop(file, s)).collect();
        for_each_stmt(file, func.body, |id, enclosing| match &file.stmt(id).kind {
            StmtKind::Assign { lhs, op: AssignOp::Define, rhs, .. } if lhs.len() == 1 && rhs.len() == 1 => {
                if let (Some(n), Some(None)) = (ident_name(file, lhs[0]), chan_make(cx, cx.file_index, rhs[0])) {
                    makes.push((n, unparen(file, rhs[0]), lhs[0], loops_of(enclosing)));
                }
            }
            StmtKind::Go { .. } => gos.push(id),
            StmtKind::Select { .. } => selects.push((id, loops_of(enclosing))),
            _ => {}
        });
        if makes.is_empty() || gos.is_empty() {
            continue;
        }
        for (name, make, def, make_loops) in makes {
            let Some(var) = Var::here(cx, def) else { continue };
            let uses = uses_of(cx, cx.file_index, func.body, var);
            if uses.defs != 1 || !uses.calls.is_empty() || !uses.selectors.is_empty() {
                continue;
            }
            // The goroutine literal that sends, and its sends.
            let mut sender = None;
            for &g in &gos {
                let StmtKind::Go { call } = file.stmt(g).kind else { continue };
                let Some(lit) = called_func_lit(file, call) else {
                    if crate::vars::mentions_expr(cx, call, var) {
                        sender = None;
                        break;
                    }
                    continue;
                };
                let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else { continue };
                if uses.other.iter().any(|u| u.lit == Some(lit)) {
                    if sender.is_some() {
                        sender = None;
                        break;
                    }
                    sender = Some((lit, body));
                }
            }
            let Some((lit, lit_body)) = sender else { continue };
            let mut sends: Vec<(StmtId, bool)> = Vec::new();
            let mut other_in_lit = false;
            for_each_stmt(file, lit_body, |id, enclosing| {
                if let StmtKind::Send { chan, .. } = file.stmt(id).kind {
                    if var.is_expr(cx, cx.file_index, file, chan) {
                        // A send that is a select case next to other cases can give up.
                        let in_select_case = enclosing.last().is_some_and(
                            |&c| matches!(&file.stmt(c).kind, StmtKind::CommClause { comm: Some(cs), .. } if *cs == id),
                        );
                        if !in_select_case {
                            sends.push((id, enclosing.iter().any(|&s| is_loop(file, s))));
                        }
                    }
                }
            });
            let lit_uses = uses.other.iter().filter(|u| u.lit == Some(lit)).count();
            let send_uses = {
                let mut n = 0;
                for_each_stmt(file, lit_body, |id, _| {
                    if let StmtKind::Send { chan, .. } = file.stmt(id).kind {
                        n += usize::from(var.is_expr(cx, cx.file_index, file, chan));
                    }
                });
                n
            };
            other_in_lit |= lit_uses != send_uses;
            if sends.is_empty() || other_in_lit {
                continue;
            }
            // Outside the goroutine: exactly one use besides the make, a select case
            // receive, with a sibling case that returns.
            let outside: Vec<_> = uses.other.iter().filter(|u| u.lit.is_none()).collect();
            if uses.other.iter().any(|u| u.lit.is_some() && u.lit != Some(lit)) {
                continue;
            }
            // Nothing receives at all: the goroutine's sends are the channel's only uses.
            if outside.is_empty() {
                if only_sends_use(cx, def, send_uses) {
                    for (s, _) in sends {
                        hits.push(Hit {
                            send: file.stmt(s).span,
                            ch: name.to_string(),
                            case: None,
                            make,
                            fixable: false,
                        });
                    }
                }
                continue;
            }
            if outside.len() != 1 {
                continue;
            }
            let recv = outside[0].expr;
            let mut case = None;
            for (s, select_loops) in &selects {
                let StmtKind::Select { body } = file.stmt(*s).kind else { continue };
                let clauses = file.stmt(body).kind.block_stmts();
                let Some(&mine) = clauses.iter().find(|&&c| {
                    matches!(&file.stmt(c).kind, StmtKind::CommClause { comm: Some(cs), .. } if received_chan(file, *cs).is_some_and(|x| unparen(file, x) == recv))
                }) else {
                    continue;
                };
                // The select receives from this channel at most once when no loop around it
                // runs again with the same channel (a loop that also holds the make gets a
                // new one): then any other case taken abandons the sender, whether it
                // returns, falls off the end of the function or only records an error.
                let receives_once = select_loops.iter().all(|l| make_loops.contains(l));
                // Unless the other case receives what the same goroutine sends instead
                // (`errc <- err; return` or `resc <- res`): it wins only when the
                // goroutine took the other path and will not send on this channel.
                let sibling_wins = clauses.iter().any(|&c| {
                    let StmtKind::CommClause { comm: Some(cs), body, .. } = &file.stmt(c).kind else { return false };
                    let from_sender = received_chan(file, *cs).is_some_and(|x| sent_in(cx, lit_body, x));
                    c != mine && !from_sender && ((receives_once && !ends_process(cx, body)) || leaves(cx, body))
                });
                if sibling_wins {
                    case = Some(file.stmt(mine).span);
                }
            }
            let Some(case) = case else { continue };
            let case = Some(case);
            let fixable = sends.len() == 1 && !sends[0].1;
            for (s, _) in sends {
                hits.push(Hit { send: file.stmt(s).span, ch: name.to_string(), case, make, fixable });
            }
        }
    }
    for h in hits {
        let Some(case) = h.case else {
            let m = file.expr(h.make).span;
            let d = cx.report(
                h.send,
                format!("send on unbuffered `{}` blocks forever: nothing receives from it and it does not leave this function, so the goroutine leaks", h.ch),
            );
            d.with_label_mut(m.start, m.end, "made here, never received from");
            d.help = Some(format!("receive from `{}` where the result is needed, or drop the channel", h.ch));
            continue;
        };
        let d = cx.report(
            h.send,
            format!("send on unbuffered `{}` blocks forever once the receiving select has taken another case: the goroutine leaks", h.ch),
        );
        d.with_label_mut(case.start, case.end, "the only receive; another case can win");
        d.help = Some(format!(
            "make `{}` with a buffer of 1 (one send per goroutine), or select on the context in the goroutine too",
            h.ch
        ));
        if h.fixable {
            if let ExprKind::Call { rparen, .. } = file.expr(h.make).kind {
                d.fix = Some(Fix {
                    message: "give the channel a buffer of 1".into(),
                    edits: vec![Edit { span: Span::at(rparen), replacement: ", 1".into() }],
                });
            }
        }
    }
}

fn leaves(cx: &Checker, body: &[StmtId]) -> bool {
    let file = cx.file;
    let mut out = false;
    for &s in body {
        for_each_stmt(file, s, |id, _| match &file.stmt(id).kind {
            StmtKind::Return { .. } | StmtKind::Branch { kind: BranchKind::Goto, .. } => out = true,
            StmtKind::Branch { kind: BranchKind::Break, label: Some(_) } => out = true,
            // A case that panics or exits ends the process: no one is left to leak.
            _ => {}
        });
    }
    out
}

/// Whether the channel defined at `def` is mentioned nowhere in the file but at its
/// definition and in `sends` send statements, as the model resolves names (a shadowing
/// variable of the same name is another channel). `false` without the model.
fn only_sends_use(cx: &Checker, def: ExprId, sends: usize) -> bool {
    let Some(model) = cx.semantic() else { return false };
    let Some(obj) = crate::semantic::var_object(cx, def) else { return false };
    let file = cx.file;
    let mentions = file
        .exprs
        .iter()
        .filter(|e| matches!(e.kind, ExprKind::Ident(i) if model.object_of(cx.file_index, i) == Some(obj)))
        .count();
    mentions == 1 + sends
}

/// Whether a case body ends the process or the goroutine (`os.Exit`, `log.Fatal`,
/// `panic`): then no one is left for the blocked sender to outlive.
fn ends_process(cx: &Checker, body: &[StmtId]) -> bool {
    let mut out = false;
    for &s in body {
        for_each_stmt(cx.file, s, |id, _| out |= crate::vars::is_exit_stmt(cx, id));
    }
    out
}

/// Whether `body` (the sending goroutine) sends on the channel (variable or field) `ch`
/// names.
fn sent_in(cx: &Checker, body: StmtId, ch: ExprId) -> bool {
    let file = cx.file;
    let Some(target) = Var::here(cx, unparen(file, ch)) else { return false };
    let mut found = false;
    for_each_stmt(file, body, |id, _| {
        if let StmtKind::Send { chan, .. } = file.stmt(id).kind {
            found |= Var::here(cx, unparen(file, chan)) == Some(target);
        }
    });
    found
}
