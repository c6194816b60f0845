//! Expressions: identifiers, selectors, operators, literals, indexing.

use super::{Checker, Mode, Operand};
use crate::constant::ConstVal;
use crate::lookup::{lookup_field_or_method, Selection};
use crate::objects::ObjKind;
use crate::types::{BasicKind, Signature, TypeData, TypeId};
use gotraps_syntax::ast::{BinaryOp, ChanDir, ExprId, ExprKind, LitKind, UnaryOp};

impl<'a> Checker<'a> {
    /// Types expression `e`; `hint` is the type the context expects (for untyped
    /// constants, elided composite literal types and function literal inference).
    pub fn expr(&mut self, e: ExprId, hint: Option<TypeId>) -> Operand {
        let op = self.expr_inner(e, hint);
        self.record_type(e, op.ty);
        if let (Some(ConstVal::Int(v)), Some(r)) = (&op.val, self.rec.as_deref_mut()) {
            r.int_consts[self.fi].push(e, *v);
        }
        op
    }

    /// Types a value expression and converts an untyped result to its default type.
    pub fn value(&mut self, e: ExprId) -> TypeId {
        let op = self.expr(e, None);
        self.default_type(op.ty)
    }

    pub fn default_type(&self, t: TypeId) -> TypeId {
        match self.data(t) {
            TypeData::Basic(k) if k.is_untyped() && *k != BasicKind::UntypedNil => TypeId::basic(k.default_type()),
            _ => t,
        }
    }

    fn expr_inner(&mut self, e: ExprId, hint: Option<TypeId>) -> Operand {
        let file = self.file;
        match &file.expr(e).kind {
            ExprKind::Bad => Operand::invalid(),
            ExprKind::Ident(id) => {
                let name = file.name(*id);
                if name == "_" {
                    return Operand::invalid();
                }
                let Some(obj) = self.lookup(name) else { return Operand::invalid() };
                self.record_ident(*id, obj);
                self.object_operand(obj)
            }
            ExprKind::BasicLit { kind } => {
                let t = match kind {
                    LitKind::Int => TypeId::UNTYPED_INT,
                    LitKind::Float => TypeId::UNTYPED_FLOAT,
                    LitKind::Imag => TypeId::basic(BasicKind::UntypedComplex),
                    LitKind::Char => TypeId::UNTYPED_RUNE,
                    LitKind::String => TypeId::UNTYPED_STRING,
                };
                Operand::konst(t, ConstVal::from_literal(*kind, file.text(file.expr(e).span)))
            }
            ExprKind::FuncLit { typ, body } => {
                self.open_scope();
                let sig = self.signature(typ, None, true);
                if self.recording() {
                    self.enter_func(sig, Some(e));
                    self.func_body(*body);
                    self.leave_func();
                    let fi = self.fi as u32;
                    if let Some(r) = self.rec.as_deref_mut() {
                        r.bodies.push(super::Body { file: fi, owner: super::BodyOwner::Lit(e), body: *body, sig });
                    }
                }
                self.close_scope();
                Operand::value(sig)
            }
            ExprKind::CompositeLit { typ, elts, .. } => self.composite_lit(e, *typ, elts, hint),
            ExprKind::Paren { x } => self.expr(*x, hint),
            ExprKind::Selector { x, sel } => self.selector(e, *x, *sel),
            ExprKind::Index { x, index } => self.index(*x, std::slice::from_ref(index), hint),
            ExprKind::IndexList { x, indices } => self.index(*x, indices, hint),
            ExprKind::Slice { x, low, high, max, .. } => {
                let op = self.expr(*x, None);
                for i in [low, high, max].into_iter().flatten() {
                    self.expr(*i, None);
                }
                let t = match self.core(op.ty) {
                    TypeData::Basic(k) if k.is_string() => {
                        if *k == BasicKind::UntypedString {
                            TypeId::STRING
                        } else {
                            op.ty
                        }
                    }
                    TypeData::Slice(_) => op.ty,
                    TypeData::Array(_, el) => self.prog.types.slice(*el),
                    TypeData::Pointer(p) => match self.data(self.underlying(*p)) {
                        TypeData::Array(_, el) => self.prog.types.slice(*el),
                        _ => TypeId::INVALID,
                    },
                    _ => TypeId::INVALID,
                };
                Operand::value(t)
            }
            ExprKind::TypeAssert { x, typ } => {
                self.expr(*x, None);
                match typ {
                    Some(t) => {
                        let t = self.typ(*t);
                        Operand { mode: Mode::CommaOk, ty: t, val: None }
                    }
                    None => Operand::invalid(),
                }
            }
            ExprKind::Call { .. } => self.call(e, hint),
            ExprKind::Star { x } => {
                let op = self.expr(*x, None);
                match op.mode {
                    Mode::Type => Operand { mode: Mode::Type, ty: self.prog.types.pointer(op.ty), val: None },
                    _ => match self.core(op.ty) {
                        TypeData::Pointer(el) => Operand { mode: Mode::Var, ty: *el, val: None },
                        _ => Operand::invalid(),
                    },
                }
            }
            ExprKind::Unary { op, x, .. } => self.unary(*op, *x, hint),
            ExprKind::Binary { x, op, y, .. } => self.binary(*op, *x, *y, hint),
            ExprKind::KeyValue { key, value } => {
                self.expr(*key, None);
                self.expr(*value, None)
            }
            ExprKind::Ellipsis { .. }
            | ExprKind::ArrayType { .. }
            | ExprKind::StructType { .. }
            | ExprKind::FuncType(_)
            | ExprKind::InterfaceType { .. }
            | ExprKind::MapType { .. }
            | ExprKind::ChanType { .. } => {
                let t = self.typ(e);
                Operand { mode: Mode::Type, ty: t, val: None }
            }
        }
    }

