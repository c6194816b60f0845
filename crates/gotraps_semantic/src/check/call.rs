//! Calls: functions and methods (with type argument inference), conversions, builtins.

use super::{Checker, Mode, Operand};
use crate::constant::ConstVal;
use crate::objects::{Builtin, ObjKind};
use crate::types::{BasicKind, TypeData, TypeId};
use gotraps_syntax::ast::{ExprId, ExprKind};

impl<'a> Checker<'a> {
    pub(super) fn call(&mut self, e: ExprId, hint: Option<TypeId>) -> Operand {
        let file = self.file;
        let ExprKind::Call { fun, args, ellipsis, .. } = &file.expr(e).kind else { return Operand::invalid() };
        let f = self.expr(*fun, None);
        if let Some(obj) = self.callee_object(*fun) {
            self.record_callee(e, obj);
        }
        match f.mode {
            Mode::Type => {
                // Conversion T(x).
                let t = f.ty;
                let Some(&arg) = args.first() else { return Operand::invalid() };
                let a = self.expr(arg, Some(t));
                for &rest in &args[1..] {
                    self.expr(rest, None);
                }
                if let (Mode::Const, Some(v)) = (a.mode, a.val) {
                    if matches!(self.data(self.underlying(t)), TypeData::Basic(_)) {
                        let v = match (self.data(self.underlying(t)), v) {
                            (TypeData::Basic(k), ConstVal::Float(x)) if k.is_integer() => ConstVal::Int(x as i128),
                            (TypeData::Basic(k), ConstVal::Int(x)) if k.is_float() => ConstVal::Float(x as f64),
                            (_, v) => v,
                        };
                        return Operand::konst(t, v);
                    }
                }
                Operand::value(t)
            }
            Mode::Builtin(b) => self.builtin(b, args, hint),
            Mode::Invalid => {
                for &a in args {
                    self.expr(a, None);
                }
                Operand::invalid()
            }
            _ => {
                let sig_t = f.ty;
                let TypeData::Signature(sig) = self.core(sig_t) else {
                    for &a in args {
                        self.expr(a, None);
                    }
                    return Operand::invalid();
                };
                let params = &sig.params;
                let n = params.len();
                // Argument types, with parameter types as hints.
                let mut arg_types = Vec::with_capacity(args.len());
                if args.len() == 1 && n > 1 {
                    let op = self.expr(args[0], None);
                    match self.data(op.ty) {
                        TypeData::Tuple(ts) => arg_types.extend_from_slice(ts),
                        _ => arg_types.push(op.ty),
                    }
                } else {
                    for (i, &a) in args.iter().enumerate() {
                        let p = if sig.variadic && i + 1 >= n && ellipsis.is_none() {
                            params.last().and_then(|&s| match self.data(s) {
                                TypeData::Slice(el) => Some(*el),
                                _ => None,
                            })
                        } else {
                            params.get(i).copied()
                        };
                        let p = p.filter(|&p| sig.type_params.is_empty() || !self.mentions_type_param(p));
                        let op = self.expr(a, p);
                        arg_types.push(op.ty);
                    }
                }
                let results: &[TypeId] = if sig.type_params.is_empty() {
                    &sig.results
                } else {
                    let inferred = crate::subst::infer(self.prog, sig, &arg_types, ellipsis.is_some(), hint);
                    let inst = crate::subst::instantiate_signature(self.prog, sig_t, &inferred);
                    self.record_type(*fun, inst);
                    match self.data(inst) {
                        TypeData::Signature(s) => &s.results,
                        _ => &sig.results,
                    }
                };
                match results.len() {
                    0 => Operand { mode: Mode::NoValue, ty: TypeId::INVALID, val: None },
                    1 => Operand::value(results[0]),
                    _ => Operand::value(self.prog.types.tuple(results.into())),
                }
            }
        }
    }

    fn mentions_type_param(&self, t: TypeId) -> bool {
        crate::subst::mentions_type_param(self.prog, t)
    }

    /// The function or method object a call's function expression names, if any.
    fn callee_object(&self, fun: ExprId) -> Option<crate::objects::ObjId> {
        let file = self.file;
        let mut e = fun;
        loop {
            match &file.expr(e).kind {
                ExprKind::Paren { x } => e = *x,
                ExprKind::Index { x, .. } | ExprKind::IndexList { x, .. } => e = *x,
                ExprKind::Ident(id) => {
                    return self.recorded(id.span.start).filter(|&o| self.prog.obj(o).kind == ObjKind::Func)
                }
                ExprKind::Selector { sel, .. } => {
                    return self.recorded(sel.span.start).filter(|&o| self.prog.obj(o).kind == ObjKind::Func)
                }
                _ => return None,
            }
        }
    }

