//! Generics: type parameter lists, instantiation, substitution and type argument
//! inference for calls (enough to see `chan T` and `*sync.Mutex` through generic code).

use crate::objects::{ObjId, Object};
use crate::program::Program;
use crate::types::{InterfaceType, Signature, StructType, TypeData, TypeId};
use gotraps_syntax::ast::ChanDir;
use std::sync::OnceLock;

type Map = [(TypeId, TypeId)];

/// Type parameters of a generic named type (empty when not generic).
pub fn type_params_of(prog: &Program, t: TypeId) -> Vec<TypeId> {
    let TypeData::Named(n) = prog.types.get(t) else { return Vec::new() };
    if let Some(origin) = n.origin {
        return type_params_of(prog, origin);
    }
    if n.type_params.get().is_none() {
        prog.obj_type(n.obj);
    }
    n.type_params.get().map(|v| v.to_vec()).unwrap_or_default()
}

/// `generic[args]`; a non-generic type is returned unchanged.
pub fn instantiate(prog: &Program, generic: TypeId, args: &[TypeId]) -> TypeId {
    let TypeData::Named(n) = prog.types.get(generic) else { return TypeId::INVALID };
    if n.origin.is_some() || type_params_of(prog, generic).is_empty() {
        return generic;
    }
    prog.types.instance(generic, n.obj, args.into())
}

/// A generic signature with its type parameters replaced by `args` (missing ones kept).
pub fn instantiate_signature(prog: &Program, sig_t: TypeId, args: &[TypeId]) -> TypeId {
    let TypeData::Signature(s) = prog.types.get(sig_t) else { return sig_t };
    let map: Vec<(TypeId, TypeId)> =
        s.type_params.iter().copied().zip(args.iter().copied()).filter(|(_, a)| !a.is_invalid()).collect();
    let params: Vec<TypeId> = s.params.iter().map(|&p| subst(prog, p, &map, 0)).collect();
    let results: Vec<TypeId> = s.results.iter().map(|&p| subst(prog, p, &map, 0)).collect();
    prog.types.signature(Signature {
        params: params.into(),
        results: results.into(),
        variadic: s.variadic,
        type_params: Box::new([]),
    })
}

pub(crate) fn instance_underlying(prog: &Program, _inst: TypeId, origin: TypeId, args: &[TypeId]) -> TypeId {
    let tps = type_params_of(prog, origin);
    let u = prog.underlying(origin);
    let map: Vec<(TypeId, TypeId)> = tps.into_iter().zip(args.iter().copied()).collect();
    subst(prog, u, &map, 0)
}

/// A copy of a field or method object with its type substituted.
pub(crate) fn instantiate_object(prog: &Program, obj: ObjId, map: &Map) -> ObjId {
    let t = prog.obj_type(obj);
    let nt = subst(prog, t, map, 0);
    if nt == t {
        return obj;
    }
    let o = prog.obj(obj);
    let copy = Object::new(o.kind, o.name.clone(), o.pkg, o.file, o.offset, Some(nt)).with_flags(o.flags.0);
    if let Some(a) = o.aux() {
        copy.set_aux(a);
    }
    prog.new_obj(copy)
}