    /// The operand an identifier denoting `obj` stands for.
    pub fn object_operand(&mut self, obj: crate::objects::ObjId) -> Operand {
        let o = self.prog.obj(obj);
        match o.kind {
            ObjKind::Var | ObjKind::Field => Operand { mode: Mode::Var, ty: self.prog.obj_type(obj), val: None },
            ObjKind::Const => {
                if obj == self.prog.universe.iota {
                    return match self.iota {
                        Some(v) => Operand::konst(TypeId::UNTYPED_INT, ConstVal::Int(v)),
                        None => Operand::invalid(),
                    };
                }
                let t = self.prog.obj_type(obj);
                let v = self.prog.const_value(obj).cloned().unwrap_or(ConstVal::Unknown);
                Operand::konst(t, v)
            }
            ObjKind::TypeName => Operand { mode: Mode::Type, ty: self.typename_type(obj), val: None },
            ObjKind::Func => Operand::value(self.prog.obj_type(obj)),
            ObjKind::Builtin(b) => Operand { mode: Mode::Builtin(b), ty: TypeId::INVALID, val: None },
            ObjKind::Nil => Operand::value(TypeId::UNTYPED_NIL),
            ObjKind::PkgName => {
                Operand { mode: Mode::PkgName(o.aux().map(crate::objects::PkgId)), ty: TypeId::INVALID, val: None }
            }
            ObjKind::Label => Operand::invalid(),
        }
    }

    fn selector(&mut self, _e: ExprId, x: ExprId, sel: gotraps_syntax::ast::Ident) -> Operand {
        let file = self.file;
        let name = file.name(sel);
        // Qualified identifier?
        if let ExprKind::Ident(id) = file.expr(x).kind {
            if let Some(obj) = self.lookup(file.name(id)) {
                if self.prog.obj(obj).kind == ObjKind::PkgName {
                    self.record_ident(id, obj);
                    let Some(target) = self.prog.obj(obj).aux().map(crate::objects::PkgId) else {
                        return Operand::invalid();
                    };
                    let Some(m) = self.prog.package(target).and_then(|p| p.lookup(name)) else {
                        return Operand::invalid();
                    };
                    self.record_ident(sel, m);
                    return self.object_operand(m);
                }
            }
        }
        let op = self.expr(x, None);
        if op.mode == Mode::Type {
            // Method expression T.m: a function taking the receiver first.
            return match lookup_field_or_method(self.prog, op.ty, name) {
                Some(Selection { obj, .. }) if self.prog.obj(obj).kind == ObjKind::Func => {
                    self.record_ident(sel, obj);
                    let sig = self.prog.obj_type(obj);
                    match self.data(sig) {
                        TypeData::Signature(s) => {
                            let mut params = Vec::with_capacity(s.params.len() + 1);
                            params.push(op.ty);
                            params.extend_from_slice(&s.params);
                            let t = self.prog.types.signature(Signature {
                                params: params.into(),
                                results: s.results.clone(),
                                variadic: s.variadic,
                                type_params: Box::new([]),
                            });
                            Operand::value(t)
                        }
                        _ => Operand::invalid(),
                    }
                }
                _ => Operand::invalid(),
            };
        }
        if op.ty.is_invalid() {
            return Operand::invalid();
        }
        match lookup_field_or_method(self.prog, op.ty, name) {
            Some(s) => {
                self.record_ident(sel, s.obj);
                let t = self.prog.obj_type(s.obj);
                let o = self.prog.obj(s.obj);
                if o.kind == ObjKind::Field {
                    let mode = if s.indirect || op.mode == Mode::Var { Mode::Var } else { Mode::Value };
                    Operand { mode, ty: t, val: None }
                } else {
                    Operand::value(t)
                }
            }
            None => Operand::invalid(),
        }
    }

