//! The package's functions, the value flow between them (see [`crate::points_to`]) and
//! the call graph it gives: static calls, interface dispatch to the package's
//! implementations, and calls through function values that flowed through variables,
//! fields, parameters and results. Library calls that run a function of the package are
//! modelled: `sync.Once.Do`, `time.AfterFunc`, `errgroup.Group.Go`, `sync.WaitGroup.Go`,
//! and the `String()`/`Error()` methods `fmt` and `log` call on their operands.

use crate::points_to::{flag, Slot, Unifier};
use gotraps_semantic::{Body, BodyOwner, FuncNode, ObjId, ObjKind, PackageModel, TypeData, TypeId};
use gotraps_syntax::ast::{AssignOp, Decl, ExprId, ExprKind, FieldList, GenTok, Spec, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::File;
use rustc_hash::FxHashMap;

/// Index of a function with a body in the package (into [`Graph::funcs`]).
pub type FuncId = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    Plain,
    Go,
    Defer,
}

pub struct Func {
    pub node: FuncNode,
    pub body: usize,
    pub file: u32,
    /// Receiver (for methods) then parameters; `None` for unnamed ones.
    pub params: Vec<Option<ObjId>>,
    pub is_method: bool,
    /// Callable from outside the package by name.
    pub exported: bool,
    pub name: String,
}

/// One call of the package (a modelled library call is one call per function it runs).
pub struct Call {
    pub file: u32,
    pub expr: ExprId,
    pub caller: FuncId,
    pub kind: CallKind,
    pub callees: Vec<FuncId>,
    /// The receiver expression of a method call (bound to the receiver parameter).
    pub recv: Option<ExprId>,
    pub args: Vec<ExprId>,
    /// Class of the function value called (calls through variables, fields...).
    value_class: Option<u32>,
    /// The call runs the function values of this class (modelled library calls).
    bound: Vec<(FuncId, bool)>,
}

pub struct Graph<'m> {
    pub m: &'m PackageModel<'m>,
    pub u: Unifier,
    pub funcs: Vec<Func>,
    pub calls: Vec<Call>,
    /// Calls by expression.
    pub call_at: FxHashMap<(u32, ExprId), Vec<usize>>,
    /// Calls made by each function.
    pub calls_of: Vec<Vec<usize>>,
    by_node: FxHashMap<FuncNode, FuncId>,
    /// Declared function by declaration position (generic instances share it).
    by_pos: FxHashMap<(u32, u32), FuncId>,
    relevant: FxHashMap<TypeId, bool>,
    /// Variables assigned with `=` somewhere: their name may stand for several objects
    /// over time, so they never root a must-alias access path.
    pub reassigned: rustc_hash::FxHashSet<ObjId>,
    /// Implementations per interface method (see `static_callees`).
    impls: FxHashMap<ObjId, Vec<FuncNode>>,
    /// Exported fields that code outside the package cannot name (see `hidden_fields`).
    hidden: rustc_hash::FxHashSet<ObjId>,
    /// `signal.Stop(c)` calls: the calling function, the class of `c`, the call, and
    /// whether it is deferred.
    pub signal_stops: Vec<(FuncId, u32, ExprId, u32, bool)>,
}

/// Calls through a function value reaching more functions than this are unknown calls.
pub const MAX_VALUE_CALLEES: usize = 32;

pub fn is_exported(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_uppercase())
}

