//! Depth-first traversal of the AST in source order.
//!
//! Implement [`Visitor`] and override the hooks you need; call the matching `walk_*`
//! function from an override to keep descending (or don't, to prune).

use crate::ast::*;

pub trait Visitor {
    fn visit_decl(&mut self, file: &File, decl: &Decl) {
        walk_decl(self, file, decl);
    }
    fn visit_stmt(&mut self, file: &File, id: StmtId) {
        walk_stmt(self, file, id);
    }
    fn visit_expr(&mut self, file: &File, id: ExprId) {
        walk_expr(self, file, id);
    }
    fn visit_field_list(&mut self, file: &File, list: &FieldList) {
        walk_field_list(self, file, list);
    }
    fn visit_ident(&mut self, _file: &File, _ident: Ident) {}
}

pub fn walk_file<V: Visitor + ?Sized>(v: &mut V, file: &File) {
    v.visit_ident(file, file.package_name);
    for d in &file.decls {
        v.visit_decl(file, d);
    }
}

pub fn walk_decl<V: Visitor + ?Sized>(v: &mut V, file: &File, decl: &Decl) {
    match decl {
        Decl::Gen(g) => walk_gen_decl(v, file, g),
        Decl::Func(f) => {
            if let Some(recv) = &f.recv {
                v.visit_field_list(file, recv);
            }
            v.visit_ident(file, f.name);
            walk_func_type(v, file, &f.typ);
            if let Some(body) = f.body {
                v.visit_stmt(file, body);
            }
        }
        Decl::Bad(_) => {}
    }
}

pub fn walk_gen_decl<V: Visitor + ?Sized>(v: &mut V, file: &File, g: &GenDecl) {
    for spec in &g.specs {
        match spec {
            Spec::Import(i) => {
                if let Some(n) = i.name {
                    v.visit_ident(file, n);
                }
                v.visit_expr(file, i.path);
            }
            Spec::Value(vs) => {
                for &n in &vs.names {
                    v.visit_ident(file, n);
                }
                if let Some(t) = vs.typ {
                    v.visit_expr(file, t);
                }
                for &e in &vs.values {
                    v.visit_expr(file, e);
                }
            }
            Spec::Type(ts) => {
                v.visit_ident(file, ts.name);
                if let Some(tp) = &ts.type_params {
                    v.visit_field_list(file, tp);
                }
                v.visit_expr(file, ts.typ);
            }
        }
    }
}

pub fn walk_func_type<V: Visitor + ?Sized>(v: &mut V, file: &File, ft: &FuncType) {
    if let Some(tp) = &ft.type_params {
        v.visit_field_list(file, tp);
    }
    v.visit_field_list(file, &ft.params);
    if let Some(r) = &ft.results {
        v.visit_field_list(file, r);
    }
}

pub fn walk_field_list<V: Visitor + ?Sized>(v: &mut V, file: &File, list: &FieldList) {
    for f in &list.list {
        for &n in &f.names {
            v.visit_ident(file, n);
        }
        v.visit_expr(file, f.typ);
        if let Some(t) = f.tag {
            v.visit_expr(file, t);
        }
    }
}

fn opt_expr<V: Visitor + ?Sized>(v: &mut V, file: &File, e: Option<ExprId>) {
    if let Some(e) = e {
        v.visit_expr(file, e);
    }
}

fn opt_stmt<V: Visitor + ?Sized>(v: &mut V, file: &File, s: Option<StmtId>) {
    if let Some(s) = s {
        v.visit_stmt(file, s);
    }
}