    fn index(&mut self, x: ExprId, indices: &[ExprId], hint: Option<TypeId>) -> Operand {
        let _ = hint;
        let op = self.expr(x, None);
        if op.mode == Mode::Type {
            let args: Vec<TypeId> = indices.iter().map(|&i| self.typ(i)).collect();
            let t = crate::subst::instantiate(self.prog, op.ty, &args);
            return Operand { mode: Mode::Type, ty: t, val: None };
        }
        if let TypeData::Signature(s) = self.data(op.ty) {
            if !s.type_params.is_empty() {
                let args: Vec<TypeId> = indices.iter().map(|&i| self.typ(i)).collect();
                let t = crate::subst::instantiate_signature(self.prog, op.ty, &args);
                return Operand::value(t);
            }
        }
        for &i in indices {
            self.expr(i, None);
        }
        if let Some(el) = self.type_set_index_elem(op.ty) {
            return Operand { mode: Mode::Var, ty: el, val: None };
        }
        match self.core(op.ty) {
            TypeData::Basic(k) if k.is_string() => Operand::value(TypeId::UINT8),
            TypeData::Slice(el) => Operand { mode: Mode::Var, ty: *el, val: None },
            TypeData::Array(_, el) => Operand { mode: op.mode, ty: *el, val: None },
            TypeData::Pointer(p) => match self.data(self.underlying(*p)) {
                TypeData::Array(_, el) => Operand { mode: Mode::Var, ty: *el, val: None },
                _ => Operand::invalid(),
            },
            TypeData::Map(_, v) => Operand { mode: Mode::MapIndex, ty: *v, val: None },
            _ => Operand::invalid(),
        }
    }

    /// Indexing a type parameter whose terms all index to one element type
    /// (`[B []byte | string]` gives byte).
    fn type_set_index_elem(&self, t: TypeId) -> Option<TypeId> {
        let TypeData::TypeParam(_) = self.data(t) else { return None };
        if crate::lookup::core_type(self.prog, t).is_some() {
            return None;
        }
        let terms = crate::lookup::type_terms(self.prog, t);
        let mut elem = None;
        for term in terms {
            let el = match self.data(self.underlying(term)) {
                TypeData::Basic(k) if k.is_string() => TypeId::UINT8,
                TypeData::Slice(el) | TypeData::Array(_, el) => *el,
                _ => return None,
            };
            if elem.is_some_and(|e| e != el) {
                return None;
            }
            elem = Some(el);
        }
        elem
    }

    fn unary(&mut self, op: UnaryOp, x: ExprId, hint: Option<TypeId>) -> Operand {
        match op {
            UnaryOp::And => {
                let inner_hint = hint.and_then(|h| match self.core(h) {
                    TypeData::Pointer(el) => Some(*el),
                    _ => None,
                });
                let o = self.expr(x, inner_hint);
                if o.ty.is_invalid() {
                    return Operand::invalid();
                }
                Operand::value(self.prog.types.pointer(o.ty))
            }
            UnaryOp::Arrow => {
                let o = self.expr(x, None);
                match self.core(o.ty) {
                    TypeData::Chan(_, el) => Operand { mode: Mode::CommaOk, ty: *el, val: None },
                    _ => Operand::invalid(),
                }
            }
            UnaryOp::Tilde => {
                let t = self.typ(x);
                Operand { mode: Mode::Type, ty: t, val: None }
            }
            _ => {
                let o = self.expr(x, hint);
                match (o.mode, &o.val) {
                    (Mode::Const, Some(v)) => {
                        let mut r = ConstVal::unary(op, v);
                        if op == UnaryOp::Xor {
                            r = self.wrap_unsigned(o.ty, r);
                        }
                        Operand::konst(o.ty, r)
                    }
                    _ => Operand::value(if op == UnaryOp::Not && o.ty == TypeId::UNTYPED_BOOL {
                        TypeId::BOOL
                    } else {
                        o.ty
                    }),
                }
            }
        }
    }

