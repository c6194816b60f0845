//! Goroutine-escape analysis for the shared-memory rules (T20, T21): which variables,
//! struct fields and maps a goroutine's closure writes, and whether another goroutine (the
//! same closure started again by a loop) or the parent touches the same memory with no
//! lock, atomic or happens-before edge in between (a channel receive, `select`, `Wait`,
//! `Lock`, `Once.Do`).
//!
//! Memory is named through the semantic model: a variable's object (a local the closure
//! captures, or a package variable), optionally followed by a path of struct fields
//! (`s.stats.hits`). Accesses are matched by object, never by spelling, so a shadowing
//! `x := ...` is another variable. Only accesses in the function that runs the `go`
//! statement, after it, are compared. Closures that take any lock or use `sync/atomic`
//! are trusted.
//!
//! Cost: one walk per function body, plus for each written location a scan of the
//! statements after its `go` statement in the enclosing blocks.

use crate::checker::PackageContext;
use crate::funcs::{called_func_lit, for_each_call, for_each_stmt, functions, is_loop};
use gotraps_semantic::{ObjId, ObjKind, PackageModel, TypeData, TypeId};
use gotraps_syntax::ast::{AssignOp, ExprId, ExprKind, File, StmtId, StmtKind, UnaryOp};
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
    /// The location as written at the write (`total`, `s.hits`).
    pub var: String,
    pub is_map: bool,
    pub write_at: Span,
    pub go_at: Span,
    pub kind: RaceKind,
    /// The parent's access (ParentAccess) or the loop (LoopSpawn).
    pub other_at: Span,
}

/// A memory location: a variable, then struct fields selected from it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Place {
    root: ObjId,
    fields: Vec<ObjId>,
}

/// Races of the checked file. `maps` selects map writes (T21) or plain variables and
/// fields (T20).
pub(crate) fn goroutine_races(cx: &PackageContext, fi: usize, maps: bool) -> Vec<Race> {
    let file: &File = &cx.files[fi].ast;
    let Some(model) = cx.model else { return Vec::new() };
    if file.func_lits.is_empty()
        || !file.stmts.iter().any(|s| matches!(s.kind, StmtKind::Go { .. }))
        || crate::checker::is_generated(file)
    {
        return Vec::new();
    }
    let a = Analysis { model, file, fi };
    let mut out = Vec::new();
    for f in functions(file) {
        a.scan(f.body, maps, &mut out);
    }
    out.sort_by_key(|r| (r.write_at.start, r.other_at.start));
    out.dedup_by_key(|r| r.write_at.start);
    out
}

struct Analysis<'m, 'f> {
    model: &'m PackageModel<'m>,
    file: &'f File,
    fi: usize,
}

