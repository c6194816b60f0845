//! Goroutine-escape analysis for the shared-memory rules (T20, T21): which captured
//! variables and maps a goroutine's closure writes, and whether another goroutine (the
//! same closure started again by a loop) or the parent touches them with no lock, atomic
//! or happens-before edge in between that syntax can see (a channel receive, `select`,
//! `Wait`, `Lock`, `Once.Do`).
//!
//! Deliberately narrow: only locals of the enclosing function captured by a `go func(){}`
//! literal, and only accesses in that function after the `go` statement. Closures that
//! take any lock or use `sync/atomic` are trusted.

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_call, for_each_stmt, functions, is_loop};
use crate::pkgtypes::{Env, Ty, TypeCx};
use gotraps_syntax::ast::{AssignOp, Decl, ExprId, ExprKind, File, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::visit::{self, Visitor};
use gotraps_syntax::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaceKind {
    /// The `go` statement runs in a loop: several goroutines write at once.
    LoopSpawn,
    /// The parent reads or writes after `go` with nothing ordering the two.
    ParentAccess,
}

#[derive(Clone, Debug)]
pub struct Race {
    pub var: String,
    pub is_map: bool,
    pub write_at: Span,
    pub go_at: Span,
    pub kind: RaceKind,
    /// The parent's access (ParentAccess) or the loop (LoopSpawn).
    pub other_at: Span,
}

/// Races of the checked file. `maps` selects map writes (T21) or plain variables (T20).
pub fn goroutine_races(cx: &Checker, maps: bool) -> Vec<Race> {
    let file = cx.file;
    if !file.src.contains("go func") || crate::locks::is_generated(file) {
        return Vec::new();
    }
    let pt = cx.package.types();
    let mut out = Vec::new();
    for d in &file.decls {
        let Decl::Func(fd) = d else { continue };
        let Some(body) = fd.body else { continue };
        if !file.text(file.stmt(body).span).contains("go func") {
            continue;
        }
        let env = Env::of_decl(pt, file, cx.file_index, fd);
        let tc = TypeCx { pkg: cx.package, pt, file, fi: cx.file_index, env: &env };
        // Every body inside this declaration (itself and its literals) may start goroutines.
        let span = file.stmt(body).span;
        for f in functions(file) {
            if span.contains(file.stmt(f.body).span.start) {
                scan(file, &tc, f.body, maps, &mut out);
            }
        }
    }
    out.sort_by_key(|r| (r.write_at.start, r.other_at.start));
    out.dedup_by_key(|r| r.write_at.start);
    out
}

fn scan(file: &File, tc: &TypeCx, body: StmtId, maps: bool, out: &mut Vec<Race>) {
    for_each_stmt(file, body, |id, enclosing| {
        let StmtKind::Go { call } = file.stmt(id).kind else { return };
        let Some(lit) = called_func_lit(file, call) else { return };
        let ExprKind::FuncLit { typ, body: gbody } = &file.expr(lit).kind else { return };
        let gtext = file.text(file.stmt(*gbody).span);
        if gtext.contains("Lock()") || gtext.contains("atomic.") || gtext.contains(".Do(") {
            return;
        }
        let params: Vec<&str> = typ.params.list.iter().flat_map(|f| f.names.iter().map(|n| file.name(*n))).collect();
        let mut w = Writes { maps, out: Vec::new() };
        w.visit_stmt(file, *gbody);
        let go_at = Span::new(file.stmt(id).span.start, file.stmt(id).span.start + 2);
        for (name, at) in w.out {
            if params.contains(&name.as_str()) || declared_in(file, *gbody, &name) || !tc.env.declares(&name) {
                continue;
            }
            let is_map = matches!(tc.kind_of_name(&name), Some(Ty::Map));
            if maps != is_map || (maps && !is_map) {
                continue;
            }
            if !maps && matches!(tc.kind_of_name(&name), Some(Ty::Map | Ty::Chan | Ty::Sync(_))) {
                continue;
            }
            // Several goroutines from a loop that declares nothing of the variable.
            if let Some(&lp) = enclosing.iter().rev().find(|&&s| is_loop(file, s)) {
                if !declared_in(file, lp, &name) && !syncs_after(file, lp, id) {
                    out.push(Race {
                        var: name.clone(),
                        is_map,
                        write_at: at,
                        go_at,
                        kind: RaceKind::LoopSpawn,
                        other_at: file.stmt(lp).span,
                    });
                    continue;
                }
            }
            if let Some(access) = parent_access(file, body, enclosing, id, &name) {
                out.push(Race {
                    var: name.clone(),
                    is_map,
                    write_at: at,
                    go_at,
                    kind: RaceKind::ParentAccess,
                    other_at: access,
                });
            }
        }
    });
}

impl TypeCx<'_, '_> {
    fn kind_of_name(&self, name: &str) -> Option<Ty<'_>> {
        self.env.get(name).map(|t| self.pt.underlying(self.pkg, t).ty)
    }
}

