//! Type expressions: names, literals of composite types, signatures, instantiation.

use super::{Checker, Mode};
use crate::objects::{ObjFlags, ObjId, ObjKind};
use crate::types::{InterfaceType, Signature, StructType, TypeData, TypeId, TypeParamType};
use gotraps_syntax::ast::{ExprId, ExprKind, FieldList, FuncType, Ident, UnaryOp};
use std::sync::atomic::AtomicU32;
use std::sync::OnceLock;

impl<'a> Checker<'a> {
    /// The type denoted by a type expression (INVALID when it is not one).
    pub fn typ(&mut self, e: ExprId) -> TypeId {
        let t = self.typ_inner(e);
        self.record_type(e, t);
        t
    }

    fn typ_inner(&mut self, e: ExprId) -> TypeId {
        let file = self.file;
        match &file.expr(e).kind {
            ExprKind::Ident(_) | ExprKind::Selector { .. } => {
                let op = self.expr(e, None);
                if op.mode == Mode::Type {
                    op.ty
                } else {
                    TypeId::INVALID
                }
            }
            ExprKind::Paren { x } => self.typ(*x),
            ExprKind::Star { x } => {
                let el = self.typ(*x);
                self.prog.types.pointer(el)
            }
            ExprKind::ArrayType { len: None, elt } => {
                let el = self.typ(*elt);
                self.prog.types.slice(el)
            }
            ExprKind::ArrayType { len: Some(len), elt } => {
                let n = match &file.expr(*len).kind {
                    ExprKind::Ellipsis { .. } => None,
                    _ => {
                        let op = self.expr(*len, None);
                        op.val.as_ref().and_then(|v| v.as_i128()).and_then(|v| u64::try_from(v).ok())
                    }
                };
                let el = self.typ(*elt);
                self.prog.types.array(n, el)
            }
            ExprKind::Ellipsis { elt: Some(elt) } => {
                let el = self.typ(*elt);
                self.prog.types.slice(el)
            }
            ExprKind::MapType { key, value } => {
                let k = self.typ(*key);
                let v = self.typ(*value);
                self.prog.types.map(k, v)
            }
            ExprKind::ChanType { dir, value, .. } => {
                let v = self.typ(*value);
                self.prog.types.chan(*dir, v)
            }
            ExprKind::FuncType(ft) => {
                self.open_scope();
                let t = self.signature(ft, None, false);
                self.close_scope();
                t
            }
            ExprKind::StructType { fields } => self.struct_type(fields),
            ExprKind::InterfaceType { methods } => self.interface_type(methods),
            ExprKind::Index { .. } | ExprKind::IndexList { .. } => {
                let op = self.expr(e, None);
                if op.mode == Mode::Type {
                    op.ty
                } else {
                    TypeId::INVALID
                }
            }
            ExprKind::Unary { op: UnaryOp::Tilde, x, .. } => self.typ(*x),
            ExprKind::Binary { x, y, .. } => {
                // A union in a constraint: the operands are types.
                self.typ(*x);
                self.typ(*y);
                TypeId::INVALID
            }
            _ => TypeId::INVALID,
        }
    }

    /// The signature of a function type. Parameters are declared in the current scope
    /// (callers open one) as variables, so a following body can use them.
    /// `recv` is the receiver field list of a method.
    pub fn signature(&mut self, ft: &FuncType, recv: Option<&FieldList>, declare: bool) -> TypeId {
        let mut type_params = Vec::new();
        if let Some(tps) = &ft.type_params {
            type_params = self.declare_type_params(tps, None);
        }
        // Receiver, parameters and results are declared together after every type in
        // the signature is resolved: `func (lcs lcs) f(src *T, p src.Pos) lcs`.
        let mut pending = Vec::new();
        if let Some(recv) = recv {
            self.receiver(recv, &mut pending);
        }
        let (params, variadic) = self.params(&ft.params, ObjFlags::PARAM, &mut pending);
        let results = match &ft.results {
            Some(r) => self.params(r, ObjFlags::RESULT, &mut pending).0,
            None => Vec::new(),
        };
        for (n, obj) in pending {
            if declare {
                self.declare(n, obj);
            } else {
                self.record_ident(n, obj);
            }
        }
        self.prog.types.signature(Signature {
            params: params.into(),
            results: results.into(),
            variadic,
            type_params: type_params.into(),
        })
    }