    /// `^x` on unsigned typed constants flips only the type's bits.
    fn wrap_unsigned(&self, t: TypeId, v: ConstVal) -> ConstVal {
        let bits = match self.data(self.underlying(t)) {
            TypeData::Basic(BasicKind::Uint8) => 8,
            TypeData::Basic(BasicKind::Uint16) => 16,
            TypeData::Basic(BasicKind::Uint32) => 32,
            TypeData::Basic(BasicKind::Uint64 | BasicKind::Uint | BasicKind::Uintptr) => 64,
            _ => return v,
        };
        match v {
            ConstVal::Int(i) => ConstVal::Int(i & ((1i128 << bits) - 1)),
            v => v,
        }
    }

    fn binary(&mut self, op: BinaryOp, x: ExprId, y: ExprId, hint: Option<TypeId>) -> Operand {
        let is_shift = matches!(op, BinaryOp::Shl | BinaryOp::Shr);
        let is_cmp =
            matches!(op, BinaryOp::Eql | BinaryOp::Neq | BinaryOp::Lss | BinaryOp::Leq | BinaryOp::Gtr | BinaryOp::Geq);
        let xo = self.expr(x, if is_cmp { None } else { hint });
        let yo = if is_shift { self.expr(y, None) } else { self.expr(y, Some(xo.ty).filter(|t| !self.is_untyped(*t))) };
        let xo = if !is_shift && !is_cmp && self.is_untyped(xo.ty) && !self.is_untyped(yo.ty) && xo.mode != Mode::Const
        {
            // Re-type the untyped side in the other's context (e.g. `1 << n + x`).
            Operand { ty: yo.ty, ..xo }
        } else {
            xo
        };
        let ty = if is_cmp {
            TypeId::UNTYPED_BOOL
        } else if is_shift {
            if self.is_untyped(xo.ty) && yo.mode != Mode::Const {
                // A non-constant shift of an untyped constant takes its type from the context.
                hint.filter(|h| !self.is_untyped(*h)).unwrap_or(TypeId::UNTYPED_INT)
            } else {
                xo.ty
            }
        } else if matches!(op, BinaryOp::LAnd | BinaryOp::LOr) {
            if self.is_untyped(xo.ty) {
                yo.ty
            } else {
                xo.ty
            }
        } else {
            match (self.is_untyped(xo.ty), self.is_untyped(yo.ty)) {
                (true, true) => self.larger_untyped(xo.ty, yo.ty),
                (true, false) => yo.ty,
                _ => xo.ty,
            }
        };
        if let (Mode::Const, Mode::Const, Some(a), Some(b)) = (xo.mode, yo.mode, &xo.val, &yo.val) {
            let integer = match self.data(self.underlying(ty)) {
                TypeData::Basic(k) => k.is_integer(),
                _ => false,
            };
            let v = ConstVal::binary(op, a, b, integer);
            if is_cmp && !ty.is_invalid() {
                return Operand::konst(TypeId::UNTYPED_BOOL, v);
            }
            return Operand::konst(ty, v);
        }
        if is_cmp {
            return Operand::value(TypeId::UNTYPED_BOOL);
        }
        Operand::value(ty)
    }

    pub fn is_untyped(&self, t: TypeId) -> bool {
        matches!(self.data(t), TypeData::Basic(k) if k.is_untyped())
    }

    fn larger_untyped(&self, a: TypeId, b: TypeId) -> TypeId {
        match (self.data(a), self.data(b)) {
            (TypeData::Basic(x), TypeData::Basic(y)) if x.is_numeric() && y.is_numeric() => {
                if x >= y {
                    a
                } else {
                    b
                }
            }
            _ => a,
        }
    }

