//! Statements and their scopes (function bodies are checked only in target packages).

use super::{Checker, Mode};
use crate::objects::{ObjFlags, ObjId, ObjKind};
use crate::types::{TypeData, TypeId};
use gotraps_syntax::ast::{AssignOp, ExprId, ExprKind, GenDecl, GenTok, Spec, StmtId, StmtKind};

impl<'a> Checker<'a> {
    /// A function body: its statements share the parameters' scope.
    pub fn func_body(&mut self, body: StmtId) {
        let file = self.file;
        for &s in file.stmt(body).kind.block_stmts() {
            self.stmt(s);
        }
    }

    fn block(&mut self, s: StmtId) {
        self.open_scope();
        self.func_body(s);
        self.close_scope();
    }

    pub fn stmt(&mut self, s: StmtId) {
        let file = self.file;
        match &file.stmt(s).kind {
            StmtKind::Bad | StmtKind::Empty { .. } => {}
            StmtKind::Decl(g) => self.local_decl(g),
            StmtKind::Labeled { label, stmt } => {
                self.declare_label(*label);
                self.stmt(*stmt);
            }
            StmtKind::Expr(e) => {
                self.expr(*e, None);
            }
            StmtKind::Send { chan, value, .. } => {
                let c = self.expr(*chan, None);
                let el = self.chan_elem(c.ty).map(|(_, el)| el);
                self.expr(*value, el);
            }
            StmtKind::IncDec { x, .. } => {
                self.expr(*x, None);
            }
            StmtKind::Assign { lhs, op, rhs, .. } => self.assign(lhs, *op, rhs, 0),
            StmtKind::Go { call } | StmtKind::Defer { call } => {
                self.expr(*call, None);
            }
            StmtKind::Return { results } => {
                let sig = self.current_sig();
                let res: Vec<TypeId> = match sig.map(|s| self.data(s)) {
                    Some(TypeData::Signature(s)) => s.results.to_vec(),
                    _ => Vec::new(),
                };
                for (i, &r) in results.iter().enumerate() {
                    let hint = if results.len() == res.len() { res.get(i).copied() } else { None };
                    self.expr(r, hint);
                }
            }
            StmtKind::Branch { label, .. } => {
                if let Some(l) = label {
                    self.use_label(*l);
                }
            }
            StmtKind::Block { .. } => self.block(s),
            StmtKind::If { init, cond, then, els } => {
                self.open_scope();
                if let Some(i) = init {
                    self.stmt(*i);
                }
                self.expr(*cond, None);
                self.block(*then);
                if let Some(e) = els {
                    self.stmt(*e);
                }
                self.close_scope();
            }
            StmtKind::Switch { init, tag, body } => {
                self.open_scope();
                if let Some(i) = init {
                    self.stmt(*i);
                }
                let tag_t = tag.map(|t| self.value(t));
                for &c in file.stmt(*body).kind.block_stmts() {
                    if let StmtKind::CaseClause { list, body, .. } = &file.stmt(c).kind {
                        for &e in list.iter().flatten() {
                            self.expr(e, tag_t);
                        }
                        self.open_scope();
                        for &st in body {
                            self.stmt(st);
                        }
                        self.close_scope();
                    }
                }
                self.close_scope();
            }
            StmtKind::TypeSwitch { init, assign, body } => self.type_switch(*init, *assign, *body),
            StmtKind::Select { body } => {
                for &c in file.stmt(*body).kind.block_stmts() {
                    if let StmtKind::CommClause { comm, body, .. } = &file.stmt(c).kind {
                        self.open_scope();
                        if let Some(cs) = comm {
                            self.stmt(*cs);
                        }
                        for &st in body {
                            self.stmt(st);
                        }
                        self.close_scope();
                    }
                }
            }
            StmtKind::For { init, cond, post, body } => {
                self.open_scope();
                if let Some(i) = init {
                    if let StmtKind::Assign { lhs, op, rhs, .. } = &file.stmt(*i).kind {
                        self.assign(lhs, *op, rhs, ObjFlags::LOOP_VAR);
                    } else {
                        self.stmt(*i);
                    }
                }
                if let Some(c) = cond {
                    self.expr(*c, None);
                }
                if let Some(p) = post {
                    self.stmt(*p);
                }
                self.block(*body);
                self.close_scope();
            }
            StmtKind::Range { key, value, op, x, body, .. } => {
                self.open_scope();
                let xo = self.expr(*x, None);
                let (kt, vt) = self.range_types(xo.ty, xo.mode == Mode::Const);
                let pairs = [(*key, kt), (*value, vt)];
                match op {
                    Some(AssignOp::Define) => {
                        let mut new = Vec::new();
                        for (e, t) in pairs {
                            let Some(e) = e else { continue };
                            if let ExprKind::Ident(id) = file.expr(e).kind {
                                let obj = self.new_local(ObjKind::Var, id, Some(t), ObjFlags::LOOP_VAR);
                                self.record_type(e, t);
                                new.push((id, obj));
                            }
                        }
                        for (id, obj) in new {
                            self.declare(id, obj);
                        }
                    }
                    _ => {
                        for (e, _) in pairs {
                            if let Some(e) = e {
                                self.expr(e, None);
                            }
                        }
                    }
                }
                self.block(*body);
                self.close_scope();
            }
            StmtKind::CaseClause { body, .. } | StmtKind::CommClause { body, .. } => {
                for &st in body {
                    self.stmt(st);
                }
            }
        }
    }