/// `t` with type parameters replaced per `map`.
pub fn subst(prog: &Program, t: TypeId, map: &Map, depth: u32) -> TypeId {
    if map.is_empty() || depth > 24 {
        return t;
    }
    let d = depth + 1;
    let tt = &prog.types;
    match tt.get(t) {
        TypeData::TypeParam(_) => map.iter().find(|(p, _)| *p == t).map_or(t, |(_, a)| *a),
        TypeData::Pointer(el) => {
            let n = subst(prog, *el, map, d);
            if n == *el {
                t
            } else {
                tt.pointer(n)
            }
        }
        TypeData::Slice(el) => {
            let n = subst(prog, *el, map, d);
            if n == *el {
                t
            } else {
                tt.slice(n)
            }
        }
        TypeData::Array(len, el) => {
            let n = subst(prog, *el, map, d);
            if n == *el {
                t
            } else {
                tt.array(*len, n)
            }
        }
        TypeData::Map(k, v) => {
            let (nk, nv) = (subst(prog, *k, map, d), subst(prog, *v, map, d));
            if nk == *k && nv == *v {
                t
            } else {
                tt.map(nk, nv)
            }
        }
        TypeData::Chan(dir, el) => {
            let n = subst(prog, *el, map, d);
            if n == *el {
                t
            } else {
                tt.chan(*dir, n)
            }
        }
        TypeData::Tuple(ts) => {
            let n: Vec<TypeId> = ts.iter().map(|&x| subst(prog, x, map, d)).collect();
            if n[..] == ts[..] {
                t
            } else {
                tt.tuple(n.into())
            }
        }
        TypeData::Signature(s) => {
            let params: Vec<TypeId> = s.params.iter().map(|&x| subst(prog, x, map, d)).collect();
            let results: Vec<TypeId> = s.results.iter().map(|&x| subst(prog, x, map, d)).collect();
            if params[..] == s.params[..] && results[..] == s.results[..] {
                return t;
            }
            tt.signature(Signature {
                params: params.into(),
                results: results.into(),
                variadic: s.variadic,
                type_params: s.type_params.clone(),
            })
        }
        TypeData::Struct(st) => {
            let fields: Vec<ObjId> = st.fields.iter().map(|&f| instantiate_object(prog, f, map)).collect();
            if fields[..] == st.fields[..] {
                return t;
            }
            tt.add(TypeData::Struct(StructType::new(fields.into())))
        }
        TypeData::Interface(it) => {
            let methods: Vec<ObjId> = it.methods.iter().map(|&m| instantiate_object(prog, m, map)).collect();
            let embeds: Vec<TypeId> = it.embeds.iter().map(|&e| subst(prog, e, map, d)).collect();
            if methods[..] == it.methods[..] && embeds[..] == it.embeds[..] {
                return t;
            }
            tt.add(TypeData::Interface(InterfaceType {
                methods: methods.into(),
                embeds: embeds.into(),
                has_terms: it.has_terms,
                all_methods: OnceLock::new(),
            }))
        }
        TypeData::Named(n) => match n.origin {
            Some(origin) => {
                let args: Vec<TypeId> = n.type_args.iter().map(|&a| subst(prog, a, map, d)).collect();
                if args[..] == n.type_args[..] {
                    t
                } else {
                    tt.instance(origin, n.obj, args.into())
                }
            }
            None => t,
        },
        TypeData::Basic(_) => t,
    }
}

/// Whether `t` mentions any type parameter.
pub fn mentions_type_param(prog: &Program, t: TypeId) -> bool {
    fn go(prog: &Program, t: TypeId, depth: u32) -> bool {
        if depth > 12 {
            return false;
        }
        let d = depth + 1;
        match prog.types.get(t) {
            TypeData::TypeParam(_) => true,
            TypeData::Pointer(e) | TypeData::Slice(e) | TypeData::Array(_, e) | TypeData::Chan(_, e) => go(prog, *e, d),
            TypeData::Map(k, v) => go(prog, *k, d) || go(prog, *v, d),
            TypeData::Tuple(ts) => ts.iter().any(|&x| go(prog, x, d)),
            TypeData::Signature(s) => s.params.iter().chain(s.results.iter()).any(|&x| go(prog, x, d)),
            TypeData::Named(n) => n.type_args.iter().any(|&x| go(prog, x, d)),
            TypeData::Struct(st) => st.fields.iter().any(|&f| go(prog, prog.obj_type(f), d)),
            _ => false,
        }
    }
    go(prog, t, 0)
}