impl<'m> Graph<'m> {
    pub fn build(m: &'m PackageModel<'m>) -> Graph<'m> {
        let mut g = Graph {
            m,
            u: Unifier::default(),
            funcs: Vec::new(),
            calls: Vec::new(),
            call_at: FxHashMap::default(),
            calls_of: Vec::new(),
            by_node: FxHashMap::default(),
            by_pos: FxHashMap::default(),
            relevant: FxHashMap::default(),
            reassigned: Default::default(),
            impls: FxHashMap::default(),
            hidden: hidden_fields(m),
            signal_stops: Vec::new(),
        };
        for (bi, body) in m.bodies().iter().enumerate() {
            g.add_func(bi, body);
        }
        g.calls_of = vec![Vec::new(); g.funcs.len()];
        for fi in 0..g.funcs.len() as FuncId {
            g.collect_body(fi);
        }
        g.collect_globals();
        g.resolve();
        g.open_entry_points();
        g
    }

    fn add_func(&mut self, bi: usize, body: &Body) {
        let m = self.m;
        let Some(node) = m.body_node(body) else { return };
        let file = body.file as usize;
        let f = &m.files()[file];
        let (recv, params, name, is_method, exported) = match body.owner {
            BodyOwner::Decl(d) => {
                let Some(Decl::Func(fd)) = f.decls.get(d as usize) else { return };
                let name = f.name(fd.name).to_string();
                let exported = is_exported(&name) && name != "init";
                (fd.recv.as_ref(), &fd.typ.params, name, fd.recv.is_some(), exported)
            }
            BodyOwner::Lit(e) => {
                let ExprKind::FuncLit { typ, .. } = &f.expr(e).kind else { return };
                (None, &typ.params, "func literal".to_string(), false, false)
            }
        };
        let mut ps = Vec::new();
        let mut push = |list: &FieldList| {
            for fld in &list.list {
                if fld.names.is_empty() {
                    ps.push(None);
                }
                for &n in &fld.names {
                    ps.push(m.object_of(file, n));
                }
            }
        };
        if let Some(r) = recv {
            push(r);
        }
        push(params);
        let id = self.funcs.len() as FuncId;
        if let FuncNode::Func(obj) = node {
            let o = m.prog.obj(obj);
            self.by_pos.insert((o.file.0, o.offset), id);
        }
        self.by_node.insert(node, id);
        self.funcs.push(Func { node, body: bi, file: body.file, params: ps, is_method, exported, name });
    }

    /// The package function a call-graph node stands for (generic instances map to
    /// their declaration).
    pub fn func_of(&self, n: FuncNode) -> Option<FuncId> {
        if let Some(&id) = self.by_node.get(&n) {
            return Some(id);
        }
        let FuncNode::Func(obj) = n else { return None };
        let o = self.m.prog.obj(obj);
        self.by_pos.get(&(o.file.0, o.offset)).copied()
    }

    /// Whether values of type `t` can be, hold or reach a channel, lock, WaitGroup, Cond,
    /// context or function (struct values are reached through field slots instead).
    pub fn relevant(&mut self, t: TypeId) -> bool {
        if t.is_invalid() {
            return false;
        }
        if let Some(&r) = self.relevant.get(&t) {
            return r;
        }
        self.relevant.insert(t, false); // cycles through named types
        let m = self.m;
        let r = if ["Mutex", "RWMutex", "WaitGroup", "Cond", "Once", "Locker"].iter().any(|n| m.is_sync_type(t, n))
            || m.is_named(t, "context", "Context")
        {
            true
        } else {
            match m.prog.types.get(m.prog.underlying(t)) {
                TypeData::Chan(..) | TypeData::Signature(_) => true,
                TypeData::Pointer(el) | TypeData::Slice(el) | TypeData::Array(_, el) | TypeData::Map(_, el) => {
                    self.relevant(*el)
                }
                _ => false,
            }
        };
        self.relevant.insert(t, r);
        r
    }

    fn is_interface(&self, t: TypeId) -> bool {
        !t.is_invalid() && matches!(self.m.prog.types.get(self.m.prog.underlying(t)), TypeData::Interface(_))
    }

    // ---- slots of expressions --------------------------------------------------------

    fn file(&self, file: u32) -> &'m File {
        &self.m.files()[file as usize]
    }

    fn var_node(&mut self, obj: ObjId) -> u32 {
        let n = self.u.node(Slot::Var(obj));
        let o = self.m.prog.obj(obj);
        let foreign = self.m.obj_pkg_path(obj) != Some(&*self.m.pkg.path);
        if foreign || (o.is_package_level() && is_exported(self.m.prog.obj_name(obj))) {
            self.u.add_flag(n, flag::OPEN);
        }
        n
    }

    fn field_node(&mut self, obj: ObjId) -> u32 {
        let n = self.u.node(Slot::Field(obj));
        let foreign = self.m.obj_pkg_path(obj) != Some(&*self.m.pkg.path);
        if foreign || (is_exported(self.m.prog.obj_name(obj)) && !self.hidden.contains(&obj)) {
            self.u.add_flag(n, flag::OPEN);
        }
        n
    }

    /// The class of the value `e` evaluates to, when it can be named.
    pub fn slot(&mut self, file: u32, e: ExprId) -> Option<u32> {
        let f = self.file(file);
        match &f.expr(e).kind {
            ExprKind::Paren { x } | ExprKind::Star { x } | ExprKind::TypeAssert { x, .. } => self.slot(file, *x),
            ExprKind::Slice { x, .. } => self.slot(file, *x),
            ExprKind::Unary { op: UnaryOp::And, x, .. } => self.slot(file, *x),
            ExprKind::Unary { op: UnaryOp::Arrow, x, .. } => {
                let c = self.slot(file, *x)?;
                Some(self.u.elem(c))
            }
            ExprKind::Index { x, .. } => {
                let t = self.m.type_of(file as usize, *x);
                if matches!(self.m.prog.types.get(self.m.prog.underlying(t)), TypeData::Signature(_)) {
                    return self.slot(file, *x); // generic instantiation f[T]
                }
                let c = self.slot(file, *x)?;
                Some(self.u.elem(c))
            }
            ExprKind::Ident(id) => {
                let obj = self.m.object_of(file as usize, *id)?;
                match self.m.prog.obj(obj).kind {
                    ObjKind::Var => Some(self.var_node(obj)),
                    ObjKind::Func => Some(self.func_value(obj)),
                    _ => None,
                }
            }
            ExprKind::Selector { x, sel } => {
                let obj = self.m.object_of(file as usize, *sel)?;
                match self.m.prog.obj(obj).kind {
                    ObjKind::Field => {
                        // `c.L` of a sync.Cond: the Locker the Cond was made with.
                        if self.m.prog.obj_name(obj) == "L"
                            && self.m.is_sync_type(self.m.type_of(file as usize, *x), "Cond")
                        {
                            let c = self.slot(file, *x)?;
                            return Some(self.u.elem(c));
                        }
                        Some(self.field_node(obj))
                    }
                    ObjKind::Var => Some(self.var_node(obj)),
                    ObjKind::Func => Some(self.func_value(obj)),
                    _ => None,
                }
            }
            ExprKind::Call { .. } => self.call_result(file, e, 0),
            ExprKind::FuncLit { .. } => {
                let n = self.u.node(Slot::Site(file, e, 0));
                self.u.add_func(n, FuncNode::Lit { file, expr: e });
                Some(n)
            }
            _ => None,
        }
    }

    fn func_value(&mut self, obj: ObjId) -> u32 {
        let n = self.u.node(Slot::Func(obj));
        if self.func_of(FuncNode::Func(obj)).is_some() {
            self.u.add_func(n, FuncNode::Func(obj));
        } else if !self.is_foreign_plain_func(obj) {
            self.u.add_flag(n, flag::OPEN);
        }
        n
    }

    /// A package-level function of another package (`time.Now`): fixed library code, not
    /// a callback the package's callers supply. Calling it runs no code of this package
    /// except through its arguments, which calls with no known callee open anyway.
    fn is_foreign_plain_func(&self, obj: ObjId) -> bool {
        let o = self.m.prog.obj(obj);
        o.flags.0 & gotraps_semantic::ObjFlags::METHOD == 0
            && o.is_package_level()
            && self.m.obj_pkg_path(obj).is_some_and(|p| p != &*self.m.pkg.path)
    }

    /// Result `i` of a call (created when the call is collected).
    fn call_result(&mut self, file: u32, call: ExprId, i: u32) -> Option<u32> {
        let t = self.m.type_of(file as usize, call);
        if let TypeData::Tuple(ts) = self.m.prog.types.get(t) {
            if !ts.get(i as usize).is_some_and(|&t| self.relevant(t)) {
                return None;
            }
        } else if i > 0 || !self.relevant(t) {
            return None;
        }
        Some(self.u.node(Slot::Site(file, call, i)))
    }

    /// Value `src` flows into the class `dst` of a place of type `dst_t`.
    fn flow(&mut self, file: u32, src: ExprId, dst: Option<u32>, dst_t: TypeId) {
        let st = self.m.type_of(file as usize, src);
        let Some(s) = self.slot(file, src) else { return };
        if !self.relevant(st) && !self.relevant(dst_t) {
            return;
        }
        match dst {
            Some(d) if self.relevant(dst_t) || !self.is_interface(dst_t) => self.u.union(s, d),
            _ => self.u.add_flag(s, flag::OPEN),
        }
    }

    fn flow_to_expr(&mut self, file: u32, src: ExprId, dst: ExprId) {
        if self.is_blank(file, dst) {
            return;
        }
        let dt = self.m.type_of(file as usize, dst);
        let d = self.slot(file, dst);
        self.flow(file, src, d, dt);
    }

    fn is_blank(&self, file: u32, e: ExprId) -> bool {
        let f = self.file(file);
        matches!(f.expr(e).kind, ExprKind::Ident(id) if f.name(id) == "_")
    }

    /// Class `src` flows into expression `dst`.
    fn flow_node_to_expr(&mut self, file: u32, src: Option<u32>, dst: ExprId) {
        if self.is_blank(file, dst) {
            return;
        }
        let dt = self.m.type_of(file as usize, dst);
        if let (Some(s), Some(d)) = (src, self.slot(file, dst)) {
            if self.relevant(dt) {
                self.u.union(s, d);
            }
        }
    }

    // ---- collecting the flow ---------------------------------------------------------

    fn collect_body(&mut self, fi: FuncId) {
        let body = &self.m.bodies()[self.funcs[fi as usize].body];
        let file = body.file;
        let f = self.file(file);
        let mut stmts: Vec<StmtId> = f.stmt(body.body).kind.block_stmts().to_vec();
        let mut exprs = Vec::new();
        while let Some(s) = stmts.pop() {
            self.collect_stmt(fi, file, s, &mut stmts, &mut exprs);
        }
        // Calls first (their result slots), then the rest of every expression.
        while let Some(e) = exprs.pop() {
            let k = &f.expr(e).kind;
            match k {
                ExprKind::FuncLit { .. } => {
                    self.slot(file, e);
                    continue;
                }
                ExprKind::Call { .. } => self.collect_call(fi, file, e, CallKind::Plain),
                ExprKind::CompositeLit { elts, .. } => self.collect_composite(file, e, elts),
                _ => {}
            }
            children(k, &mut exprs);
        }
    }

    fn collect_composite(&mut self, file: u32, lit: ExprId, elts: &[ExprId]) {
        let f = self.file(file);
        let t = self.m.type_of(file as usize, lit);
        let mut under = self.m.prog.underlying(t);
        if let TypeData::Pointer(el) = self.m.prog.types.get(under) {
            under = self.m.prog.underlying(*el);
        }
        match self.m.prog.types.get(under) {
            TypeData::Struct(st) => {
                for (i, &el) in elts.iter().enumerate() {
                    let (field, value) = match &f.expr(el).kind {
                        ExprKind::KeyValue { key, value } => {
                            let ExprKind::Ident(id) = f.expr(*key).kind else { continue };
                            let Some(fo) = self.m.object_of(file as usize, id) else { continue };
                            (fo, *value)
                        }
                        _ => {
                            let Some(&fo) = st.fields.get(i) else { continue };
                            (fo, el)
                        }
                    };
                    let d = self.field_node(field);
                    let ft = self.m.obj_type(field);
                    self.flow(file, value, Some(d), ft);
                }
            }
            TypeData::Slice(et) | TypeData::Array(_, et) | TypeData::Map(_, et) => {
                let Some(c) = self
                    .u
                    .existing(Slot::Site(file, lit, 0))
                    .or_else(|| self.relevant(t).then(|| self.u.node(Slot::Site(file, lit, 0))))
                else {
                    return;
                };
                let e = self.u.elem(c);
                for &el in elts.iter() {
                    let v = match &f.expr(el).kind {
                        ExprKind::KeyValue { value, .. } => *value,
                        _ => el,
                    };
                    self.flow(file, v, Some(e), *et);
                }
            }
            _ => {}
        }
    }

    fn collect_stmt(&mut self, fi: FuncId, file: u32, s: StmtId, stmts: &mut Vec<StmtId>, exprs: &mut Vec<ExprId>) {
        let f = self.file(file);
        match &f.stmt(s).kind {
            StmtKind::Assign { lhs, op, rhs, .. } => {
                exprs.extend_from_slice(lhs);
                exprs.extend_from_slice(rhs);
                if matches!(op, AssignOp::Op(_)) {
                    return;
                }
                if *op == AssignOp::Assign {
                    for &l in lhs.iter() {
                        if let ExprKind::Ident(id) = f.expr(l).kind {
                            if let Some(o) = self.m.object_of(file as usize, id) {
                                self.reassigned.insert(o);
                            }
                        }
                    }
                }
                if lhs.len() == rhs.len() {
                    for (l, r) in lhs.iter().zip(rhs.iter()) {
                        self.flow_to_expr(file, *r, *l);
                    }
                } else if rhs.len() == 1 {
                    self.flow_multi(file, lhs, rhs[0]);
                }
            }
            StmtKind::Decl(g) => {
                for spec in &g.specs {
                    let Spec::Value(vs) = spec else { continue };
                    exprs.extend_from_slice(&vs.values);
                    self.collect_value_spec(file, vs);
                }
            }
            StmtKind::Send { chan, value, .. } => {
                exprs.extend([*chan, *value]);
                if let Some(c) = self.slot(file, *chan) {
                    let e = self.u.elem(c);
                    let vt = self.m.type_of(file as usize, *value);
                    self.flow(file, *value, Some(e), vt);
                }
            }
            StmtKind::Range { key, value, x, body, .. } => {
                exprs.extend(key.iter().chain(value.iter()).copied());
                exprs.push(*x);
                stmts.push(*body);
                let xt = self.m.type_of(file as usize, *x);
                let is_chan = self.m.chan_of(xt).is_some();
                let target = if is_chan { *key } else { *value };
                if let (Some(t), Some(c)) = (target, self.slot(file, *x)) {
                    let e = self.u.elem(c);
                    self.flow_node_to_expr(file, Some(e), t);
                }
            }
            StmtKind::Return { results } => {
                exprs.extend_from_slice(results);
                let node = self.funcs[fi as usize].node;
                if results.len() == 1 && matches!(f.expr(results[0]).kind, ExprKind::Call { .. }) {
                    let t = self.m.type_of(file as usize, results[0]);
                    if let TypeData::Tuple(ts) = self.m.prog.types.get(t) {
                        for i in 0..ts.len() as u32 {
                            if let Some(r) = self.call_result(file, results[0], i) {
                                let d = self.u.node(Slot::Result(node, i));
                                self.u.union(r, d);
                            }
                        }
                        return;
                    }
                }
                for (i, &r) in results.iter().enumerate() {
                    let rt = self.m.type_of(file as usize, r);
                    if self.relevant(rt) {
                        let d = self.u.node(Slot::Result(node, i as u32));
                        self.flow(file, r, Some(d), rt);
                    }
                }
            }
            StmtKind::Go { call } => {
                self.collect_call(fi, file, *call, CallKind::Go);
                // Its operands are collected, not the call itself again.
                if let ExprKind::Call { fun, args, .. } = &f.expr(*call).kind {
                    exprs.push(*fun);
                    exprs.extend_from_slice(args);
                }
            }
            StmtKind::Defer { call } => {
                self.collect_call(fi, file, *call, CallKind::Defer);
                if let ExprKind::Call { fun, args, .. } = &f.expr(*call).kind {
                    exprs.push(*fun);
                    exprs.extend_from_slice(args);
                }
            }
            k => stmt_children(k, stmts, exprs),
        }
    }

    fn flow_multi(&mut self, file: u32, lhs: &[ExprId], rhs: ExprId) {
        let f = self.file(file);
        let mut r = rhs;
        while let ExprKind::Paren { x } = f.expr(r).kind {
            r = x;
        }
        match &f.expr(r).kind {
            ExprKind::Call { .. } => {
                for (i, &l) in lhs.iter().enumerate() {
                    let src = self.call_result(file, r, i as u32);
                    self.flow_node_to_expr(file, src, l);
                }
            }
            // v, ok := <-ch / m[k] / x.(T)
            _ => {
                if let Some(&l) = lhs.first() {
                    self.flow_to_expr(file, r, l);
                }
            }
        }
    }

    fn collect_value_spec(&mut self, file: u32, vs: &gotraps_syntax::ast::ValueSpec) {
        let names: Vec<Option<ObjId>> = vs.names.iter().map(|&n| self.m.object_of(file as usize, n)).collect();
        if vs.values.len() == names.len() {
            for (n, &v) in names.iter().zip(vs.values.iter()) {
                let Some(obj) = *n else { continue };
                let d = self.var_node(obj);
                let t = self.m.obj_type(obj);
                self.flow(file, v, Some(d), t);
            }
        } else if vs.values.len() == 1 {
            for (i, n) in names.iter().enumerate() {
                let Some(obj) = *n else { continue };
                let src = self.call_result(file, vs.values[0], i as u32);
                if let Some(s) = src {
                    let d = self.var_node(obj);
                    self.u.union(s, d);
                }
            }
        }
    }

    fn collect_globals(&mut self) {
        let m = self.m;
        for (fi, f) in m.files().iter().enumerate() {
            for d in &f.decls {
                let Decl::Gen(g) = d else { continue };
                if g.tok != GenTok::Var {
                    continue;
                }
                for spec in &g.specs {
                    if let Spec::Value(vs) = spec {
                        self.collect_value_spec(fi as u32, vs);
                    }
                }
            }
        }
    }

    fn collect_call(&mut self, caller: FuncId, file: u32, call: ExprId, kind: CallKind) {
        if self.call_at.contains_key(&(file, call)) {
            return;
        }
        let m = self.m;
        let f = self.file(file);
        let ExprKind::Call { fun, args, .. } = &f.expr(call).kind else { return };
        let mut fun = *fun;
        while let ExprKind::Paren { x } = f.expr(fun).kind {
            fun = x;
        }
        let recv = match &f.expr(fun).kind {
            ExprKind::Selector { x, sel } => {
                m.object_of(file as usize, *sel).filter(|&o| m.prog.obj(o).is_method()).map(|_| *x)
            }
            _ => None,
        };
        let args: Vec<ExprId> = args.to_vec();
        let mut new_call = |g: &mut Self, kind, callees: Vec<FuncId>, value_class, recv, args: Vec<ExprId>| {
            let i = g.calls.len();
            g.calls.push(Call { file, expr: call, caller, kind, callees, recv, args, value_class, bound: Vec::new() });
            g.call_at.entry((file, call)).or_default().push(i);
            g.calls_of[caller as usize].push(i);
        };
        // Conversions and builtins.
        let ft = m.type_of(file as usize, fun);
        if !matches!(m.prog.types.get(m.prog.underlying(ft)), TypeData::Signature(_)) {
            if let ExprKind::Ident(id) = f.expr(fun).kind {
                if let Some(o) = m.object_of(file as usize, id) {
                    if let ObjKind::Builtin(b) = m.prog.obj(o).kind {
                        self.builtin(file, call, b, &args);
                    }
                }
            }
            return;
        }
        let (nodes, dynamic) = self.static_callees(file, call);
        // An interface of another package (io.Writer, net.Conn) is implemented by types
        // the analysis cannot see flow into it: its calls are unknown code, not every
        // implementation in this package (that would be CHA's imprecision).
        let foreign_iface =
            dynamic && m.callee(file as usize, call).is_some_and(|o| m.obj_pkg_path(o) != Some(&*m.pkg.path));
        if foreign_iface {
            self.open_args(file, &args);
            self.open_results(file, call);
            return;
        }
        let callees: Vec<FuncId> = nodes.iter().filter_map(|&n| self.func_of(n)).collect();
        if !callees.is_empty() {
            new_call(self, kind, callees, None, recv, args);
            return;
        }
        let callee_obj = m.callee(file as usize, call);
        let target = m.call_target(file as usize, call);
        let in_pkg = callee_obj.is_some_and(|o| m.obj_pkg_path(o) == Some(&*m.pkg.path));
        if let Some(t) = target.filter(|_| !in_pkg) {
            self.library_call(caller, file, call, kind, t.pkg, t.recv, t.name, recv, &args, &mut new_call);
            return;
        }
        if callee_obj.is_some_and(|o| m.prog.obj(o).kind == ObjKind::Func) {
            // A package function without a body here, or an interface method with no
            // implementation in the package.
            self.open_args(file, &args);
            self.open_results(file, call);
            return;
        }
        // A call through a function value. A function stored in a field of `x` and
        // called as `x.f()` is taken to be bound to `x` when it is a method of `x`'s
        // type (an object keeping its own method as a callback).
        let class = self.slot(file, fun);
        let base = match &f.expr(fun).kind {
            ExprKind::Selector { x, .. } => Some(*x),
            _ => None,
        };
        new_call(self, kind, Vec::new(), class, base, args);
    }

    /// [`PackageModel::callees`], with interface dispatch computed once per interface
    /// method (the model scans every named type of the package for it) and bounded like
    /// calls through function values.
    fn static_callees(&mut self, file: u32, call: ExprId) -> (Vec<FuncNode>, bool) {
        let m = self.m;
        let callee = m.callee(file as usize, call);
        let f = self.file(file);
        let is_iface = callee.is_some() && {
            let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return (Vec::new(), false) };
            let mut fun = *fun;
            while let ExprKind::Paren { x } = f.expr(fun).kind {
                fun = x;
            }
            match &f.expr(fun).kind {
                ExprKind::Selector { x, .. } => self.is_interface(m.type_of(file as usize, *x)),
                _ => false,
            }
        };
        if !is_iface {
            return m.callees(file as usize, call);
        }
        let o = callee.unwrap_or_default();
        if let Some(v) = self.impls.get(&o) {
            return (v.clone(), true);
        }
        let (mut v, dynamic) = m.callees(file as usize, call);
        if v.len() > MAX_VALUE_CALLEES {
            v.clear();
        }
        self.impls.insert(o, v.clone());
        (v, dynamic)
    }

    fn builtin(&mut self, file: u32, call: ExprId, b: gotraps_semantic::Builtin, args: &[ExprId]) {
        use gotraps_semantic::Builtin as B;
        match b {
            B::Make => {
                let t = self.m.type_of(file as usize, call);
                if self.m.chan_of(t).is_some() {
                    let n = self.u.node(Slot::Site(file, call, 0));
                    let buffered = !matches!(
                        self.m.make_chan_buffer(file as usize, call),
                        Some(gotraps_semantic::ChanBuffer::Unbuffered)
                    );
                    self.u.add_flag(n, flag::MADE_CHAN | if buffered { flag::BUFFERED } else { 0 });
                } else if self.relevant(t) {
                    self.u.node(Slot::Site(file, call, 0));
                }
            }
            B::New => {
                if self.relevant(self.m.type_of(file as usize, call)) {
                    self.u.node(Slot::Site(file, call, 0));
                }
            }
            B::Append => {
                // append(s, v...): the result is s, holding v.
                let Some(&s0) = args.first() else { return };
                let st = self.m.type_of(file as usize, s0);
                if !self.relevant(st) {
                    return;
                }
                let r = self.u.node(Slot::Site(file, call, 0));
                if let Some(s) = self.slot(file, s0) {
                    self.u.union(r, s);
                }
                let e = self.u.elem(r);
                for &a in &args[1..] {
                    let at = self.m.type_of(file as usize, a);
                    if at == st {
                        if let Some(s) = self.slot(file, a) {
                            self.u.union(r, s);
                        }
                    } else if let Some(s) = self.slot(file, a) {
                        self.u.union(e, s);
                    }
                }
            }
            _ => {}
        }
    }

    /// What a call into code the analysis cannot see returns may be anything.
    fn open_results(&mut self, file: u32, call: ExprId) {
        for i in 0..4 {
            if let Some(n) = self.call_result(file, call, i) {
                self.u.add_flag(n, flag::OPEN);
            }
        }
    }

    fn open_args(&mut self, file: u32, args: &[ExprId]) {
        for &a in args {
            let t = self.m.type_of(file as usize, a);
            // Code that receives a context can watch it but not cancel it.
            if self.relevant(t) && !self.m.is_named(t, "context", "Context") {
                if let Some(s) = self.slot(file, a) {
                    self.u.add_flag(s, flag::OPEN);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn library_call(
        &mut self,
        caller: FuncId,
        file: u32,
        call: ExprId,
        kind: CallKind,
        pkg: &str,
        recv_ty: Option<&str>,
        name: &str,
        recv: Option<ExprId>,
        args: &[ExprId],
        new_call: &mut dyn FnMut(&mut Self, CallKind, Vec<FuncId>, Option<u32>, Option<ExprId>, Vec<ExprId>),
    ) {
        let m = self.m;
        let go_or = |k: CallKind| if k == CallKind::Defer { CallKind::Defer } else { CallKind::Go };
        match (pkg, recv_ty, name) {
            ("sync", Some("Once"), "Do") => {
                let class = args.first().and_then(|&a| self.slot(file, a));
                new_call(self, kind, Vec::new(), class, None, Vec::new());
            }
            ("sync", Some("WaitGroup"), "Go") | ("golang.org/x/sync/errgroup", Some("Group"), "Go") => {
                let class = args.first().and_then(|&a| self.slot(file, a));
                new_call(self, go_or(kind), Vec::new(), class, None, Vec::new());
            }
            ("time", None, "AfterFunc") => {
                let class = args.get(1).and_then(|&a| self.slot(file, a));
                new_call(self, go_or(kind), Vec::new(), class, None, Vec::new());
                self.call_result(file, call, 0);
            }
            ("sync", None, "OnceFunc" | "OnceValue" | "OnceValues") => {
                // The result calls the wrapped function (once): same function values.
                if let (Some(r), Some(f)) =
                    (self.call_result(file, call, 0), args.first().and_then(|&a| self.slot(file, a)))
                {
                    self.u.union(r, f);
                    self.u.add_flag(r, flag::ONCE_FUNC);
                }
            }
            ("sync", None, "NewCond") => {
                if let Some(n) = self.call_result(file, call, 0) {
                    let e = self.u.elem(n);
                    if let Some(l) = args.first().and_then(|&a| self.slot(file, a)) {
                        self.u.union(e, l);
                    }
                }
            }
            (
                "context",
                None,
                "WithCancel" | "WithCancelCause" | "WithTimeout" | "WithDeadline" | "WithTimeoutCause"
                | "WithDeadlineCause",
            ) => {
                let (Some(ctx), Some(cancel)) = (self.call_result(file, call, 0), self.call_result(file, call, 1))
                else {
                    return;
                };
                // The context ends when its cancel func is called: the cancel func is the
                // context class's contents.
                let e = self.u.elem(ctx);
                self.u.union(e, cancel);
                let parent_is_root = args.first().is_some_and(|&p| {
                    let f = self.file(file);
                    matches!(f.expr(p).kind, ExprKind::Call { .. })
                        && m.call_target(file as usize, p)
                            .is_some_and(|t| t.pkg == "context" && matches!(t.name, "Background" | "TODO"))
                });
                if name.starts_with("WithCancel") && parent_is_root {
                    self.u.add_flag(ctx, flag::LOCAL_CONTEXT);
                } else {
                    self.u.add_flag(ctx, flag::ENDS_ITSELF);
                }
            }
            ("context", None, "Background" | "TODO") => {}
            ("os/signal", None, "Notify") => {
                // The runtime is a sender on the channel, not code that may close it.
                if let Some(c) = args.first().and_then(|&a| self.slot(file, a)) {
                    self.u.add_flag(c, flag::SIGNAL);
                }
            }
            ("os/signal", None, "Stop") => {
                if let Some(c) = args.first().and_then(|&a| self.slot(file, a)) {
                    self.signal_stops.push((caller, c, call, file, kind == CallKind::Defer));
                }
            }
            ("fmt" | "log", _, _) => {
                // fmt and log call String()/Error() on operands that have them.
                for &a in args {
                    let t = m.type_of(file as usize, a);
                    for meth in ["String", "Error"] {
                        let Some(sel) = m.select(t, meth) else { continue };
                        if m.prog.obj(sel.obj).kind != ObjKind::Func {
                            continue;
                        }
                        let Some(id) = self.func_of(FuncNode::Func(sel.obj)) else { continue };
                        new_call(self, kind, vec![id], None, Some(a), Vec::new());
                    }
                }
            }
            _ => {
                self.open_args(file, args);
                for i in 0..4 {
                    if let Some(n) = self.call_result(file, call, i) {
                        self.u.add_flag(n, flag::OPEN);
                    }
                }
                let _ = recv;
            }
        }
    }

    /// Binds parameters and results of every (call, callee) pair, resolving calls
    /// through function values until nothing changes.
    fn resolve(&mut self) {
        loop {
            let mut changed = false;
            for ci in 0..self.calls.len() {
                let mut targets: Vec<FuncId> = self.calls[ci].callees.clone();
                if let Some(c) = self.calls[ci].value_class {
                    // A function table with many entries makes every call through it
                    // reach them all: beyond a bound the call is unknown code, which
                    // keeps the call graph linear in the package size.
                    if self.u.funcs(c).len() > MAX_VALUE_CALLEES {
                        continue;
                    }
                    let nodes: Vec<FuncNode> = self.u.funcs(c).to_vec();
                    for n in nodes {
                        if let Some(id) = self.func_of(n) {
                            if !targets.contains(&id) {
                                targets.push(id);
                            }
                        }
                    }
                }
                for t in targets {
                    let via_value = self.calls[ci].value_class.is_some();
                    if self.calls[ci].bound.iter().any(|&(b, _)| b == t) {
                        continue;
                    }
                    self.calls[ci].bound.push((t, via_value));
                    if !self.calls[ci].callees.contains(&t) {
                        self.calls[ci].callees.push(t);
                    }
                    self.bind(ci, t);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn bind(&mut self, ci: usize, callee: FuncId) {
        let (file, expr) = (self.calls[ci].file, self.calls[ci].expr);
        let params = self.funcs[callee as usize].params.clone();
        let mut ps = params.iter();
        let via_value = self.calls[ci].value_class.is_some();
        if via_value && self.funcs[callee as usize].is_method {
            // The bound receiver (see collect_call) is the selector base when its type
            // is the method's receiver type; otherwise unknown.
            let p0 = self.funcs[callee as usize].params.first().copied().flatten();
            let fits = match (p0, self.calls[ci].recv) {
                (Some(p), Some(r)) => self.m.obj_type(p) == self.m.type_of(file as usize, r),
                _ => false,
            };
            if !fits {
                self.calls[ci].recv = None;
            }
        }
        if self.funcs[callee as usize].is_method {
            let p0 = ps.next().copied().flatten();
            if let (Some(p), Some(r)) = (p0, self.calls[ci].recv) {
                let t = self.m.obj_type(p);
                let d = self.var_node(p);
                self.flow(file, r, Some(d), t);
            }
        }
        let args = self.calls[ci].args.clone();
        let rest: Vec<Option<ObjId>> = ps.copied().collect();
        let sig = self.m.bodies()[self.funcs[callee as usize].body].sig;
        let variadic = matches!(self.m.prog.types.get(sig), TypeData::Signature(s) if s.variadic);
        for (i, &a) in args.iter().enumerate() {
            let last = i + 1 >= rest.len();
            let Some(p) = rest.get(i.min(rest.len().saturating_sub(1))).copied().flatten() else { continue };
            let t = self.m.obj_type(p);
            let d = self.var_node(p);
            let spread = variadic && last && self.m.type_of(file as usize, a) != t;
            if spread {
                let e = self.u.elem(d);
                let at = self.m.type_of(file as usize, a);
                self.flow(file, a, Some(e), at);
            } else {
                self.flow(file, a, Some(d), t);
            }
        }
        let node = self.funcs[callee as usize].node;
        for i in 0..4u32 {
            if let Some(r) = self.u.existing(Slot::Result(node, i)) {
                if let Some(s) = self.call_result(file, expr, i) {
                    self.u.union(r, s);
                }
            }
        }
    }

    /// Parameters and results of exported functions, and of functions handed to code
    /// outside the package, are open; so are the arguments of calls through function
    /// values that may be code outside the package.
    fn open_entry_points(&mut self) {
        for ci in 0..self.calls.len() {
            let Some(c) = self.calls[ci].value_class else { continue };
            if self.u.flags(c) & flag::OPEN != 0
                || self.u.funcs(c).is_empty()
                || self.u.funcs(c).len() > MAX_VALUE_CALLEES
            {
                let (file, args) = (self.calls[ci].file, self.calls[ci].args.clone());
                self.open_args(file, &args);
            }
        }
        let mut open_funcs: Vec<FuncId> =
            (0..self.funcs.len() as FuncId).filter(|&i| self.funcs[i as usize].exported).collect();
        let classes: Vec<u32> = (0..self.u.len() as u32).filter(|&c| self.u.root(c) == c).collect();
        for c in classes {
            if self.u.flags(c) & flag::OPEN != 0 {
                for &n in self.u.funcs(c).to_vec().iter() {
                    if let Some(id) = self.func_of(n) {
                        open_funcs.push(id);
                    }
                }
            }
        }
        for id in open_funcs {
            let f = &self.funcs[id as usize];
            let skip = usize::from(f.is_method);
            let ps: Vec<ObjId> = f.params.iter().skip(skip).flatten().copied().collect();
            let (node, body) = (f.node, f.body);
            for p in ps {
                let n = self.var_node(p);
                self.u.add_flag(n, flag::OPEN);
            }
            let sig = self.m.bodies()[body].sig;
            let results: Vec<TypeId> = match self.m.prog.types.get(sig) {
                TypeData::Signature(s) => s.results.to_vec(),
                _ => Vec::new(),
            };
            for i in 0..4 {
                if let Some(r) = self.u.existing(Slot::Result(node, i)) {
                    // A `<-chan T` result lets the caller receive, never send or close.
                    let recv_only = results
                        .get(i as usize)
                        .and_then(|&t| self.m.chan_of(t))
                        .is_some_and(|(d, _)| d == gotraps_syntax::ast::ChanDir::Recv);
                    self.u.add_flag(r, if recv_only { flag::RECV_OPEN } else { flag::OPEN });
                }
            }
        }
        self.u.open_contents();
    }

    /// Whether call `ci` is through a function value that only code outside the package
    /// supplies (an exported field, a parameter of an exported function...).
    pub fn calls_outside_value(&self, ci: usize) -> bool {
        let c = &self.calls[ci];
        c.callees.is_empty() && c.value_class.is_some_and(|v| self.u.flags(v) & flag::OPEN != 0)
    }

    /// The function-value class a call goes through, if it is such a call.
    pub fn value_class(&self, ci: usize) -> Option<u32> {
        self.calls[ci].value_class
    }

    /// Class of an expression without creating anything new (read-only use).
    pub fn class_of(&mut self, file: u32, e: ExprId) -> Option<u32> {
        self.slot(file, e)
    }
}

/// Exported fields of the package's unexported struct types that no struct type embeds:
/// code outside the package cannot name them (its values of such a type reach it only
/// as interfaces or through accessors, which the flow follows).
pub fn hidden_fields(m: &PackageModel<'_>) -> rustc_hash::FxHashSet<ObjId> {
    let mut unexported: Vec<(TypeId, Vec<ObjId>)> = Vec::new();
    let mut embedded: rustc_hash::FxHashSet<TypeId> = Default::default();
    let deref = |t: TypeId| match m.prog.types.get(t) {
        TypeData::Pointer(el) => *el,
        _ => t,
    };
    for (fi, f) in m.files().iter().enumerate() {
        for d in &f.decls {
            let Decl::Gen(g) = d else { continue };
            for spec in &g.specs {
                let Spec::Type(ts) = spec else { continue };
                let Some(obj) = m.object_of(fi, ts.name) else { continue };
                let t = m.obj_type(obj);
                let TypeData::Struct(st) = m.prog.types.get(m.prog.underlying(t)) else { continue };
                for &fo in st.fields.iter() {
                    if m.prog.obj(fo).is_embedded() {
                        embedded.insert(deref(m.obj_type(fo)));
                    }
                }
                if !is_exported(f.name(ts.name)) {
                    // Embedded fields stay open: their methods are promoted, and calls
                    // through the outer value are not tied back to the field.
                    let exported: Vec<ObjId> = st
                        .fields
                        .iter()
                        .copied()
                        .filter(|&fo| is_exported(m.prog.obj_name(fo)) && !m.prog.obj(fo).is_embedded())
                        .collect();
                    if !exported.is_empty() {
                        unexported.push((t, exported));
                    }
                }
            }
        }
    }
    unexported.into_iter().filter(|(t, _)| !embedded.contains(t)).flat_map(|(_, fs)| fs).collect()
}

/// Direct subexpressions, not descending into function literals: the same, in the same
/// order, as [`children`], without a buffer (recursive walks call it once per node).
pub fn child_exprs(k: &ExprKind) -> ChildExprs<'_> {
    let (head, rest): ([Option<ExprId>; 4], &[ExprId]) = match k {
        ExprKind::Paren { x } | ExprKind::Star { x } | ExprKind::Selector { x, .. } | ExprKind::Unary { x, .. } => {
            ([Some(*x), None, None, None], &[])
        }
        ExprKind::TypeAssert { x, .. } | ExprKind::IndexList { x, .. } => ([Some(*x), None, None, None], &[]),
        ExprKind::Index { x, index } => ([Some(*x), Some(*index), None, None], &[]),
        ExprKind::Slice { x, low, high, max, .. } => ([Some(*x), *low, *high, *max], &[]),
        ExprKind::Call { fun, args, .. } => ([Some(*fun), None, None, None], args),
        ExprKind::Binary { x, y, .. } => ([Some(*x), Some(*y), None, None], &[]),
        ExprKind::KeyValue { key, value } => ([Some(*key), Some(*value), None, None], &[]),
        ExprKind::CompositeLit { elts, .. } => ([None; 4], elts),
        _ => ([None; 4], &[]),
    };
    ChildExprs { head, next: 0, rest }
}

/// Iterator of [`child_exprs`].
pub struct ChildExprs<'a> {
    head: [Option<ExprId>; 4],
    next: usize,
    rest: &'a [ExprId],
}

impl Iterator for ChildExprs<'_> {
    type Item = ExprId;

    fn next(&mut self) -> Option<ExprId> {
        while self.next < self.head.len() {
            self.next += 1;
            if let Some(e) = self.head[self.next - 1] {
                return Some(e);
            }
        }
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }
}

/// Direct subexpressions, not descending into function literals.
pub fn children(k: &ExprKind, out: &mut Vec<ExprId>) {
    match k {
        ExprKind::Paren { x } | ExprKind::Star { x } | ExprKind::Selector { x, .. } | ExprKind::Unary { x, .. } => {
            out.push(*x)
        }
        ExprKind::TypeAssert { x, .. } => out.push(*x),
        ExprKind::Index { x, index } => out.extend([*x, *index]),
        ExprKind::IndexList { x, .. } => out.push(*x),
        ExprKind::Slice { x, low, high, max, .. } => {
            out.push(*x);
            out.extend([low, high, max].into_iter().flatten().copied());
        }
        ExprKind::Call { fun, args, .. } => {
            out.push(*fun);
            out.extend_from_slice(args);
        }
        ExprKind::Binary { x, y, .. } => out.extend([*x, *y]),
        ExprKind::KeyValue { key, value } => out.extend([*key, *value]),
        ExprKind::CompositeLit { elts, .. } => out.extend_from_slice(elts),
        _ => {}
    }
}

/// Sub-statements and expressions of a statement (for kinds without flow of their own).
pub fn stmt_children(k: &StmtKind, stmts: &mut Vec<StmtId>, exprs: &mut Vec<ExprId>) {
    match k {
        StmtKind::Labeled { stmt, .. } => stmts.push(*stmt),
        StmtKind::Expr(e) => exprs.push(*e),
        StmtKind::IncDec { x, .. } => exprs.push(*x),
        StmtKind::Block { stmts: s } => stmts.extend_from_slice(s),
        StmtKind::If { init, cond, then, els } => {
            stmts.extend(init.iter().chain([then]).chain(els.iter()).copied());
            exprs.push(*cond);
        }
        StmtKind::CaseClause { list, body, .. } => {
            exprs.extend(list.iter().flatten().copied());
            stmts.extend_from_slice(body);
        }
        StmtKind::Switch { init, tag, body } => {
            stmts.extend(init.iter().chain([body]).copied());
            exprs.extend(tag.iter().copied());
        }
        StmtKind::TypeSwitch { init, assign, body } => stmts.extend(init.iter().chain([assign, body]).copied()),
        StmtKind::CommClause { comm, body, .. } => {
            stmts.extend(comm.iter().copied());
            stmts.extend_from_slice(body);
        }
        StmtKind::Select { body } => stmts.push(*body),
        StmtKind::For { init, cond, post, body } => {
            stmts.extend(init.iter().chain(post.iter()).chain([body]).copied());
            exprs.extend(cond.iter().copied());
        }
        _ => {}
    }
}

#[cfg(test)]
mod child_tests {
    use super::{child_exprs, children};

    /// Both walks give the same subexpressions in the same order, on every expression of
    /// a file using each kind.
    #[test]
    fn child_exprs_matches_children() {
        let src = "package p\nfunc f(a []int, m map[string]int, g func(int) int, p *T) {\n_ = a[1:2:3]\n_ = a[:]\n_ = m[\"k\"]\n_ = g(a[0]) + -a[1]\n_ = (*p).x\n_ = T{x: 1, y: g(2)}\n_ = []int{1, 2}\n_ = any(p).(*T)\n_ = G[int, string]\n_ = func() {}\n}\n";
        let file = gotraps_syntax::parse_file(src.as_bytes());
        let mut n = 0;
        for e in &file.exprs {
            let mut want = Vec::new();
            children(&e.kind, &mut want);
            let got: Vec<_> = child_exprs(&e.kind).collect();
            assert_eq!(got, want);
            n += want.len();
        }
        assert!(n > 20, "the sample exercises the walk ({n} children)");
    }
}
