//! The universe scope (predeclared types, constants, nil and builtins) and package
//! `unsafe`.

use crate::collect::PackageData;
use crate::objects::{Builtin, FileId, Name, ObjFlags, ObjId, ObjKind, Object, PkgId};
use crate::program::Program;
use crate::types::{InterfaceType, NamedType, Signature, TypeData, TypeId, BASIC_KINDS};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

#[derive(Default)]
pub(crate) struct Universe {
    pub scope: FxHashMap<&'static str, ObjId>,
    pub invalid_obj: ObjId,
    pub iota: ObjId,
}

const BUILTINS: &[(&str, Builtin)] = &[
    ("append", Builtin::Append),
    ("cap", Builtin::Cap),
    ("clear", Builtin::Clear),
    ("close", Builtin::Close),
    ("complex", Builtin::Complex),
    ("copy", Builtin::Copy),
    ("delete", Builtin::Delete),
    ("imag", Builtin::Imag),
    ("len", Builtin::Len),
    ("make", Builtin::Make),
    ("max", Builtin::Max),
    ("min", Builtin::Min),
    ("new", Builtin::New),
    ("panic", Builtin::Panic),
    ("print", Builtin::Print),
    ("println", Builtin::Println),
    ("real", Builtin::Real),
    ("recover", Builtin::Recover),
];

const UNSAFE_BUILTINS: &[(&str, Builtin)] = &[
    ("Add", Builtin::Add),
    ("Alignof", Builtin::Alignof),
    ("Offsetof", Builtin::Offsetof),
    ("Sizeof", Builtin::Sizeof),
    ("Slice", Builtin::Slice),
    ("SliceData", Builtin::SliceData),
    ("String", Builtin::String),
    ("StringData", Builtin::StringData),
];

fn predeclared(p: &Program, kind: ObjKind, name: &'static str, ty: Option<TypeId>) -> ObjId {
    p.new_obj(Object::new(kind, Name::Static(name), PkgId::UNIVERSE, FileId::NONE, 0, ty))
}

pub(crate) fn init(p: &mut Program) {
    for k in BASIC_KINDS {
        p.types.add(TypeData::Basic(k));
    }
    let invalid_obj = predeclared(p, ObjKind::Nil, "_", Some(TypeId::INVALID));
    let empty = p.types.add(TypeData::Interface(InterfaceType {
        methods: Box::new([]),
        embeds: Box::new([]),
        has_terms: false,
        all_methods: OnceLock::from(Box::<[ObjId]>::from([])),
    }));
    debug_assert_eq!(empty, TypeId::EMPTY_INTERFACE);
    let error_obj = predeclared(p, ObjKind::TypeName, "error", Some(TypeId::ERROR));
    let error = p.types.add(TypeData::Named(NamedType::new(error_obj, None, Box::new([]))));
    debug_assert_eq!(error, TypeId::ERROR);
    let comparable_obj = predeclared(p, ObjKind::TypeName, "comparable", Some(TypeId::COMPARABLE));
    let comparable = p.types.add(TypeData::Named(NamedType::new(comparable_obj, None, Box::new([]))));
    debug_assert_eq!(comparable, TypeId::COMPARABLE);

    let error_sig = p.types.signature(Signature {
        params: Box::new([]),
        results: Box::new([TypeId::STRING]),
        variadic: false,
        type_params: Box::new([]),
    });
    let error_method = predeclared(p, ObjKind::Func, "Error", Some(error_sig));
    let error_iface = p.types.add(TypeData::Interface(InterfaceType {
        methods: Box::new([error_method]),
        embeds: Box::new([]),
        has_terms: false,
        all_methods: OnceLock::from(Box::<[ObjId]>::from([error_method])),
    }));
    let comparable_iface = p.types.add(TypeData::Interface(InterfaceType {
        methods: Box::new([]),
        embeds: Box::new([]),
        has_terms: true,
        all_methods: OnceLock::from(Box::<[ObjId]>::from([])),
    }));
    if let TypeData::Named(n) = p.types.get(TypeId::ERROR) {
        n.set_underlying(error_iface);
        let _ = n.methods.set(Box::new([]));
    }
    if let TypeData::Named(n) = p.types.get(TypeId::COMPARABLE) {
        n.set_underlying(comparable_iface);
        let _ = n.methods.set(Box::new([]));
    }

    let mut scope = FxHashMap::default();
    for k in BASIC_KINDS.iter().take(crate::types::BasicKind::String as usize + 1).skip(1) {
        scope.insert(k.name(), predeclared(p, ObjKind::TypeName, k.name(), Some(TypeId::basic(*k))));
    }
    for (alias, target) in [("byte", TypeId::UINT8), ("rune", TypeId::INT32), ("any", TypeId::EMPTY_INTERFACE)] {
        let o = Object::new(ObjKind::TypeName, Name::Static(alias), PkgId::UNIVERSE, FileId::NONE, 0, Some(target))
            .with_flags(ObjFlags::ALIAS);
        scope.insert(alias, p.new_obj(o));
    }
    scope.insert("error", error_obj);
    scope.insert("comparable", comparable_obj);
    scope.insert("true", predeclared(p, ObjKind::Const, "true", Some(TypeId::UNTYPED_BOOL)));
    scope.insert("false", predeclared(p, ObjKind::Const, "false", Some(TypeId::UNTYPED_BOOL)));
    let iota = predeclared(p, ObjKind::Const, "iota", Some(TypeId::UNTYPED_INT));
    scope.insert("iota", iota);
    scope.insert("nil", predeclared(p, ObjKind::Nil, "nil", Some(TypeId::UNTYPED_NIL)));
    for &(name, b) in BUILTINS {
        scope.insert(name, predeclared(p, ObjKind::Builtin(b), name, Some(TypeId::INVALID)));
    }
    // Values of true and false for constant folding.
    for (name, v) in [("true", true), ("false", false)] {
        let id = p.add_const(crate::constant::ConstVal::Bool(v));
        p.obj(scope[name]).set_aux(id);
    }
    p.universe = Universe { scope, invalid_obj, iota };

    // Package unsafe.
    let _guard = p.locks.load_lock();
    let unsafe_pkg = p.add_package(|id| {
        let mut scope = FxHashMap::default();
        let ptr =
            Object::new(ObjKind::TypeName, Name::Static("Pointer"), id, FileId::NONE, 0, Some(TypeId::UNSAFE_POINTER))
                .with_flags(ObjFlags::PACKAGE_LEVEL);
        scope.insert(Box::<str>::from("Pointer"), p.new_obj(ptr));
        for &(name, b) in UNSAFE_BUILTINS {
            let o = Object::new(ObjKind::Builtin(b), Name::Static(name), id, FileId::NONE, 0, Some(TypeId::INVALID));
            scope.insert(Box::<str>::from(name), p.new_obj(o));
        }
        PackageData::synthetic(id, "unsafe", scope)
    });
    drop(_guard);
    p.unsafe_pkg = unsafe_pkg;
}