    fn params(&mut self, list: &FieldList, flag: u16, pending: &mut Vec<(Ident, ObjId)>) -> (Vec<TypeId>, bool) {
        let mut out = Vec::new();
        let mut variadic = false;
        for (i, field) in list.list.iter().enumerate() {
            let is_last = i + 1 == list.list.len();
            let t = match &self.file.expr(field.typ).kind {
                ExprKind::Ellipsis { elt: Some(elt) } => {
                    variadic = is_last && flag == ObjFlags::PARAM;
                    let el = self.typ(*elt);
                    let s = self.prog.types.slice(el);
                    self.record_type(field.typ, s);
                    s
                }
                _ => self.typ(field.typ),
            };
            if field.names.is_empty() {
                out.push(t);
            }
            for &n in &field.names {
                out.push(t);
                let obj = self.new_local(ObjKind::Var, n, Some(t), flag);
                pending.push((n, obj));
            }
        }
        (out, variadic)
    }

    /// Declares a method's receiver; its type parameters are bound to the receiver base
    /// type's own (so method signatures mention the origin's parameters).
    fn receiver(&mut self, recv: &FieldList, pending: &mut Vec<(Ident, ObjId)>) {
        let Some(field) = recv.list.first() else { return };
        let file = self.file;
        let (base, ptr) = crate::collect::receiver_base(file, field.typ);
        let mut e = field.typ;
        while let ExprKind::Paren { x } | ExprKind::Star { x } = &file.expr(e).kind {
            e = *x;
        }
        let args: Vec<ExprId> = match &file.expr(e).kind {
            ExprKind::Index { index, .. } => vec![*index],
            ExprKind::IndexList { indices, .. } => indices.to_vec(),
            _ => Vec::new(),
        };
        let base_obj = base.and_then(|b| self.pkg.scope.get(file.name(b)).copied());
        let named = base_obj.map(|o| self.typename_type(o)).unwrap_or(TypeId::INVALID);
        if let Some(b) = base {
            if let Some(o) = base_obj {
                self.record_ident(b, o);
            }
        }
        let mut t = named;
        if !args.is_empty() {
            let tparams = crate::subst::type_params_of(self.prog, named);
            let mut targs = Vec::new();
            for (i, &a) in args.iter().enumerate() {
                let tp = tparams.get(i).copied().unwrap_or(TypeId::INVALID);
                if let ExprKind::Ident(id) = file.expr(a).kind {
                    if let TypeData::TypeParam(p) = self.data(tp) {
                        if file.name(id) != "_" {
                            self.locals.push(super::Local::new(file.name(id), p.obj));
                        }
                        self.record_ident(id, p.obj);
                    }
                }
                self.record_type(a, tp);
                targs.push(tp);
            }
            t = crate::subst::instantiate(self.prog, named, &targs);
        }
        if ptr {
            t = self.prog.types.pointer(t);
        }
        for &n in &field.names {
            let obj = self.new_local(ObjKind::Var, n, Some(t), ObjFlags::PARAM | ObjFlags::RECEIVER);
            pending.push((n, obj));
        }
        self.record_type(field.typ, t);
    }