    fn composite_lit(&mut self, _e: ExprId, typ: Option<ExprId>, elts: &[ExprId], hint: Option<TypeId>) -> Operand {
        let file = self.file;
        let t = match typ {
            Some(te) => match &file.expr(te).kind {
                ExprKind::ArrayType { len: Some(len), elt }
                    if matches!(file.expr(*len).kind, ExprKind::Ellipsis { .. }) =>
                {
                    let el = self.typ(*elt);
                    let n = self.array_lit_len(elts);
                    let t = self.prog.types.array(Some(n), el);
                    self.record_type(te, t);
                    t
                }
                _ => self.typ(te),
            },
            None => match hint {
                Some(h) => match self.data(self.underlying(h)) {
                    TypeData::Pointer(el) => *el,
                    _ => h,
                },
                None => TypeId::INVALID,
            },
        };
        if !self.recording() {
            // The elements do not change the literal's type and there is nothing to
            // record: resolving `var tables = []T{...}` must not type every element.
            return Operand::value(t);
        }
        let u = self.underlying(t);
        match self.core(u) {
            TypeData::Struct(st) => {
                let fields = st.fields.clone();
                for (i, &el) in elts.iter().enumerate() {
                    match &file.expr(el).kind {
                        ExprKind::KeyValue { key, value } => {
                            let mut ft = None;
                            if let ExprKind::Ident(id) = file.expr(*key).kind {
                                let name = file.name(id);
                                if let Some(&f) = fields.iter().find(|&&f| self.prog.obj_name_is(f, name)) {
                                    self.record_ident(id, f);
                                    ft = Some(self.prog.obj_type(f));
                                    self.record_type(*key, ft.unwrap_or(TypeId::INVALID));
                                }
                            }
                            let vo = self.expr(*value, ft);
                            self.record_type(el, vo.ty);
                        }
                        _ => {
                            let ft = fields.get(i).map(|&f| self.prog.obj_type(f));
                            self.expr(el, ft);
                        }
                    }
                }
            }
            TypeData::Map(k, v) => {
                let (k, v) = (*k, *v);
                for &el in elts {
                    match &file.expr(el).kind {
                        ExprKind::KeyValue { key, value } => {
                            self.expr(*key, Some(k));
                            self.expr(*value, Some(v));
                        }
                        _ => {
                            self.expr(el, Some(v));
                        }
                    }
                }
            }
            TypeData::Slice(el) | TypeData::Array(_, el) => {
                let el = *el;
                for &x in elts {
                    match &file.expr(x).kind {
                        ExprKind::KeyValue { key, value } => {
                            self.expr(*key, None);
                            self.expr(*value, Some(el));
                        }
                        _ => {
                            self.expr(x, Some(el));
                        }
                    }
                }
            }
            _ => {
                for &x in elts {
                    self.expr(x, None);
                }
            }
        }
        Operand::value(t)
    }

    fn array_lit_len(&mut self, elts: &[ExprId]) -> u64 {
        let file = self.file;
        let mut max = 0i128;
        let mut next = 0i128;
        for &x in elts {
            if let ExprKind::KeyValue { key, .. } = &file.expr(x).kind {
                if let Some(v) = self.const_int(*key) {
                    next = v;
                }
            }
            next += 1;
            max = max.max(next);
        }
        max as u64
    }

    /// The integer value of a constant expression, evaluated without recording.
    pub fn const_int(&mut self, e: ExprId) -> Option<i128> {
        let rec = self.rec.take();
        let v = self.expr(e, None).val.and_then(|v| v.as_i128());
        self.rec = rec;
        v
    }

    /// Types of `n` values produced by one expression (`a, b := f()`, comma-ok forms).
    pub fn multi_value(&mut self, e: ExprId, n: usize) -> Vec<TypeId> {
        let op = self.expr(e, None);
        if let TypeData::Tuple(ts) = self.data(op.ty) {
            let mut v: Vec<TypeId> = ts.to_vec();
            v.resize(n, TypeId::INVALID);
            return v;
        }
        let mut v = vec![self.default_type(op.ty)];
        if n == 2 && matches!(op.mode, Mode::CommaOk | Mode::MapIndex) {
            v.push(TypeId::BOOL);
        }
        v.resize(n, TypeId::INVALID);
        v
    }

    /// The element type of a channel type, if it is one.
    pub fn chan_elem(&self, t: TypeId) -> Option<(ChanDir, TypeId)> {
        match self.core(t) {
            TypeData::Chan(d, el) => Some((*d, *el)),
            _ => None,
        }
    }
}