    /// Key and value types of `range x`.
    pub fn range_types(&mut self, t: TypeId, is_const: bool) -> (TypeId, TypeId) {
        let _ = is_const;
        match self.core(t) {
            TypeData::Basic(k) if k.is_string() => (TypeId::INT, TypeId::INT32),
            TypeData::Basic(k) if k.is_integer() => (self.default_type(t), TypeId::INVALID),
            TypeData::Slice(el) | TypeData::Array(_, el) => (TypeId::INT, *el),
            TypeData::Pointer(p) => match self.data(self.underlying(*p)) {
                TypeData::Array(_, el) => (TypeId::INT, *el),
                _ => (TypeId::INVALID, TypeId::INVALID),
            },
            TypeData::Map(k, v) => (*k, *v),
            TypeData::Chan(_, el) => (*el, TypeId::INVALID),
            TypeData::Signature(s) => {
                // func(yield func(K, V) bool)
                let yield_t = s.params.first().copied().unwrap_or(TypeId::INVALID);
                match self.core(yield_t) {
                    TypeData::Signature(y) => (
                        y.params.first().copied().unwrap_or(TypeId::INVALID),
                        y.params.get(1).copied().unwrap_or(TypeId::INVALID),
                    ),
                    _ => (TypeId::INVALID, TypeId::INVALID),
                }
            }
            _ => (TypeId::INVALID, TypeId::INVALID),
        }
    }

    fn assign(&mut self, lhs: &[ExprId], op: AssignOp, rhs: &[ExprId], flags: u16) {
        let file = self.file;
        match op {
            AssignOp::Define => {
                let types: Vec<TypeId> = if rhs.len() == lhs.len() {
                    rhs.iter()
                        .zip(lhs)
                        .map(|(&r, &l)| {
                            // A redeclared variable gives the context type.
                            let hint = match file.expr(l).kind {
                                ExprKind::Ident(id) => {
                                    self.lookup_innermost(file.name(id)).map(|o| self.prog.obj_type(o))
                                }
                                _ => None,
                            };
                            let op = self.expr(r, hint);
                            self.default_type(op.ty)
                        })
                        .collect()
                } else if rhs.len() == 1 {
                    self.multi_value(rhs[0], lhs.len())
                } else {
                    for &r in rhs {
                        self.expr(r, None);
                    }
                    vec![TypeId::INVALID; lhs.len()]
                };
                let mut new: Vec<(gotraps_syntax::ast::Ident, ObjId)> = Vec::new();
                for (i, &l) in lhs.iter().enumerate() {
                    let ExprKind::Ident(id) = file.expr(l).kind else {
                        self.expr(l, None);
                        continue;
                    };
                    let name = file.name(id);
                    let t = types.get(i).copied().unwrap_or(TypeId::INVALID);
                    if let Some(existing) = self.lookup_innermost(name).filter(|_| name != "_") {
                        if self.prog.obj(existing).kind == ObjKind::Var {
                            self.record_ident(id, existing);
                            self.record_type(l, self.prog.obj_type(existing));
                            continue;
                        }
                    }
                    let obj = self.new_local(ObjKind::Var, id, Some(t), flags);
                    self.record_type(l, t);
                    new.push((id, obj));
                }
                for (id, obj) in new {
                    self.declare(id, obj);
                }
            }
            _ => {
                let lts: Vec<Option<TypeId>> = lhs
                    .iter()
                    .map(|&l| match file.expr(l).kind {
                        ExprKind::Ident(id) if file.name(id) == "_" => None,
                        _ => Some(self.expr(l, None).ty),
                    })
                    .collect();
                if rhs.len() == lhs.len() {
                    for (i, &r) in rhs.iter().enumerate() {
                        self.expr(r, lts[i]);
                    }
                } else {
                    for &r in rhs {
                        self.expr(r, None);
                    }
                }
            }
        }
    }