    /// Declares type parameters; `existing` reuses the type parameters already created
    /// for a declaration (when re-checking a target package).
    pub fn declare_type_params(&mut self, list: &FieldList, existing: Option<&[TypeId]>) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut index = 0u32;
        for field in &list.list {
            for &n in &field.names {
                let t = match existing.and_then(|e| e.get(index as usize)) {
                    Some(&t) => t,
                    None => {
                        let obj = self.new_local(ObjKind::TypeName, n, None, ObjFlags::TYPE_PARAM);
                        let t = self.prog.types.add(TypeData::TypeParam(TypeParamType {
                            obj,
                            index,
                            constraint: AtomicU32::new(crate::types::UNRESOLVED),
                        }));
                        self.prog.obj(obj).set_ty(t);
                        t
                    }
                };
                if let TypeData::TypeParam(p) = self.data(t) {
                    self.declare(n, p.obj);
                }
                out.push(t);
                index += 1;
            }
        }
        let mut i = 0;
        for field in &list.list {
            let c = self.constraint(field.typ);
            for _ in &field.names {
                if let Some(TypeData::TypeParam(p)) = out.get(i).map(|&t| self.data(t)) {
                    p.constraint.store(c.0, std::sync::atomic::Ordering::Release);
                }
                i += 1;
            }
        }
        out
    }

    fn constraint(&mut self, e: ExprId) -> TypeId {
        match &self.file.expr(e).kind {
            ExprKind::Binary { .. } | ExprKind::Unary { op: UnaryOp::Tilde, .. } => {
                let mut terms = Vec::new();
                self.union_terms(e, &mut terms);
                let embeds: Box<[TypeId]> = terms.into();
                self.prog.types.add(TypeData::Interface(InterfaceType {
                    methods: Box::new([]),
                    embeds,
                    has_terms: true,
                    all_methods: OnceLock::from(Box::<[ObjId]>::from([])),
                }))
            }
            _ => {
                let t = self.typ(e);
                match self.data(self.underlying(t)) {
                    // `[C C]`: a type parameter cannot be a constraint (go/types rejects it);
                    // storing it would make the parameter its own underlying type.
                    _ if matches!(self.data(t), TypeData::TypeParam(_)) => TypeId::INVALID,
                    TypeData::Interface(_) => t,
                    _ if t.is_invalid() => t,
                    _ => self.prog.types.add(TypeData::Interface(InterfaceType {
                        methods: Box::new([]),
                        embeds: Box::new([t]),
                        has_terms: true,
                        all_methods: OnceLock::from(Box::<[ObjId]>::from([])),
                    })),
                }
            }
        }
    }

    /// The terms of a union constraint `~A | B | C`, in order.
    fn union_terms(&mut self, e: ExprId, out: &mut Vec<TypeId>) {
        match &self.file.expr(e).kind {
            ExprKind::Binary { x, y, .. } => {
                let (x, y) = (*x, *y);
                self.union_terms(x, out);
                self.union_terms(y, out);
            }
            ExprKind::Paren { x } => self.union_terms(*x, out),
            _ => {
                let t = self.typ(e);
                if !t.is_invalid() {
                    out.push(t);
                }
            }
        }
    }

    fn struct_type(&mut self, fields: &FieldList) -> TypeId {
        let mut objs = Vec::new();
        for field in &fields.list {
            let t = self.typ(field.typ);
            if let Some(tag) = field.tag {
                self.record_type(tag, TypeId::UNTYPED_STRING);
            }
            if field.names.is_empty() {
                // Embedded: the field is named after the type name.
                let Some(id) = embedded_ident(self.file, field.typ) else { continue };
                let obj = self.new_local(ObjKind::Field, id, Some(t), ObjFlags::EMBEDDED);
                self.record_ident(id, obj);
                objs.push(obj);
            }
            for &n in &field.names {
                let obj = self.new_local(ObjKind::Field, n, Some(t), 0);
                self.record_ident(n, obj);
                objs.push(obj);
            }
        }
        self.prog.types.add(TypeData::Struct(StructType::new(objs.into())))
    }

    fn interface_type(&mut self, list: &FieldList) -> TypeId {
        let mut methods = Vec::new();
        let mut embeds = Vec::new();
        let mut has_terms = false;
        for field in &list.list {
            if let (Some(&n), ExprKind::FuncType(ft)) = (field.names.first(), &self.file.expr(field.typ).kind) {
                self.open_scope();
                let sig = self.signature(ft, None, false);
                self.close_scope();
                self.record_type(field.typ, sig);
                let obj = self.new_local(ObjKind::Func, n, Some(sig), ObjFlags::METHOD);
                self.record_ident(n, obj);
                methods.push(obj);
                continue;
            }
            match &self.file.expr(field.typ).kind {
                ExprKind::Binary { .. } | ExprKind::Unary { op: UnaryOp::Tilde, .. } => {
                    self.union_terms(field.typ, &mut embeds);
                    has_terms = true;
                }
                _ => {
                    let t = self.typ(field.typ);
                    match self.data(self.underlying(t)) {
                        TypeData::Interface(_) => embeds.push(t),
                        _ if t.is_invalid() => embeds.push(t),
                        _ => has_terms = true,
                    }
                }
            }
        }
        self.prog.types.add(TypeData::Interface(InterfaceType {
            methods: methods.into(),
            embeds: embeds.into(),
            has_terms,
            all_methods: OnceLock::new(),
        }))
    }

    /// Records what the identifiers of a type expression denote, given the type it was
    /// resolved to before: struct fields and interface methods map to the objects of
    /// that type, so declarations and selections agree.
    pub fn record_type_expr(&mut self, e: ExprId, t: TypeId) {
        if !self.recording() {
            return;
        }
        let file = self.file;
        let data = self.data(t);
        match (&file.expr(e).kind, data) {
            (ExprKind::Paren { x }, _) => {
                self.record_type(e, t);
                self.record_type_expr(*x, t)
            }
            (ExprKind::Star { x }, TypeData::Pointer(el)) => {
                self.record_type(e, t);
                self.record_type_expr(*x, *el)
            }
            (ExprKind::ArrayType { len: None, elt }, TypeData::Slice(el)) => {
                self.record_type(e, t);
                self.record_type_expr(*elt, *el)
            }
            (ExprKind::ArrayType { len: Some(len), elt }, TypeData::Array(_, el)) => {
                self.record_type(e, t);
                if !matches!(file.expr(*len).kind, ExprKind::Ellipsis { .. }) {
                    self.expr(*len, None);
                }
                self.record_type_expr(*elt, *el)
            }
            (ExprKind::MapType { key, value }, TypeData::Map(k, v)) => {
                self.record_type(e, t);
                self.record_type_expr(*key, *k);
                self.record_type_expr(*value, *v)
            }
            (ExprKind::ChanType { value, .. }, TypeData::Chan(_, el)) => {
                self.record_type(e, t);
                self.record_type_expr(*value, *el)
            }
            (ExprKind::StructType { fields }, TypeData::Struct(st)) => {
                self.record_type(e, t);
                let mut k = 0;
                for field in &fields.list {
                    let count = field.names.len().max(1);
                    let objs: Vec<ObjId> = st.fields.get(k..k + count).map(|s| s.to_vec()).unwrap_or_default();
                    k += count;
                    if field.names.is_empty() {
                        if let (Some(id), Some(&o)) = (embedded_ident(file, field.typ), objs.first()) {
                            self.record_ident(id, o);
                        }
                    }
                    for (&n, &o) in field.names.iter().zip(&objs) {
                        self.record_ident(n, o);
                    }
                    let ft = objs.first().map(|&o| self.prog.obj_type(o)).unwrap_or(TypeId::INVALID);
                    if ft.is_invalid() {
                        self.typ(field.typ);
                    } else {
                        self.record_type_expr(field.typ, ft);
                    }
                    if field.names.is_empty() {
                        // The field definition wins over the type-name use, as in go/types' Defs.
                        if let (Some(id), Some(&o)) = (embedded_ident(file, field.typ), objs.first()) {
                            self.record_ident(id, o);
                        }
                    }
                }
            }
            (ExprKind::InterfaceType { methods }, TypeData::Interface(it)) => {
                self.record_type(e, t);
                let mut k = 0;
                for field in &methods.list {
                    match (field.names.first(), &file.expr(field.typ).kind) {
                        (Some(&n), ExprKind::FuncType(_)) => {
                            if let Some(&m) = it.methods.get(k) {
                                self.record_ident(n, m);
                                let sig = self.prog.obj_type(m);
                                self.record_type_expr(field.typ, sig);
                            }
                            k += 1;
                        }
                        _ => {
                            self.typ(field.typ);
                        }
                    }
                }
            }
            (ExprKind::FuncType(ft), TypeData::Signature(_)) => {
                self.record_type(e, t);
                self.open_scope();
                self.signature(ft, None, false);
                self.close_scope();
            }
            _ => {
                self.typ(e);
            }
        }
    }
}

/// The identifier naming an embedded field: `T`, `*T`, `p.T`, `T[A]`.
pub(crate) fn embedded_ident(file: &gotraps_syntax::File, mut e: ExprId) -> Option<gotraps_syntax::ast::Ident> {
    loop {
        match &file.expr(e).kind {
            ExprKind::Ident(id) => return Some(*id),
            ExprKind::Star { x } | ExprKind::Paren { x } => e = *x,
            ExprKind::Selector { sel, .. } => return Some(*sel),
            ExprKind::Index { x, .. } | ExprKind::IndexList { x, .. } => e = *x,
            _ => return None,
        }
    }
}
