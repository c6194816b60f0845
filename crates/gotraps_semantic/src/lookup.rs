//! Field and method lookup through embedding (promoted fields and methods), method
//! sets of named types and instances, interface method sets, core types.

use crate::check::name_key;
use crate::objects::{ObjFlags, ObjId, ObjKind};
use crate::program::Program;
use crate::types::{TypeData, TypeId};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// The result of looking up `x.name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The field or method found.
    pub obj: ObjId,
    /// Embedded fields traversed to reach it (outermost first); empty when declared
    /// directly on the type.
    pub path: Vec<ObjId>,
    /// A pointer was dereferenced on the way (the operand or an embedded field).
    pub indirect: bool,
}

/// Looks up field or method `name` in `t` (or `*t`) following Go's depth rules: the
/// shallowest match wins, two matches at the same depth are ambiguous (`None`).
pub fn lookup_field_or_method(prog: &Program, t: TypeId, name: &str) -> Option<Selection> {
    if name == "_" || t.is_invalid() {
        return None;
    }
    let (start, mut indirect) = match prog.types.get(t) {
        TypeData::Pointer(el) if matches!(prog.types.get(*el), TypeData::Named(_) | TypeData::TypeParam(_)) => {
            (*el, true)
        }
        TypeData::Pointer(el) => match prog.types.get(prog.underlying(*el)) {
            TypeData::Struct(_) => (*el, true),
            _ => (t, false),
        },
        _ => (t, false),
    };
    // Fast path: declared directly on the type (no allocation).
    if let TypeData::Named(n) = prog.types.get(start) {
        if let Some(m) = find_by_name(prog, named_methods(prog, start), &n.method_keys, name) {
            return Some(Selection { obj: m, path: Vec::new(), indirect });
        }
    }
    if let TypeData::Struct(st) = prog.types.get(prog.underlying(start)) {
        if let Some(f) = find_by_name(prog, &st.fields, &st.field_keys, name) {
            return Some(Selection { obj: f, path: Vec::new(), indirect });
        }
        if !st.fields.iter().any(|&f| prog.obj(f).is_embedded()) {
            return None;
        }
    }
    let mut current: Vec<(TypeId, Vec<ObjId>, bool)> = vec![(start, Vec::new(), indirect)];
    let mut seen: FxHashSet<TypeId> = FxHashSet::default();
    for _depth in 0..16 {
        let mut found: Option<Selection> = None;
        let mut ambiguous = false;
        let mut next = Vec::new();
        for (typ, path, ind) in current {
            let mut typ = typ;
            if let TypeData::Named(_) = prog.types.get(typ) {
                if !seen.insert(typ) {
                    continue;
                }
                if let Some(m) = named_methods(prog, typ).iter().copied().find(|&m| prog.obj_name_is(m, name)) {
                    if found.is_some() {
                        ambiguous = true;
                    }
                    found = Some(Selection { obj: m, path: path.clone(), indirect: ind });
                    continue;
                }
            }
            if let TypeData::TypeParam(_) = prog.types.get(typ) {
                // Methods of the constraint first (`[T interface{ ~uint32; String() string }]`).
                let iface = prog.underlying(typ);
                if let Some(m) = interface_methods(prog, iface).iter().copied().find(|&m| prog.obj_name_is(m, name)) {
                    if found.is_some() {
                        ambiguous = true;
                    }
                    found = Some(Selection { obj: m, path: path.clone(), indirect: ind });
                    continue;
                }
                match core_type(prog, typ) {
                    Some(c) if !matches!(prog.types.get(prog.underlying(c)), TypeData::Interface(_)) => typ = c,
                    _ => {}
                }
            }
            match prog.types.get(prog.underlying(typ)) {
                TypeData::Struct(st) => {
                    for &f in st.fields.iter() {
                        let fo = prog.obj(f);
                        if prog.obj_name_is(f, name) {
                            if found.is_some() {
                                ambiguous = true;
                            }
                            found = Some(Selection { obj: f, path: path.clone(), indirect: ind });
                        }
                        if fo.flags.has(ObjFlags::EMBEDDED) {
                            let ft = prog.obj_type(f);
                            let (inner, ptr) = match prog.types.get(ft) {
                                TypeData::Pointer(el) => (*el, true),
                                _ => (ft, false),
                            };
                            let mut p = path.clone();
                            p.push(f);
                            next.push((inner, p, ind || ptr));
                        }
                    }
                }
                TypeData::Interface(_) => {
                    let iface = prog.underlying(typ);
                    if let Some(m) = interface_methods(prog, iface).iter().copied().find(|&m| prog.obj_name_is(m, name))
                    {
                        if found.is_some() {
                            ambiguous = true;
                        }
                        found = Some(Selection { obj: m, path: path.clone(), indirect: ind });
                    }
                }
                _ => {}
            }
        }
        if ambiguous {
            return None;
        }
        if found.is_some() {
            return found;
        }
        if next.is_empty() {
            return None;
        }
        indirect = false;
        current = next;
    }
    let _ = indirect;
    None
}