pub fn walk_expr<V: Visitor + ?Sized>(v: &mut V, file: &File, id: ExprId) {
    match &file.expr(id).kind {
        ExprKind::Bad | ExprKind::BasicLit { .. } => {}
        ExprKind::Ident(i) => v.visit_ident(file, *i),
        ExprKind::Ellipsis { elt } => opt_expr(v, file, *elt),
        ExprKind::FuncLit { typ, body } => {
            walk_func_type(v, file, typ);
            v.visit_stmt(file, *body);
        }
        ExprKind::CompositeLit { typ, elts, .. } => {
            opt_expr(v, file, *typ);
            for &e in elts {
                v.visit_expr(file, e);
            }
        }
        ExprKind::Paren { x } | ExprKind::Star { x } | ExprKind::Unary { x, .. } => v.visit_expr(file, *x),
        ExprKind::Selector { x, sel } => {
            v.visit_expr(file, *x);
            v.visit_ident(file, *sel);
        }
        ExprKind::Index { x, index } => {
            v.visit_expr(file, *x);
            v.visit_expr(file, *index);
        }
        ExprKind::IndexList { x, indices } => {
            v.visit_expr(file, *x);
            for &e in indices {
                v.visit_expr(file, e);
            }
        }
        ExprKind::Slice { x, low, high, max, .. } => {
            v.visit_expr(file, *x);
            opt_expr(v, file, *low);
            opt_expr(v, file, *high);
            opt_expr(v, file, *max);
        }
        ExprKind::TypeAssert { x, typ } => {
            v.visit_expr(file, *x);
            opt_expr(v, file, *typ);
        }
        ExprKind::Call { fun, args, .. } => {
            v.visit_expr(file, *fun);
            for &a in args {
                v.visit_expr(file, a);
            }
        }
        ExprKind::Binary { x, y, .. } => {
            v.visit_expr(file, *x);
            v.visit_expr(file, *y);
        }
        ExprKind::KeyValue { key, value } => {
            v.visit_expr(file, *key);
            v.visit_expr(file, *value);
        }
        ExprKind::ArrayType { len, elt } => {
            opt_expr(v, file, *len);
            v.visit_expr(file, *elt);
        }
        ExprKind::StructType { fields } => v.visit_field_list(file, fields),
        ExprKind::FuncType(ft) => walk_func_type(v, file, ft),
        ExprKind::InterfaceType { methods } => v.visit_field_list(file, methods),
        ExprKind::MapType { key, value } => {
            v.visit_expr(file, *key);
            v.visit_expr(file, *value);
        }
        ExprKind::ChanType { value, .. } => v.visit_expr(file, *value),
    }
}

pub fn walk_stmt<V: Visitor + ?Sized>(v: &mut V, file: &File, id: StmtId) {
    match &file.stmt(id).kind {
        StmtKind::Bad | StmtKind::Empty { .. } | StmtKind::Branch { .. } => {}
        StmtKind::Decl(g) => walk_gen_decl(v, file, g),
        StmtKind::Labeled { stmt, .. } => v.visit_stmt(file, *stmt),
        StmtKind::Expr(e) => v.visit_expr(file, *e),
        StmtKind::Send { chan, value, .. } => {
            v.visit_expr(file, *chan);
            v.visit_expr(file, *value);
        }
        StmtKind::IncDec { x, .. } => v.visit_expr(file, *x),
        StmtKind::Assign { lhs, rhs, .. } => {
            for &e in lhs {
                v.visit_expr(file, e);
            }
            for &e in rhs {
                v.visit_expr(file, e);
            }
        }
        StmtKind::Go { call } | StmtKind::Defer { call } => v.visit_expr(file, *call),
        StmtKind::Return { results } => {
            for &e in results {
                v.visit_expr(file, e);
            }
        }
        StmtKind::Block { stmts } => {
            for &s in stmts {
                v.visit_stmt(file, s);
            }
        }
        StmtKind::If { init, cond, then, els } => {
            opt_stmt(v, file, *init);
            v.visit_expr(file, *cond);
            v.visit_stmt(file, *then);
            opt_stmt(v, file, *els);
        }
        StmtKind::CaseClause { list, body, .. } => {
            if let Some(list) = list {
                for &e in list {
                    v.visit_expr(file, e);
                }
            }
            for &s in body {
                v.visit_stmt(file, s);
            }
        }
        StmtKind::Switch { init, tag, body } => {
            opt_stmt(v, file, *init);
            opt_expr(v, file, *tag);
            v.visit_stmt(file, *body);
        }
        StmtKind::TypeSwitch { init, assign, body } => {
            opt_stmt(v, file, *init);
            v.visit_stmt(file, *assign);
            v.visit_stmt(file, *body);
        }
        StmtKind::CommClause { comm, body, .. } => {
            opt_stmt(v, file, *comm);
            for &s in body {
                v.visit_stmt(file, s);
            }
        }
        StmtKind::Select { body } => v.visit_stmt(file, *body),
        StmtKind::For { init, cond, post, body } => {
            opt_stmt(v, file, *init);
            opt_expr(v, file, *cond);
            opt_stmt(v, file, *post);
            v.visit_stmt(file, *body);
        }
        StmtKind::Range { key, value, x, body, .. } => {
            opt_expr(v, file, *key);
            opt_expr(v, file, *value);
            v.visit_expr(file, *x);
            v.visit_stmt(file, *body);
        }
    }
}