    fn recorded(&self, offset: u32) -> Option<crate::objects::ObjId> {
        self.rec.as_deref().and_then(|r| r.idents[self.fi].get(&offset).copied())
    }

    fn builtin(&mut self, b: Builtin, args: &[ExprId], hint: Option<TypeId>) -> Operand {
        let file = self.file;
        let first_type = |c: &mut Self| args.first().map(|&a| c.typ(a)).unwrap_or(TypeId::INVALID);
        match b {
            Builtin::Make => {
                let t = first_type(self);
                for &a in args.iter().skip(1) {
                    self.expr(a, Some(TypeId::INT));
                }
                Operand::value(t)
            }
            Builtin::New => {
                let t = first_type(self);
                Operand::value(self.prog.types.pointer(t))
            }
            Builtin::Len | Builtin::Cap => {
                let mut val = None;
                if let Some(&a) = args.first() {
                    let op = self.expr(a, None);
                    match (self.data(self.underlying(op.ty)), &op.val) {
                        (TypeData::Basic(k), Some(ConstVal::Str(s))) if k.is_string() && b == Builtin::Len => {
                            val = Some(ConstVal::Int(s.len() as i128))
                        }
                        (TypeData::Array(Some(n), _), _) if !contains_call_or_recv(file, a) => {
                            val = Some(ConstVal::Int(*n as i128))
                        }
                        (TypeData::Pointer(p), _) if !contains_call_or_recv(file, a) => {
                            if let TypeData::Array(Some(n), _) = self.data(self.underlying(*p)) {
                                val = Some(ConstVal::Int(*n as i128))
                            }
                        }
                        _ => {}
                    }
                }
                match val {
                    Some(v) => Operand::konst(TypeId::INT, v),
                    None => Operand::value(TypeId::INT),
                }
            }
            Builtin::Append => {
                let s = args.first().map(|&a| self.expr(a, hint).ty).unwrap_or(TypeId::INVALID);
                let s = if s == TypeId::UNTYPED_NIL { hint.unwrap_or(TypeId::INVALID) } else { s };
                let el = match self.core(s) {
                    TypeData::Slice(el) => Some(*el),
                    _ => None,
                };
                for &a in args.iter().skip(1) {
                    self.expr(a, el);
                }
                Operand::value(s)
            }
            Builtin::Copy => {
                for &a in args {
                    self.expr(a, None);
                }
                Operand::value(TypeId::INT)
            }
            Builtin::Close | Builtin::Delete | Builtin::Clear | Builtin::Panic | Builtin::Print | Builtin::Println => {
                for &a in args {
                    self.expr(a, None);
                }
                Operand { mode: Mode::NoValue, ty: TypeId::INVALID, val: None }
            }
            Builtin::Recover => Operand::value(TypeId::EMPTY_INTERFACE),
            Builtin::Complex => {
                let ops: Vec<Operand> = args.iter().map(|&a| self.expr(a, None)).collect();
                let t = match ops.iter().find(|o| !self.is_untyped(o.ty)).map(|o| self.data(self.underlying(o.ty))) {
                    Some(TypeData::Basic(BasicKind::Float32)) => TypeId::basic(BasicKind::Complex64),
                    Some(_) => TypeId::basic(BasicKind::Complex128),
                    None => TypeId::basic(BasicKind::UntypedComplex),
                };
                Operand::value(t)
            }
            Builtin::Real | Builtin::Imag => {
                let op = args.first().map(|&a| self.expr(a, None));
                let t = match op.map(|o| self.data(self.underlying(o.ty))) {
                    Some(TypeData::Basic(BasicKind::Complex64)) => TypeId::basic(BasicKind::Float32),
                    Some(TypeData::Basic(BasicKind::UntypedComplex)) => TypeId::UNTYPED_FLOAT,
                    _ => TypeId::FLOAT64,
                };
                Operand::value(t)
            }
            Builtin::Min | Builtin::Max => {
                let ops: Vec<Operand> = args.iter().map(|&a| self.expr(a, hint)).collect();
                let t = ops.iter().map(|o| o.ty).find(|&t| !self.is_untyped(t)).or_else(|| ops.first().map(|o| o.ty));
                let t = t.unwrap_or(TypeId::INVALID);
                if ops.iter().all(|o| o.mode == Mode::Const) {
                    let mut best: Option<ConstVal> = None;
                    for o in &ops {
                        let v = o.val.clone().unwrap_or(ConstVal::Unknown);
                        best = Some(match best {
                            None => v,
                            Some(cur) => {
                                let op = if b == Builtin::Min {
                                    gotraps_syntax::ast::BinaryOp::Lss
                                } else {
                                    gotraps_syntax::ast::BinaryOp::Gtr
                                };
                                match ConstVal::binary(op, &v, &cur, false) {
                                    ConstVal::Bool(true) => v,
                                    ConstVal::Bool(false) => cur,
                                    _ => ConstVal::Unknown,
                                }
                            }
                        });
                    }
                    return Operand::konst(t, best.unwrap_or(ConstVal::Unknown));
                }
                Operand::value(t)
            }
            Builtin::Sizeof | Builtin::Alignof => {
                let t = args.first().map(|&a| self.value(a)).unwrap_or(TypeId::INVALID);
                let v = self.prog.size_align(t).map(|(s, a)| if b == Builtin::Sizeof { s } else { a });
                Operand::konst(TypeId::UINTPTR, v.map_or(ConstVal::Unknown, |v| ConstVal::Int(v as i128)))
            }
            Builtin::Offsetof => {
                let Some(&a) = args.first() else { return Operand::invalid() };
                self.expr(a, None);
                let mut v = ConstVal::Unknown;
                let inner = crate::model::unparen(file, a);
                if let ExprKind::Selector { x, sel } = &file.expr(inner).kind {
                    let base = self.rec.as_deref().map(|r| r.types[self.fi][x.index()]).unwrap_or(TypeId::INVALID);
                    let base = match self.data(base) {
                        TypeData::Pointer(el) => *el,
                        _ => base,
                    };
                    if let Some(off) = self.field_path_offset(base, file.name(*sel)) {
                        v = ConstVal::Int(off as i128);
                    }
                }
                Operand::konst(TypeId::UINTPTR, v)
            }
            Builtin::Add => {
                for &a in args {
                    self.expr(a, None);
                }
                Operand::value(TypeId::UNSAFE_POINTER)
            }
            Builtin::Slice => {
                let p = args.first().map(|&a| self.expr(a, None).ty).unwrap_or(TypeId::INVALID);
                for &a in args.iter().skip(1) {
                    self.expr(a, None);
                }
                match self.data(self.underlying(p)) {
                    TypeData::Pointer(el) => Operand::value(self.prog.types.slice(*el)),
                    _ => Operand::invalid(),
                }
            }
            Builtin::SliceData => {
                let s = args.first().map(|&a| self.expr(a, None).ty).unwrap_or(TypeId::INVALID);
                match self.core(s) {
                    TypeData::Slice(el) => Operand::value(self.prog.types.pointer(*el)),
                    _ => Operand::invalid(),
                }
            }
            Builtin::String => {
                for &a in args {
                    self.expr(a, None);
                }
                Operand::value(TypeId::STRING)
            }
            Builtin::StringData => {
                for &a in args {
                    self.expr(a, None);
                }
                Operand::value(self.prog.types.pointer(TypeId::UINT8))
            }
        }
    }
}