/// The first of `members` named `name`. Types have dozens of methods: comparing the
/// members' name keys (`keys`, filled on first use) decides without reading each member
/// object and its name, which the plain scan did 15 million times on GOROOT/src.
fn find_by_name(prog: &Program, members: &[ObjId], keys: &OnceLock<Box<[u64]>>, name: &str) -> Option<ObjId> {
    if members.len() <= 4 {
        return members.iter().copied().find(|&m| prog.obj_name_is(m, name));
    }
    let keys = keys.get_or_init(|| members.iter().map(|&m| name_key(prog.obj_name(m))).collect());
    let key = name_key(name);
    let mut candidates = keys.iter().zip(members).filter(|(k, _)| **k == key);
    candidates.find(|(_, &m)| name.len() < 8 || prog.obj_name(m) == name).map(|(_, &m)| m)
}

/// Declared methods of a named type or instance (instantiated for instances).
pub fn named_methods(prog: &Program, t: TypeId) -> &[ObjId] {
    let TypeData::Named(n) = prog.types.get(t) else { return &[] };
    if let Some(m) = n.methods.get() {
        return m;
    }
    match n.origin {
        Some(origin) => {
            let generic = named_methods(prog, origin);
            let tps = crate::subst::type_params_of(prog, origin);
            let map: Vec<(TypeId, TypeId)> = tps.iter().copied().zip(n.type_args.iter().copied()).collect();
            let inst: Vec<ObjId> = generic.iter().map(|&m| crate::subst::instantiate_object(prog, m, &map)).collect();
            let _ = n.methods.set(inst.into());
        }
        None => {
            // Package-level named types get their methods at collection; resolve the
            // declaration in case this is one not seen yet.
            prog.obj_type(n.obj);
            let _ = n.methods.set(Box::new([]));
        }
    }
    n.methods.get().map(|m| &m[..]).unwrap_or(&[])
}

/// All methods of an interface (explicit and embedded), sorted by name.
pub fn interface_methods(prog: &Program, iface: TypeId) -> &[ObjId] {
    let TypeData::Interface(it) = prog.types.get(iface) else { return &[] };
    it.all_methods.get_or_init(|| {
        let mut all: Vec<ObjId> = it.methods.to_vec();
        let mut stack: Vec<TypeId> = it.embeds.to_vec();
        let mut seen = FxHashSet::default();
        while let Some(e) = stack.pop() {
            if !seen.insert(e) || seen.len() > 64 {
                continue;
            }
            let u = prog.underlying(e);
            if let TypeData::Interface(inner) = prog.types.get(u) {
                all.extend(inner.methods.iter().copied());
                stack.extend(inner.embeds.iter().copied());
            }
        }
        all.sort_by(|&a, &b| prog.obj_name(a).cmp(prog.obj_name(b)));
        all.dedup_by(|a, b| prog.obj_name(*a) == prog.obj_name(*b));
        all.into()
    })
}

/// The single underlying type a type parameter's constraint allows (`~[]E` -> `[]E`),
/// or `None` (method-only or union constraints).
pub fn core_type(prog: &Program, t: TypeId) -> Option<TypeId> {
    let TypeData::TypeParam(tp) = prog.types.get(t) else { return Some(t) };
    let c = tp.constraint.load(std::sync::atomic::Ordering::Acquire);
    if c >= crate::types::IN_PROGRESS {
        return None;
    }
    let TypeData::Interface(it) = prog.types.get(prog.underlying(TypeId(c))) else { return None };
    let terms: Vec<TypeId> = it
        .embeds
        .iter()
        .copied()
        .filter(|&e| !matches!(prog.types.get(prog.underlying(e)), TypeData::Interface(_)))
        .collect();
    match terms[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// Whether the method set of `t` has a method named `name` (value receivers for values,
/// all methods for pointers), following embedding.
pub fn has_method(prog: &Program, t: TypeId, name: &str) -> bool {
    match lookup_field_or_method(prog, t, name) {
        Some(s) => {
            let o = prog.obj(s.obj);
            o.kind == ObjKind::Func
                && (!o.flags.has(ObjFlags::PTR_RECV)
                    || s.indirect
                    || matches!(prog.types.get(t), TypeData::Pointer(_))
                    || !s.path.is_empty())
        }
        None => false,
    }
}

/// The non-interface terms of a type parameter's constraint (`~[]byte | string`).
pub fn type_terms(prog: &Program, t: TypeId) -> Vec<TypeId> {
    let TypeData::TypeParam(tp) = prog.types.get(t) else { return vec![t] };
    let c = tp.constraint.load(std::sync::atomic::Ordering::Acquire);
    if c >= crate::types::IN_PROGRESS {
        return Vec::new();
    }
    let TypeData::Interface(it) = prog.types.get(prog.underlying(TypeId(c))) else { return Vec::new() };
    it.embeds
        .iter()
        .copied()
        .filter(|&e| !matches!(prog.types.get(prog.underlying(e)), TypeData::Interface(_)))
        .collect()
}