impl Analysis<'_, '_> {
    fn scan(&self, body: StmtId, maps: bool, out: &mut Vec<Race>) {
        let file = self.file;
        for_each_stmt(file, body, |id, enclosing| {
            let StmtKind::Go { call } = file.stmt(id).kind else { return };
            let Some(lit) = called_func_lit(file, call) else { return };
            let ExprKind::FuncLit { body: gbody, .. } = &file.expr(lit).kind else { return };
            if self.synchronises_inside(*gbody) {
                return;
            }
            let mut writes = Writes { a: self, maps, out: Vec::new() };
            writes.visit_stmt(file, *gbody);
            let go_at = Span::new(file.stmt(id).span.start, file.stmt(id).span.start + 2);
            let lit_span = file.expr(lit).span;
            for (place, text, at) in writes.out {
                if !self.shared_with_parent(&place, lit, lit_span) {
                    continue;
                }
                let t = self.model.obj_type(*place.fields.last().unwrap_or(&place.root));
                let is_map = self.is_map(t);
                if maps != is_map || (!maps && self.is_sync_or_chan(t)) {
                    continue;
                }
                // Several goroutines from a loop that declares nothing of the location.
                if let Some(&lp) = enclosing.iter().rev().find(|&&s| is_loop(file, s)) {
                    if !self.declared_within(place.root, file.stmt(lp).span) && !syncs_after(self, lp, id) {
                        out.push(Race {
                            var: text,
                            is_map,
                            write_at: at,
                            go_at,
                            kind: RaceKind::LoopSpawn,
                            other_at: file.stmt(lp).span,
                        });
                        continue;
                    }
                }
                if let Some(access) = self.parent_access(body, enclosing, id, &place) {
                    out.push(Race {
                        var: text,
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

    /// The location an expression names: `x`, `pkg.X`, `x.f.g` (fields only, through
    /// pointers: `p.f` on a `*T` is the same field).
    fn place(&self, e: ExprId) -> Option<Place> {
        let file = self.file;
        match &file.expr(e).kind {
            ExprKind::Paren { x } => self.place(*x),
            ExprKind::Ident(i) => {
                let obj = self.model.object_of(self.fi, *i)?;
                (self.model.prog.obj(obj).kind == ObjKind::Var).then(|| Place { root: obj, fields: Vec::new() })
            }
            ExprKind::Selector { x, sel } => {
                let obj = self.model.object_of(self.fi, *sel)?;
                match self.model.prog.obj(obj).kind {
                    ObjKind::Field => {
                        let mut p = self.place(*x)?;
                        p.fields.push(obj);
                        Some(p)
                    }
                    // `pkg.Var`: a package variable of another package.
                    ObjKind::Var if self.model.prog.obj(obj).is_package_level() => {
                        Some(Place { root: obj, fields: Vec::new() })
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether the parent can reach the location too: a variable the closure captures, or
    /// a package variable. Locals of the closure itself are its own.
    fn shared_with_parent(&self, place: &Place, lit: ExprId, lit_span: Span) -> bool {
        let o = self.model.prog.obj(place.root);
        if o.is_package_level() {
            return true;
        }
        self.model.captures(self.fi, lit).contains(&place.root) && !self.declared_within(place.root, lit_span)
    }

    fn declared_within(&self, obj: ObjId, span: Span) -> bool {
        let o = self.model.prog.obj(obj);
        !o.is_package_level() && o.file == self.model.pkg.file_ids[self.fi] && span.contains(o.offset)
    }

    fn is_map(&self, t: TypeId) -> bool {
        matches!(self.model.prog.types.get(self.model.prog.underlying(t)), TypeData::Map(..))
    }

    fn is_sync_or_chan(&self, t: TypeId) -> bool {
        if self.model.chan_of(t).is_some() {
            return true;
        }
        let named = match self.model.prog.types.get(t) {
            TypeData::Pointer(el) => *el,
            _ => t,
        };
        match self.model.prog.types.get(named) {
            TypeData::Named(n) => self.model.obj_pkg_path(n.obj) == Some("sync"),
            _ => false,
        }
    }

    /// A closure that locks, uses sync/atomic or `Once.Do` anywhere (nested literals
    /// included) synchronises its writes in some way we trust.
    fn synchronises_inside(&self, gbody: StmtId) -> bool {
        struct Sync<'a, 'm, 'f> {
            a: &'a Analysis<'m, 'f>,
            found: bool,
        }
        impl Visitor for Sync<'_, '_, '_> {
            fn visit_expr(&mut self, file: &File, id: ExprId) {
                if self.found {
                    return;
                }
                if let ExprKind::Call { fun, .. } = &file.expr(id).kind {
                    if let Some(t) = self.a.model.call_target(self.a.fi, id) {
                        if t.pkg == "sync/atomic" || matches!(t.name, "Lock" | "RLock" | "Unlock" | "RUnlock" | "Do") {
                            self.found = true;
                            return;
                        }
                    } else if let ExprKind::Selector { sel, .. } = &file.expr(*fun).kind {
                        // An unresolved method (a type from a package we could not load).
                        if matches!(file.name(*sel), "Lock" | "RLock" | "Unlock" | "RUnlock" | "Do") {
                            self.found = true;
                            return;
                        }
                    }
                }
                visit::walk_expr(self, file, id);
            }
        }
        let mut s = Sync { a: self, found: false };
        s.visit_stmt(self.file, gbody);
        s.found
    }

    /// The first access to `place` by the parent after the `go` statement, before anything
    /// that waits: statements after it in its block, then after each enclosing statement.
    fn parent_access(&self, body: StmtId, enclosing: &[StmtId], go: StmtId, place: &Place) -> Option<Span> {
        let file = self.file;
        let mut child = go;
        for &outer in enclosing.iter().rev() {
            if is_loop(file, outer) {
                // The next iteration's accesses come after this goroutine too; stop at
                // loops to keep to the straight-line part.
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
                    if let Some(at) = self.first_mention(s, place) {
                        // `x := <-ch` assigns after receiving.
                        if syncs(self, s) {
                            return None;
                        }
                        return Some(at);
                    }
                    if syncs(self, s) || crate::funcs::is_terminating(Some((self.model, self.fi)), file, s) {
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

    /// The first expression of `s` (outside closures) naming `place` or a part of it.
    fn first_mention(&self, s: StmtId, place: &Place) -> Option<Span> {
        struct M<'a, 'm, 'f, 'p> {
            a: &'a Analysis<'m, 'f>,
            place: &'p Place,
            found: Option<Span>,
        }
        impl Visitor for M<'_, '_, '_, '_> {
            fn visit_expr(&mut self, file: &File, id: ExprId) {
                if self.found.is_some() {
                    return;
                }
                match &file.expr(id).kind {
                    // Other goroutines' closures are not the parent.
                    ExprKind::FuncLit { .. } => {}
                    ExprKind::Ident(_) | ExprKind::Selector { .. } => match self.a.place(id) {
                        Some(p) if p.root == self.place.root => {
                            // `s.a` and `s.b` are different memory; an extension of the
                            // path overlaps, and so does a prefix that is a value (a copy
                            // of `s` reads `s.a`), but not a pointer prefix: `return t`
                            // does not read `t.loopy`.
                            let n = p.fields.len().min(self.place.fields.len());
                            let pointer_prefix = p.fields.len() < self.place.fields.len() && {
                                let t = self.a.model.obj_type(*p.fields.last().unwrap_or(&p.root));
                                matches!(self.a.model.prog.types.get(t), TypeData::Pointer(_))
                            };
                            if p.fields[..n] == self.place.fields[..n] && !pointer_prefix {
                                self.found = Some(file.expr(id).span);
                            }
                        }
                        Some(_) => {}
                        None => visit::walk_expr(self, file, id),
                    },
                    ExprKind::KeyValue { value, .. } => self.visit_expr(file, *value),
                    _ => visit::walk_expr(self, file, id),
                }
            }
        }
        let mut m = M { a: self, place, found: None };
        m.visit_stmt(self.file, s);
        m.found
    }
}

/// Writes inside a goroutine body: `x = `, `x op= `, `x++` (also to fields `s.f`), and for
/// maps `m[k] = `, `m[k]++`, `delete(m, k)`. Nested literals count (they run in the
/// goroutine or later).
struct Writes<'a, 'm, 'f> {
    a: &'a Analysis<'m, 'f>,
    maps: bool,
    out: Vec<(Place, String, Span)>,
}

impl Writes<'_, '_, '_> {
    fn push(&mut self, file: &File, target: ExprId, at: Span) {
        if let Some(p) = self.a.place(target) {
            self.out.push((p, file.text(file.expr(target).span).to_string(), at));
        }
    }
}

impl Visitor for Writes<'_, '_, '_> {
    fn visit_stmt(&mut self, file: &File, id: StmtId) {
        let targets: &[ExprId] = match &file.stmt(id).kind {
            StmtKind::Assign { lhs, op, .. } if *op != AssignOp::Define => lhs,
            StmtKind::IncDec { x, .. } => std::slice::from_ref(x),
            _ => &[],
        };
        let at = file.stmt(id).span;
        for &t in targets {
            match &file.expr(t).kind {
                ExprKind::Index { x, .. } if self.maps => self.push(file, *x, at),
                ExprKind::Ident(_) | ExprKind::Selector { .. } | ExprKind::Paren { .. } if !self.maps => {
                    self.push(file, t, at)
                }
                _ => {}
            }
        }
        if self.maps {
            if let StmtKind::Expr(e) = file.stmt(id).kind {
                if let ExprKind::Call { fun, args, .. } = &file.expr(e).kind {
                    let is_delete = matches!(file.expr(*fun).kind, ExprKind::Ident(f)
                        if self.a.model.object_of(self.a.fi, f).is_some_and(|o|
                            self.a.model.prog.obj(o).kind == ObjKind::Builtin(gotraps_semantic::Builtin::Delete)));
                    if let (true, Some(&m)) = (is_delete, args.first()) {
                        self.push(file, m, at);
                    }
                }
            }
        }
        visit::walk_stmt(self, file, id);
    }
}

/// Whether a statement makes the parent wait for something: a receive, a select, a
/// range (over a channel, or unknown), `Wait`, `Lock`/`RLock`, `Do`, `Go`.
fn syncs(a: &Analysis, s: StmtId) -> bool {
    let file = a.file;
    let mut found = false;
    for_each_call(file, s, |c| {
        if found {
            return;
        }
        let name = match a.model.call_target(a.fi, c) {
            Some(t) => Some(t.name),
            None => match &file.expr(c).kind {
                ExprKind::Call { fun, .. } => match &file.expr(*fun).kind {
                    ExprKind::Selector { sel, .. } => Some(file.name(*sel)),
                    _ => None,
                },
                _ => None,
            },
        };
        found = matches!(name, Some("Wait" | "Lock" | "RLock" | "Do" | "Go"));
    });
    struct R {
        found: bool,
    }
    impl Visitor for R {
        fn visit_stmt(&mut self, file: &File, id: StmtId) {
            if self.found {
                return;
            }
            if matches!(file.stmt(id).kind, StmtKind::Select { .. } | StmtKind::Range { .. }) {
                self.found = true;
                return;
            }
            visit::walk_stmt(self, file, id);
        }
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            if self.found {
                return;
            }
            match file.expr(id).kind {
                ExprKind::Unary { op: UnaryOp::Arrow, .. } => self.found = true,
                ExprKind::FuncLit { .. } => {}
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    if found {
        return true;
    }
    let mut r = R { found };
    r.visit_stmt(file, s);
    r.found
}

/// Whether the loop body waits after the `go` statement (each goroutine finishes before
/// the next starts).
fn syncs_after(a: &Analysis, lp: StmtId, go: StmtId) -> bool {
    let file = a.file;
    let go_end = file.stmt(go).span.end;
    let body = match &file.stmt(lp).kind {
        StmtKind::For { body, .. } | StmtKind::Range { body, .. } => *body,
        _ => return false,
    };
    let mut found = false;
    for_each_stmt(file, body, |s, _| {
        if found {
            return;
        }
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
            && syncs(a, s)
        {
            found = true;
        }
    });
    found
}