impl Checker<'_> {
    /// Offset of field `name` (possibly promoted) from the start of struct `t`.
    fn field_path_offset(&self, t: TypeId, name: &str) -> Option<u64> {
        let sel = crate::lookup::lookup_field_or_method(self.prog, t, name)?;
        let mut cur = t;
        let mut total = 0u64;
        for &f in sel.path.iter().chain(std::iter::once(&sel.obj)) {
            let TypeData::Struct(st) = self.data(self.underlying(cur)) else { return None };
            let i = st.fields.iter().position(|&x| x == f)?;
            total += self.prog.field_offset(cur, i)?;
            cur = self.prog.obj_type(f);
        }
        Some(total)
    }
}

/// Whether `len(x)` is not a constant because x contains a call or receive.
fn contains_call_or_recv(file: &gotraps_syntax::File, e: ExprId) -> bool {
    match &file.expr(e).kind {
        ExprKind::Call { .. } => true,
        ExprKind::Unary { op: gotraps_syntax::ast::UnaryOp::Arrow, .. } => true,
        ExprKind::Paren { x } | ExprKind::Star { x } | ExprKind::Selector { x, .. } => contains_call_or_recv(file, *x),
        ExprKind::Index { x, index } => contains_call_or_recv(file, *x) || contains_call_or_recv(file, *index),
        ExprKind::Unary { x, .. } => contains_call_or_recv(file, *x),
        _ => false,
    }
}