/// Writes inside a goroutine body: `x = `, `x op= `, `x++`, and for maps `m[k] = `,
/// `m[k]++`, `delete(m, k)`. Nested literals count (they run in the goroutine or later).
struct Writes {
    maps: bool,
    out: Vec<(String, Span)>,
}

impl Visitor for Writes {
    fn visit_stmt(&mut self, file: &File, id: StmtId) {
        let targets: Vec<ExprId> = match &file.stmt(id).kind {
            StmtKind::Assign { lhs, op, .. } if *op != AssignOp::Define => lhs.to_vec(),
            StmtKind::IncDec { x, .. } => vec![*x],
            _ => Vec::new(),
        };
        for t in targets {
            match &file.expr(t).kind {
                ExprKind::Ident(i) if !self.maps && file.name(*i) != "_" => {
                    self.out.push((file.name(*i).to_string(), file.stmt(id).span))
                }
                ExprKind::Index { x, .. } if self.maps => {
                    if let ExprKind::Ident(m) = file.expr(*x).kind {
                        self.out.push((file.name(m).to_string(), file.stmt(id).span));
                    }
                }
                _ => {}
            }
        }
        if self.maps {
            if let StmtKind::Expr(e) = file.stmt(id).kind {
                if let ExprKind::Call { fun, args, .. } = &file.expr(e).kind {
                    if matches!(file.expr(*fun).kind, ExprKind::Ident(f) if file.name(f) == "delete") {
                        if let Some(ExprKind::Ident(m)) = args.first().map(|&a| &file.expr(a).kind) {
                            self.out.push((file.name(*m).to_string(), file.stmt(id).span));
                        }
                    }
                }
            }
        }
        visit::walk_stmt(self, file, id);
    }
}

