//! A uniform view of every AST node (as go/ast's `Node`) with its span and its children
//! in go/ast's walk order. Used by the dump and the span-invariant checker, both of which
//! traverse with an explicit stack so that deep trees cannot overflow the thread stack.

use crate::ast::*;
use crate::span::Span;

#[derive(Clone, Copy)]
pub enum Node<'a> {
    File,
    Decl(&'a Decl),
    GenDecl(&'a GenDecl),
    Spec(&'a Spec),
    FuncType(&'a FuncType),
    FieldList(&'a FieldList),
    Field(&'a Field),
    Ident(Ident),
    Expr(ExprId),
    Stmt(StmtId),
}

impl<'a> Node<'a> {
    pub fn span(self, file: &File) -> Span {
        match self {
            Node::File => {
                let end = file.decls.last().map_or(file.package_name.span.end, |d| d.span().end);
                Span::new(file.package_pos.start, end.max(file.package_pos.start))
            }
            Node::Decl(d) => d.span(),
            Node::GenDecl(g) => g.span,
            Node::Spec(Spec::Import(s)) => s.span,
            Node::Spec(Spec::Value(s)) => s.span,
            Node::Spec(Spec::Type(s)) => s.span,
            Node::FuncType(f) => f.span,
            Node::FieldList(l) => l.span,
            Node::Field(f) => f.span,
            Node::Ident(i) => i.span,
            Node::Expr(e) => file.expr(e).span,
            Node::Stmt(s) => file.stmt(s).span,
        }
    }

    /// Push the children in go/ast walk order.
    pub fn children(self, file: &'a File, out: &mut Vec<Node<'a>>) {
        let e = |out: &mut Vec<Node<'a>>, x: Option<ExprId>| {
            if let Some(x) = x {
                out.push(Node::Expr(x));
            }
        };
        let s = |out: &mut Vec<Node<'a>>, x: Option<StmtId>| {
            if let Some(x) = x {
                out.push(Node::Stmt(x));
            }
        };
        match self {
            Node::File => {
                out.push(Node::Ident(file.package_name));
                out.extend(file.decls.iter().map(Node::Decl));
            }
            Node::Decl(Decl::Gen(g)) => Node::GenDecl(g).children(file, out),
            Node::Decl(Decl::Func(f)) => {
                if let Some(r) = &f.recv {
                    out.push(Node::FieldList(r));
                }
                out.push(Node::Ident(f.name));
                out.push(Node::FuncType(&f.typ));
                s(out, f.body);
            }
            Node::Decl(Decl::Bad(_)) => {}
            Node::GenDecl(g) => out.extend(g.specs.iter().map(Node::Spec)),
            Node::Spec(Spec::Import(i)) => {
                if let Some(n) = i.name {
                    out.push(Node::Ident(n));
                }
                out.push(Node::Expr(i.path));
            }
            Node::Spec(Spec::Value(v)) => {
                out.extend(v.names.iter().map(|&n| Node::Ident(n)));
                e(out, v.typ);
                out.extend(v.values.iter().map(|&x| Node::Expr(x)));
            }
            Node::Spec(Spec::Type(t)) => {
                out.push(Node::Ident(t.name));
                if let Some(tp) = &t.type_params {
                    out.push(Node::FieldList(tp));
                }
                out.push(Node::Expr(t.typ));
            }
            Node::FuncType(f) => {
                if let Some(tp) = &f.type_params {
                    out.push(Node::FieldList(tp));
                }
                out.push(Node::FieldList(&f.params));
                if let Some(r) = &f.results {
                    out.push(Node::FieldList(r));
                }
            }
            Node::FieldList(l) => out.extend(l.list.iter().map(Node::Field)),
            Node::Field(f) => {
                out.extend(f.names.iter().map(|&n| Node::Ident(n)));
                out.push(Node::Expr(f.typ));
                e(out, f.tag);
            }
            Node::Ident(_) => {}
            Node::Expr(id) => match &file.expr(id).kind {
                ExprKind::Bad | ExprKind::BasicLit { .. } | ExprKind::Ident(_) => {}
                ExprKind::Ellipsis { elt } => e(out, *elt),
                ExprKind::FuncLit { typ, body } => {
                    out.push(Node::FuncType(typ));
                    out.push(Node::Stmt(*body));
                }
                ExprKind::CompositeLit { typ, elts, .. } => {
                    e(out, *typ);
                    out.extend(elts.iter().map(|&x| Node::Expr(x)));
                }
                ExprKind::Paren { x } | ExprKind::Star { x } | ExprKind::Unary { x, .. } => out.push(Node::Expr(*x)),
                ExprKind::Selector { x, sel } => {
                    out.push(Node::Expr(*x));
                    out.push(Node::Ident(*sel));
                }
                ExprKind::Index { x, index } => {
                    out.push(Node::Expr(*x));
                    out.push(Node::Expr(*index));
                }
                ExprKind::IndexList { x, indices } => {
                    out.push(Node::Expr(*x));
                    out.extend(indices.iter().map(|&x| Node::Expr(x)));
                }
                ExprKind::Slice { x, low, high, max, .. } => {
                    out.push(Node::Expr(*x));
                    e(out, *low);
                    e(out, *high);
                    e(out, *max);
                }
                ExprKind::TypeAssert { x, typ } => {
                    out.push(Node::Expr(*x));
                    e(out, *typ);
                }
                ExprKind::Call { fun, args, .. } => {
                    out.push(Node::Expr(*fun));
                    out.extend(args.iter().map(|&x| Node::Expr(x)));
                }
                ExprKind::Binary { x, y, .. } => {
                    out.push(Node::Expr(*x));
                    out.push(Node::Expr(*y));
                }
                ExprKind::KeyValue { key, value } => {
                    out.push(Node::Expr(*key));
                    out.push(Node::Expr(*value));
                }
                ExprKind::ArrayType { len, elt } => {
                    e(out, *len);
                    out.push(Node::Expr(*elt));
                }
                ExprKind::StructType { fields } => out.push(Node::FieldList(fields)),
                ExprKind::FuncType(ft) => Node::FuncType(ft).children(file, out),
                ExprKind::InterfaceType { methods } => out.push(Node::FieldList(methods)),
                ExprKind::MapType { key, value } => {
                    out.push(Node::Expr(*key));
                    out.push(Node::Expr(*value));
                }
                ExprKind::ChanType { value, .. } => out.push(Node::Expr(*value)),
            },
            Node::Stmt(id) => match &file.stmt(id).kind {
                StmtKind::Bad | StmtKind::Empty { .. } => {}
                StmtKind::Decl(g) => out.push(Node::GenDecl(g)),
                StmtKind::Labeled { label, stmt } => {
                    out.push(Node::Ident(*label));
                    out.push(Node::Stmt(*stmt));
                }
                StmtKind::Expr(x) => out.push(Node::Expr(*x)),
                StmtKind::Send { chan, value, .. } => {
                    out.push(Node::Expr(*chan));
                    out.push(Node::Expr(*value));
                }
                StmtKind::IncDec { x, .. } => out.push(Node::Expr(*x)),
                StmtKind::Assign { lhs, rhs, .. } => {
                    out.extend(lhs.iter().map(|&x| Node::Expr(x)));
                    out.extend(rhs.iter().map(|&x| Node::Expr(x)));
                }
                StmtKind::Go { call } | StmtKind::Defer { call } => out.push(Node::Expr(*call)),
                StmtKind::Return { results } => out.extend(results.iter().map(|&x| Node::Expr(x))),
                StmtKind::Branch { label, .. } => {
                    if let Some(l) = label {
                        out.push(Node::Ident(*l));
                    }
                }
                StmtKind::Block { stmts } => out.extend(stmts.iter().map(|&x| Node::Stmt(x))),
                StmtKind::If { init, cond, then, els } => {
                    s(out, *init);
                    out.push(Node::Expr(*cond));
                    out.push(Node::Stmt(*then));
                    s(out, *els);
                }
                StmtKind::CaseClause { list, body, .. } => {
                    if let Some(list) = list {
                        out.extend(list.iter().map(|&x| Node::Expr(x)));
                    }
                    out.extend(body.iter().map(|&x| Node::Stmt(x)));
                }
                StmtKind::Switch { init, tag, body } => {
                    s(out, *init);
                    e(out, *tag);
                    out.push(Node::Stmt(*body));
                }
                StmtKind::TypeSwitch { init, assign, body } => {
                    s(out, *init);
                    out.push(Node::Stmt(*assign));
                    out.push(Node::Stmt(*body));
                }
                StmtKind::CommClause { comm, body, .. } => {
                    s(out, *comm);
                    out.extend(body.iter().map(|&x| Node::Stmt(x)));
                }
                StmtKind::Select { body } => out.push(Node::Stmt(*body)),
                StmtKind::For { init, cond, post, body } => {
                    s(out, *init);
                    e(out, *cond);
                    s(out, *post);
                    out.push(Node::Stmt(*body));
                }
                StmtKind::Range { key, value, x, body, .. } => {
                    e(out, *key);
                    e(out, *value);
                    out.push(Node::Expr(*x));
                    out.push(Node::Stmt(*body));
                }
            },
        }
    }
}

/// Check that every node's span lies inside the source and inside its parent's span,
/// and that each node is reachable once (the tree is a tree). For fuzzing and tests.
pub fn check_span_invariants(file: &File) -> Result<(), String> {
    let len = file.src.len() as u32;
    let mut seen_expr = vec![false; file.exprs.len()];
    let mut seen_stmt = vec![false; file.stmts.len()];
    let mut stack: Vec<(Node, Span)> = vec![(Node::File, Span::new(0, len))];
    let mut kids = Vec::new();
    while let Some((node, parent)) = stack.pop() {
        let span = node.span(file);
        if span.start > span.end || span.end > len {
            return Err(format!(
                "{} span {}..{} outside source of {len} bytes",
                describe(file, node),
                span.start,
                span.end
            ));
        }
        if span.start < parent.start || span.end > parent.end {
            return Err(format!(
                "{} span {}..{} not inside parent {}..{}",
                describe(file, node),
                span.start,
                span.end,
                parent.start,
                parent.end
            ));
        }
        match node {
            Node::Expr(id) => {
                let seen = seen_expr.get_mut(id.index()).ok_or("expression id out of range")?;
                if std::mem::replace(seen, true) {
                    return Err(format!("expression {} reachable twice", id.0));
                }
            }
            Node::Stmt(id) => {
                let seen = seen_stmt.get_mut(id.index()).ok_or("statement id out of range")?;
                if std::mem::replace(seen, true) {
                    return Err(format!("statement {} reachable twice", id.0));
                }
            }
            _ => {}
        }
        kids.clear();
        node.children(file, &mut kids);
        stack.extend(kids.drain(..).rev().map(|k| (k, span)));
    }
    for c in &file.comments {
        if c.span.start > c.span.end || c.span.end > len {
            return Err(format!("comment {}..{} outside source", c.span.start, c.span.end));
        }
    }
    // `func_lits` lists exactly the function literals, each once.
    let mut listed = vec![false; file.exprs.len()];
    for &lit in &file.func_lits {
        let Some(e) = file.exprs.get(lit.index()) else { return Err("function literal id out of range".into()) };
        if !matches!(e.kind, ExprKind::FuncLit { .. }) || std::mem::replace(&mut listed[lit.index()], true) {
            return Err(format!("func_lits entry {} is not a function literal, or listed twice", lit.0));
        }
    }
    if let Some(i) =
        file.exprs.iter().enumerate().position(|(i, e)| matches!(e.kind, ExprKind::FuncLit { .. }) && !listed[i])
    {
        return Err(format!("function literal {i} missing from func_lits"));
    }
    Ok(())
}

fn describe(file: &File, node: Node) -> String {
    crate::dump::kind_name(file, node).to_string()
}