/// Infers the type arguments of a generic call from argument types (and the expected
/// result type), by unification; unknown ones stay INVALID.
pub fn infer(prog: &Program, sig: &Signature, args: &[TypeId], spread: bool, _hint: Option<TypeId>) -> Vec<TypeId> {
    let tps = &sig.type_params;
    let mut bound = vec![TypeId::INVALID; tps.len()];
    let mut untyped = vec![TypeId::INVALID; tps.len()];
    let n = sig.params.len();
    for (i, &a) in args.iter().enumerate() {
        let p = if sig.variadic && i + 1 >= n && !spread {
            match sig.params.last().map(|&s| prog.types.get(s)) {
                Some(TypeData::Slice(el)) => *el,
                _ => continue,
            }
        } else {
            match sig.params.get(i) {
                Some(&p) => p,
                None => continue,
            }
        };
        if is_untyped(prog, a) {
            if let Some(k) = tps.iter().position(|&tp| tp == p) {
                if untyped[k].is_invalid() || rank(prog, a) > rank(prog, untyped[k]) {
                    untyped[k] = a;
                }
            }
            continue;
        }
        unify(prog, tps, &mut bound, p, a, 0);
    }
    // Core types of constraints (`S ~[]E`) give the remaining ones.
    for _ in 0..2 {
        for (k, &tp) in tps.iter().enumerate() {
            let Some(core) = crate::lookup::core_type(prog, tp) else { continue };
            if core == tp {
                continue;
            }
            if !bound[k].is_invalid() {
                let u = prog.underlying(bound[k]);
                unify(prog, tps, &mut bound, core, u, 0);
            } else {
                let map: Vec<(TypeId, TypeId)> =
                    tps.iter().copied().zip(bound.iter().copied()).filter(|(_, b)| !b.is_invalid()).collect();
                let c = subst(prog, core, &map, 0);
                if !mentions_type_param(prog, c) {
                    bound[k] = c;
                }
            }
        }
    }
    for k in 0..tps.len() {
        if bound[k].is_invalid() && !untyped[k].is_invalid() {
            bound[k] = match prog.types.get(untyped[k]) {
                TypeData::Basic(b) => TypeId::basic(b.default_type()),
                _ => TypeId::INVALID,
            };
        }
    }
    bound
}

fn is_untyped(prog: &Program, t: TypeId) -> bool {
    matches!(prog.types.get(t), TypeData::Basic(k) if k.is_untyped())
}

fn rank(prog: &Program, t: TypeId) -> u8 {
    match prog.types.get(t) {
        TypeData::Basic(k) => *k as u8,
        _ => 0,
    }
}

fn unify(prog: &Program, tps: &[TypeId], bound: &mut [TypeId], p: TypeId, a: TypeId, depth: u32) {
    if depth > 16 || a.is_invalid() {
        return;
    }
    let d = depth + 1;
    if let Some(k) = tps.iter().position(|&tp| tp == p) {
        if bound[k].is_invalid() {
            bound[k] = a;
        }
        return;
    }
    let (pd, ad) = (prog.types.get(p), prog.types.get(a));
    match (pd, ad) {
        (TypeData::Named(pn), TypeData::Named(an)) => {
            if let (Some(po), Some(ao)) = (pn.origin, an.origin) {
                if po == ao {
                    for (&x, &y) in pn.type_args.iter().zip(an.type_args.iter()) {
                        unify(prog, tps, bound, x, y, d);
                    }
                }
            }
        }
        (TypeData::Named(_), _) => {}
        (_, TypeData::Named(_)) => {
            let u = prog.underlying(a);
            if u != a {
                unify(prog, tps, bound, p, u, d);
            }
        }
        (TypeData::Pointer(x), TypeData::Pointer(y)) | (TypeData::Slice(x), TypeData::Slice(y)) => {
            unify(prog, tps, bound, *x, *y, d)
        }
        (TypeData::Array(_, x), TypeData::Array(_, y)) => unify(prog, tps, bound, *x, *y, d),
        (TypeData::Map(k1, v1), TypeData::Map(k2, v2)) => {
            unify(prog, tps, bound, *k1, *k2, d);
            unify(prog, tps, bound, *v1, *v2, d);
        }
        (TypeData::Chan(pd, x), TypeData::Chan(ad, y)) if *pd == *ad || *ad == ChanDir::Both => {
            unify(prog, tps, bound, *x, *y, d)
        }
        (TypeData::Signature(x), TypeData::Signature(y)) => {
            for (&u, &v) in x.params.iter().zip(y.params.iter()) {
                unify(prog, tps, bound, u, v, d);
            }
            for (&u, &v) in x.results.iter().zip(y.results.iter()) {
                unify(prog, tps, bound, u, v, d);
            }
        }
        _ => {}
    }
}