fn declared_in(file: &File, scope: StmtId, name: &str) -> bool {
    let span = file.stmt(scope).span;
    let mut found = false;
    for s in &file.stmts {
        if !span.contains(s.span.start) {
            continue;
        }
        match &s.kind {
            StmtKind::Assign { lhs, op: AssignOp::Define, .. } => {
                found |= lhs.iter().any(|&l| matches!(file.expr(l).kind, ExprKind::Ident(i) if file.name(i) == name));
            }
            StmtKind::Range { key, value, op: Some(AssignOp::Define), .. } => {
                found |= [key, value]
                    .into_iter()
                    .flatten()
                    .any(|&e| matches!(file.expr(e).kind, ExprKind::Ident(i) if file.name(i) == name));
            }
            StmtKind::Decl(g) => {
                for spec in &g.specs {
                    if let gotraps_syntax::ast::Spec::Value(vs) = spec {
                        found |= vs.names.iter().any(|n| file.name(*n) == name);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether a statement makes the parent wait for something: a receive, a select, a
/// range (over a channel, or unknown), `Wait`, `Lock`/`RLock`, `Do`.
fn syncs(file: &File, s: StmtId) -> bool {
    let mut found = false;
    for_each_call(file, s, |c| {
        if let ExprKind::Call { fun, .. } = &file.expr(c).kind {
            if let ExprKind::Selector { sel, .. } = &file.expr(*fun).kind {
                if matches!(file.name(*sel), "Wait" | "Lock" | "RLock" | "Do" | "Go") {
                    found = true;
                }
            }
        }
    });
    struct R {
        found: bool,
    }
    impl Visitor for R {
        fn visit_stmt(&mut self, file: &File, id: StmtId) {
            if matches!(file.stmt(id).kind, StmtKind::Select { .. } | StmtKind::Range { .. }) {
                self.found = true;
            }
            visit::walk_stmt(self, file, id);
        }
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            match file.expr(id).kind {
                ExprKind::Unary { op: UnaryOp::Arrow, .. } => self.found = true,
                ExprKind::FuncLit { .. } => return,
                _ => {}
            }
            visit::walk_expr(self, file, id);
        }
    }
    let mut r = R { found };
    r.visit_stmt(file, s);
    r.found
}

/// Whether the loop body waits after the `go` statement (each goroutine finishes before
/// the next starts).
fn syncs_after(file: &File, lp: StmtId, go: StmtId) -> bool {
    let go_end = file.stmt(go).span.end;
    let body = match &file.stmt(lp).kind {
        StmtKind::For { body, .. } | StmtKind::Range { body, .. } => *body,
        _ => return false,
    };
    let mut found = false;
    for_each_stmt(file, body, |s, _| {
        let sp = file.stmt(s).span;
        if sp.start >= go_end
            && !matches!(
                file.stmt(s).kind,
                StmtKind::Block { .. }
                    | StmtKind::If { .. }
                    | StmtKind::For { .. }
                    | StmtKind::Range { .. }
                    | StmtKind::Switch { .. }
            )
            && syncs(file, s)
        {
            found = true;
        }
    });
    found
}

/// The first access to `name` by the parent after the `go` statement, before anything
/// that waits: statements after it in its block, then after each enclosing statement.
fn parent_access(file: &File, body: StmtId, enclosing: &[StmtId], go: StmtId, name: &str) -> Option<Span> {
    let mut child = go;
    for &outer in enclosing.iter().rev() {
        if is_loop(file, outer) {
            // The next iteration's accesses come after this goroutine too; stop at loops
            // to keep to the straight-line part.
            return None;
        }
        let list = match &file.stmt(outer).kind {
            StmtKind::Block { stmts } => Some(stmts),
            StmtKind::CaseClause { body, .. } | StmtKind::CommClause { body, .. } => Some(body),
            _ => None,
        };
        if let Some(stmts) = list {
            let i = stmts.iter().position(|&s| s == child)?;
            for &s in &stmts[i + 1..] {
                // `x := ...` (also in an if/switch init) is another variable from here on.
                if redefines(file, s, name) {
                    return None;
                }
                if let Some(at) = first_mention(file, s, name) {
                    // A mention in a statement that also waits (e.g. `<-done; use(x)` on
                    // one line is impossible; `x := <-ch` assigns after receiving).
                    if syncs(file, s) {
                        return None;
                    }
                    return Some(at);
                }
                if syncs(file, s) || crate::funcs::is_terminating(file, s) {
                    return None;
                }
            }
        }
        if outer == body {
            break;
        }
        child = outer;
    }
    None
}

fn redefines(file: &File, s: StmtId, name: &str) -> bool {
    let defines = |id: StmtId| match &file.stmt(id).kind {
        StmtKind::Assign { lhs, op: AssignOp::Define, .. } => {
            lhs.iter().any(|&l| matches!(file.expr(l).kind, ExprKind::Ident(i) if file.name(i) == name))
        }
        _ => false,
    };
    match &file.stmt(s).kind {
        StmtKind::If { init: Some(i), .. }
        | StmtKind::Switch { init: Some(i), .. }
        | StmtKind::TypeSwitch { init: Some(i), .. } => defines(*i),
        _ => defines(s),
    }
}

fn first_mention(file: &File, s: StmtId, name: &str) -> Option<Span> {
    struct M<'n> {
        name: &'n str,
        found: Option<Span>,
    }
    impl Visitor for M<'_> {
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            if self.found.is_some() {
                return;
            }
            match &file.expr(id).kind {
                ExprKind::Ident(i) if file.name(*i) == self.name => self.found = Some(i.span),
                ExprKind::Selector { x, .. } => self.visit_expr(file, *x),
                ExprKind::KeyValue { value, .. } => self.visit_expr(file, *value),
                // Other goroutines' closures are not the parent.
                ExprKind::FuncLit { .. } => {}
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    let mut m = M { name, found: None };
    m.visit_stmt(file, s);
    m.found
}