    fn local_decl(&mut self, g: &GenDecl) {
        match g.tok {
            GenTok::Import => {}
            GenTok::Const => {
                let mut src: Option<&gotraps_syntax::ast::ValueSpec> = None;
                for (iota, spec) in g.specs.iter().enumerate() {
                    let Spec::Value(vs) = spec else { continue };
                    if vs.typ.is_some() || !vs.values.is_empty() {
                        src = Some(vs);
                    }
                    let mut objs = Vec::new();
                    for (i, &n) in vs.names.iter().enumerate() {
                        let (t, v) = match src {
                            Some(s) => self.const_value(s, i, iota as i128),
                            None => (TypeId::INVALID, crate::constant::ConstVal::Unknown),
                        };
                        let obj = self.new_local(ObjKind::Const, n, Some(t), 0);
                        let idx = self.prog.add_const(v);
                        self.prog.obj(obj).set_aux(idx);
                        objs.push((n, obj));
                    }
                    for (n, obj) in objs {
                        self.declare(n, obj);
                    }
                }
            }
            GenTok::Var => {
                for spec in &g.specs {
                    let Spec::Value(vs) = spec else { continue };
                    let types = self.var_types(vs);
                    let objs: Vec<_> = vs
                        .names
                        .iter()
                        .enumerate()
                        .map(|(i, &n)| (n, self.new_local(ObjKind::Var, n, types.get(i).copied(), 0)))
                        .collect();
                    for (n, obj) in objs {
                        self.declare(n, obj);
                    }
                }
            }
            GenTok::Type => {
                for spec in &g.specs {
                    let Spec::Type(ts) = spec else { continue };
                    if ts.assign.is_some() {
                        let t = self.typ(ts.typ);
                        let obj = self.new_local(ObjKind::TypeName, ts.name, Some(t), ObjFlags::ALIAS);
                        self.declare(ts.name, obj);
                        continue;
                    }
                    let obj = self.new_local(ObjKind::TypeName, ts.name, None, 0);
                    let named =
                        self.prog.types.add(TypeData::Named(crate::types::NamedType::new(obj, None, Box::new([]))));
                    self.prog.obj(obj).set_aux(named.0);
                    self.prog.obj(obj).set_ty(named);
                    self.declare(ts.name, obj);
                    self.open_scope();
                    let tps = match &ts.type_params {
                        Some(l) => self.declare_type_params(l, None),
                        None => Vec::new(),
                    };
                    let rhs = self.typ(ts.typ);
                    self.close_scope();
                    if let TypeData::Named(n) = self.data(named) {
                        let _ = n.type_params.set(tps.into());
                        let _ = n.methods.set(Box::new([]));
                        let u = self.underlying(rhs);
                        let u = if matches!(self.data(u), TypeData::Named(_) | TypeData::TypeParam(_)) {
                            TypeId::INVALID
                        } else {
                            u
                        };
                        n.set_underlying(u);
                    }
                }
            }
        }
    }

    fn type_switch(&mut self, init: Option<StmtId>, assign: StmtId, body: StmtId) {
        let file = self.file;
        self.open_scope();
        if let Some(i) = init {
            self.stmt(i);
        }
        let (bind, x) = match &file.stmt(assign).kind {
            StmtKind::Assign { lhs, rhs, .. } => {
                let id = lhs.first().and_then(|&l| match file.expr(l).kind {
                    ExprKind::Ident(id) => Some(id),
                    _ => None,
                });
                (id, rhs.first().copied())
            }
            StmtKind::Expr(e) => (None, Some(*e)),
            _ => (None, None),
        };
        let xt = match x.map(|x| &file.expr(x).kind) {
            Some(ExprKind::TypeAssert { x: inner, .. }) => {
                let t = self.value(*inner);
                if let Some(x) = x {
                    self.record_type(x, t);
                }
                t
            }
            _ => TypeId::INVALID,
        };
        for &c in file.stmt(body).kind.block_stmts() {
            let StmtKind::CaseClause { list, body, .. } = &file.stmt(c).kind else { continue };
            let mut types = Vec::new();
            for &e in list.iter().flatten() {
                let is_nil = matches!(file.expr(e).kind, ExprKind::Ident(id) if file.name(id) == "nil"
                    && self.lookup("nil").is_some_and(|o| self.prog.obj(o).kind == ObjKind::Nil));
                if is_nil {
                    self.expr(e, None);
                    types.push(TypeId::UNTYPED_NIL);
                } else {
                    types.push(self.typ(e));
                }
            }
            self.open_scope();
            if let Some(id) = bind {
                let t = match types[..] {
                    [t] if t != TypeId::UNTYPED_NIL => t,
                    _ => xt,
                };
                let obj = self.new_local(ObjKind::Var, id, Some(t), ObjFlags::IMPLICIT);
                if file.name(id) != "_" {
                    // Declared without recording: the switch's identifier defines no object itself.
                    self.push_local(file.name(id), obj);
                }
            }
            for &st in body {
                self.stmt(st);
            }
            self.close_scope();
        }
        self.close_scope();
    }

    fn push_local(&mut self, name: &'a str, obj: ObjId) {
        self.locals.push(super::Local::new(name, obj));
    }
}
