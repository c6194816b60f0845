//! A buffer handed to os/exec read while the process runs (T20, library model): after
//! `cmd.Stdout = &buf` (or `Stderr`) and `cmd.Start()`, os/exec copies the process's output
//! into `buf` from a goroutine of its own until `cmd.Wait()` returns. A read of a
//! `bytes.Buffer` or `strings.Builder` there before `Wait` (a deferred `Wait` runs too late)
//! races with that copier.

use gotraps_semantic::{ObjId, PackageModel, TypeData};
use gotraps_syntax::ast::{AssignOp, Decl, ExprId, ExprKind, File, StmtKind, UnaryOp};
use gotraps_syntax::Span;

/// A read of an os/exec output buffer while the process may still write it.
#[derive(Clone, Debug)]
pub struct ExecBufferRead {
    pub file: u32,
    /// The read of the buffer.
    pub span: Span,
    /// The buffer variable's name.
    pub buffer: String,
    /// `cmd.Stderr = &buf`.
    pub handed: Span,
    /// `cmd.Start()`.
    pub start: Span,
}

pub(super) fn detect(model: &PackageModel) -> Vec<ExecBufferRead> {
    let mut out = Vec::new();
    for (fi, f) in model.files().iter().enumerate() {
        if !f.mentions("\"os/exec\"") || !f.mentions(".Start()") {
            continue;
        }
        for d in &f.decls {
            if let Decl::Func(fd) = d {
                if fd.body.is_some() {
                    in_function(model, fi, f, fd.span, &mut out);
                }
            }
        }
    }
    out
}

fn is_cmd(model: &PackageModel, fi: usize, e: ExprId) -> bool {
    let t = model.type_of(fi, e);
    let t = match model.prog.types.get(t) {
        TypeData::Pointer(el) => *el,
        _ => t,
    };
    model.is_named(t, "os/exec", "Cmd")
}

fn ident_obj(model: &PackageModel, fi: usize, f: &File, e: ExprId) -> Option<ObjId> {
    match f.expr(super::strip(f, e)).kind {
        ExprKind::Ident(i) => model.object_of(fi, i),
        _ => None,
    }
}

fn in_function(model: &PackageModel, fi: usize, f: &File, range: Span, out: &mut Vec<ExecBufferRead>) {
    let within = |s: Span| range.start <= s.start && s.end <= range.end;
    // Deferred code runs at return: a deferred Wait does not order anything before it.
    let defers: Vec<Span> =
        f.stmts.iter().filter(|s| within(s.span) && matches!(s.kind, StmtKind::Defer { .. })).map(|s| s.span).collect();
    let deferred = |s: Span| defers.iter().any(|d| d.start <= s.start && s.end <= d.end);
    // (cmd, buffer, span of the assignment)
    let mut handed: Vec<(ObjId, ObjId, Span)> = Vec::new();
    for s in f.stmts.iter().filter(|s| within(s.span)) {
        let StmtKind::Assign { lhs, op: AssignOp::Assign, rhs, .. } = &s.kind else { continue };
        for (k, &l) in lhs.iter().enumerate() {
            let ExprKind::Selector { x, sel } = f.expr(super::strip(f, l)).kind else { continue };
            if !matches!(f.name(sel), "Stdout" | "Stderr") || !is_cmd(model, fi, x) {
                continue;
            }
            let Some(&r) = rhs.get(k) else { continue };
            let ExprKind::Unary { op: UnaryOp::And, x: b, .. } = f.expr(super::strip(f, r)).kind else { continue };
            let (Some(cmd), Some(buf)) = (ident_obj(model, fi, f, x), ident_obj(model, fi, f, b)) else { continue };
            let bt = model.obj_type(buf);
            if model.is_named(bt, "bytes", "Buffer") || model.is_named(bt, "strings", "Builder") {
                handed.push((cmd, buf, s.span));
            }
        }
    }
    if handed.is_empty() {
        return;
    }
    // Start and waiting calls per command.
    let mut starts: Vec<(ObjId, Span)> = Vec::new();
    let mut waits: Vec<(ObjId, u32)> = Vec::new();
    for (ei, e) in f.exprs.iter().enumerate() {
        if !within(e.span) {
            continue;
        }
        let ExprKind::Call { fun, .. } = &e.kind else { continue };
        let ExprKind::Selector { x, .. } = f.expr(super::strip(f, *fun)).kind else { continue };
        let Some(t) = model.call_target(fi, ExprId(ei as u32)) else { continue };
        if t.pkg != "os/exec" || t.recv != Some("Cmd") {
            continue;
        }
        let Some(cmd) = ident_obj(model, fi, f, x) else { continue };
        match t.name {
            "Start" => starts.push((cmd, e.span)),
            "Wait" | "Run" | "Output" | "CombinedOutput" if !deferred(e.span) => waits.push((cmd, e.span.start)),
            _ => {}
        }
    }
    for &(cmd, buf, at) in &handed {
        let Some(&(_, start)) = starts.iter().find(|(c, s)| *c == cmd && s.start > at.end) else { continue };
        // The first use of the buffer after Start, not preceded by a Wait.
        let read = f
            .exprs
            .iter()
            .filter(|e| {
                e.span.start > start.end
                    && within(e.span)
                    && !deferred(e.span)
                    && matches!(e.kind, ExprKind::Ident(i) if model.object_of(fi, i) == Some(buf))
            })
            .min_by_key(|e| e.span.start);
        let Some(read) = read else { continue };
        if waits.iter().any(|&(c, p)| c == cmd && p > start.end && p < read.span.start) {
            continue;
        }
        out.push(ExecBufferRead {
            file: fi as u32,
            span: read.span,
            buffer: f.text(read.span).to_string(),
            handed: at,
            start,
        });
    }
}
