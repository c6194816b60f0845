//! Types: one run-wide table of [`TypeData`] addressed by [`TypeId`].
//!
//! Composite types without identity of their own (pointers, slices, maps, channels,
//! signatures, tuples, generic instances) are interned, so equal ids mean identical
//! types for them. Named types, type parameters, structs and interfaces are created per
//! declaration (their fields and methods are objects with positions); use
//! [`crate::Program::identical`] for type identity in general.

use crate::arena::AppendVec;
use crate::objects::ObjId;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

pub use gotraps_syntax::ast::ChanDir;

/// Index of a type in the run's type table. `TypeId::INVALID` stands for "unknown":
/// malformed code, unresolved imports and unsupported forms all end there, and rules
/// must treat it as "no information" (never as a finding on its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// Predeclared and untyped basic kinds. `TypeId(kind as u32)` is the basic type itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum BasicKind {
    Invalid,
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    Complex64,
    Complex128,
    String,
    UnsafePointer,
    UntypedBool,
    UntypedInt,
    UntypedRune,
    UntypedFloat,
    UntypedComplex,
    UntypedString,
    UntypedNil,
}

pub const BASIC_KINDS: [BasicKind; 26] = {
    use BasicKind::*;
    [
        Invalid,
        Bool,
        Int,
        Int8,
        Int16,
        Int32,
        Int64,
        Uint,
        Uint8,
        Uint16,
        Uint32,
        Uint64,
        Uintptr,
        Float32,
        Float64,
        Complex64,
        Complex128,
        String,
        UnsafePointer,
        UntypedBool,
        UntypedInt,
        UntypedRune,
        UntypedFloat,
        UntypedComplex,
        UntypedString,
        UntypedNil,
    ]
};

impl BasicKind {
    pub fn name(self) -> &'static str {
        use BasicKind::*;
        match self {
            Invalid => "invalid type",
            Bool => "bool",
            Int => "int",
            Int8 => "int8",
            Int16 => "int16",
            Int32 => "int32",
            Int64 => "int64",
            Uint => "uint",
            Uint8 => "uint8",
            Uint16 => "uint16",
            Uint32 => "uint32",
            Uint64 => "uint64",
            Uintptr => "uintptr",
            Float32 => "float32",
            Float64 => "float64",
            Complex64 => "complex64",
            Complex128 => "complex128",
            String => "string",
            UnsafePointer => "unsafe.Pointer",
            UntypedBool => "untyped bool",
            UntypedInt => "untyped int",
            UntypedRune => "untyped rune",
            UntypedFloat => "untyped float",
            UntypedComplex => "untyped complex",
            UntypedString => "untyped string",
            UntypedNil => "untyped nil",
        }
    }

    pub fn is_untyped(self) -> bool {
        self >= BasicKind::UntypedBool
    }
    pub fn is_integer(self) -> bool {
        use BasicKind::*;
        matches!(
            self,
            Int | Int8
                | Int16
                | Int32
                | Int64
                | Uint
                | Uint8
                | Uint16
                | Uint32
                | Uint64
                | Uintptr
                | UntypedInt
                | UntypedRune
        )
    }
    pub fn is_float(self) -> bool {
        matches!(self, BasicKind::Float32 | BasicKind::Float64 | BasicKind::UntypedFloat)
    }
    pub fn is_complex(self) -> bool {
        matches!(self, BasicKind::Complex64 | BasicKind::Complex128 | BasicKind::UntypedComplex)
    }
    pub fn is_numeric(self) -> bool {
        self.is_integer() || self.is_float() || self.is_complex()
    }
    pub fn is_string(self) -> bool {
        matches!(self, BasicKind::String | BasicKind::UntypedString)
    }
    pub fn is_boolean(self) -> bool {
        matches!(self, BasicKind::Bool | BasicKind::UntypedBool)
    }
    /// The type an untyped constant of this kind gets when nothing else decides.
    pub fn default_type(self) -> BasicKind {
        use BasicKind::*;
        match self {
            UntypedBool => Bool,
            UntypedInt => Int,
            UntypedRune => Int32,
            UntypedFloat => Float64,
            UntypedComplex => Complex128,
            UntypedString => String,
            k => k,
        }
    }
}

impl TypeId {
    pub const INVALID: TypeId = TypeId(0);
    pub const BOOL: TypeId = TypeId(BasicKind::Bool as u32);
    pub const INT: TypeId = TypeId(BasicKind::Int as u32);
    pub const INT32: TypeId = TypeId(BasicKind::Int32 as u32);
    pub const INT64: TypeId = TypeId(BasicKind::Int64 as u32);
    pub const UINT8: TypeId = TypeId(BasicKind::Uint8 as u32);
    pub const UINTPTR: TypeId = TypeId(BasicKind::Uintptr as u32);
    pub const FLOAT64: TypeId = TypeId(BasicKind::Float64 as u32);
    pub const STRING: TypeId = TypeId(BasicKind::String as u32);
    pub const UNSAFE_POINTER: TypeId = TypeId(BasicKind::UnsafePointer as u32);
    pub const UNTYPED_BOOL: TypeId = TypeId(BasicKind::UntypedBool as u32);
    pub const UNTYPED_INT: TypeId = TypeId(BasicKind::UntypedInt as u32);
    pub const UNTYPED_RUNE: TypeId = TypeId(BasicKind::UntypedRune as u32);
    pub const UNTYPED_FLOAT: TypeId = TypeId(BasicKind::UntypedFloat as u32);
    pub const UNTYPED_STRING: TypeId = TypeId(BasicKind::UntypedString as u32);
    pub const UNTYPED_NIL: TypeId = TypeId(BasicKind::UntypedNil as u32);
    /// `interface{}` (what `any` denotes).
    pub const EMPTY_INTERFACE: TypeId = TypeId(BASIC_KINDS.len() as u32);
    /// The predeclared `error`.
    pub const ERROR: TypeId = TypeId(BASIC_KINDS.len() as u32 + 1);
    /// The predeclared `comparable`.
    pub const COMPARABLE: TypeId = TypeId(BASIC_KINDS.len() as u32 + 2);

    #[inline]
    pub fn is_invalid(self) -> bool {
        self == TypeId::INVALID
    }
    #[inline]
    pub fn basic(k: BasicKind) -> TypeId {
        TypeId(k as u32)
    }
}

/// A function signature. The receiver is not part of it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    pub params: Box<[TypeId]>,
    pub results: Box<[TypeId]>,
    /// The last parameter is `...T` (its type is stored as `[]T`).
    pub variadic: bool,
    /// Type parameters of a generic function (TypeParam types).
    pub type_params: Box<[TypeId]>,
}

#[derive(Debug)]
pub struct StructType {
    /// Field objects in declaration order (embedded fields have the EMBEDDED flag).
    pub fields: Box<[ObjId]>,
    /// Name keys of `fields`, computed on the first lookup by name.
    pub(crate) field_keys: OnceLock<Box<[u64]>>,
}

impl StructType {
    pub(crate) fn new(fields: Box<[ObjId]>) -> Self {
        StructType { fields, field_keys: OnceLock::new() }
    }
}

#[derive(Debug)]
pub struct InterfaceType {
    /// Methods declared in the interface itself.
    pub methods: Box<[ObjId]>,
    /// Embedded interfaces and type-set terms (`~T`, unions are recorded as has_terms).
    pub embeds: Box<[TypeId]>,
    /// The interface has type terms (a constraint, not a method set).
    pub has_terms: bool,
    /// All methods including those of embedded interfaces, sorted by name; computed on
    /// first use.
    pub(crate) all_methods: OnceLock<Box<[ObjId]>>,
}

/// A defined (named) type, or an instance of a generic one.
#[derive(Debug)]
pub struct NamedType {
    /// The TypeName object.
    pub obj: ObjId,
    /// For an instance `G[A, B]`: the generic type `G`.
    pub origin: Option<TypeId>,
    /// Type arguments of an instance.
    pub type_args: Box<[TypeId]>,
    pub(crate) underlying: AtomicU32,
    pub(crate) type_params: OnceLock<Box<[TypeId]>>,
    /// Declared methods (of the origin type); of an instance: instantiated on first use.
    pub(crate) methods: OnceLock<Box<[ObjId]>>,
    /// Name keys of `methods`, computed on the first lookup by name.
    pub(crate) method_keys: OnceLock<Box<[u64]>>,
}

pub(crate) const UNRESOLVED: u32 = u32::MAX;
pub(crate) const IN_PROGRESS: u32 = u32::MAX - 1;

impl NamedType {
    pub(crate) fn new(obj: ObjId, origin: Option<TypeId>, type_args: Box<[TypeId]>) -> Self {
        NamedType {
            obj,
            origin,
            type_args,
            underlying: AtomicU32::new(UNRESOLVED),
            type_params: OnceLock::new(),
            methods: OnceLock::new(),
            method_keys: OnceLock::new(),
        }
    }
    pub(crate) fn underlying_raw(&self) -> u32 {
        self.underlying.load(Ordering::Acquire)
    }
    pub(crate) fn set_underlying(&self, t: TypeId) {
        self.underlying.store(t.0, Ordering::Release);
    }
}

#[derive(Debug)]
pub struct TypeParamType {
    pub obj: ObjId,
    pub index: u32,
    pub(crate) constraint: AtomicU32,
}

#[derive(Debug)]
pub enum TypeData {
    Basic(BasicKind),
    Pointer(TypeId),
    Slice(TypeId),
    /// Length `None` when it could not be evaluated.
    Array(Option<u64>, TypeId),
    Map(TypeId, TypeId),
    Chan(ChanDir, TypeId),
    Signature(Signature),
    /// Results of a multi-value call.
    Tuple(Box<[TypeId]>),
    Struct(StructType),
    Interface(InterfaceType),
    Named(NamedType),
    TypeParam(TypeParamType),
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Pointer(TypeId),
    Slice(TypeId),
    Array(Option<u64>, TypeId),
    Map(TypeId, TypeId),
    Chan(ChanDir, TypeId),
    Signature(Signature),
    Tuple(Box<[TypeId]>),
    Instance(TypeId, Box<[TypeId]>),
}

const SHARDS: usize = 16;

/// The run-wide type table.
pub struct TypeTable {
    data: AppendVec<TypeData>,
    interned: [Mutex<FxHashMap<Key, TypeId>>; SHARDS],
}

impl TypeTable {
    pub(crate) fn new() -> Self {
        TypeTable { data: AppendVec::default(), interned: std::array::from_fn(|_| Mutex::new(FxHashMap::default())) }
    }

    #[inline]
    pub fn get(&self, t: TypeId) -> &TypeData {
        static INVALID: TypeData = TypeData::Basic(BasicKind::Invalid);
        self.data.get(t.0 as usize).unwrap_or(&INVALID)
    }

    /// Adds a type with identity of its own (named, struct, interface, type parameter).
    pub(crate) fn add(&self, d: TypeData) -> TypeId {
        TypeId(self.data.push(d) as u32)
    }

    fn intern(&self, key: Key, make: impl FnOnce() -> TypeData) -> TypeId {
        let mut h = FxHasher::default();
        key.hash(&mut h);
        let shard = &self.interned[(h.finish() as usize) % SHARDS];
        let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&t) = map.get(&key) {
            return t;
        }
        let t = self.add(make());
        map.insert(key, t);
        t
    }

    pub fn pointer(&self, elem: TypeId) -> TypeId {
        self.intern(Key::Pointer(elem), || TypeData::Pointer(elem))
    }
    pub fn slice(&self, elem: TypeId) -> TypeId {
        self.intern(Key::Slice(elem), || TypeData::Slice(elem))
    }
    pub fn array(&self, len: Option<u64>, elem: TypeId) -> TypeId {
        self.intern(Key::Array(len, elem), || TypeData::Array(len, elem))
    }
    pub fn map(&self, key: TypeId, value: TypeId) -> TypeId {
        self.intern(Key::Map(key, value), || TypeData::Map(key, value))
    }
    pub fn chan(&self, dir: ChanDir, elem: TypeId) -> TypeId {
        self.intern(Key::Chan(dir, elem), || TypeData::Chan(dir, elem))
    }
    pub fn tuple(&self, elems: Box<[TypeId]>) -> TypeId {
        self.intern(Key::Tuple(elems.clone()), || TypeData::Tuple(elems))
    }
    pub fn signature(&self, sig: Signature) -> TypeId {
        if !sig.type_params.is_empty() {
            // Generic signatures own their type parameters: never shared.
            return self.add(TypeData::Signature(sig));
        }
        self.intern(Key::Signature(sig.clone()), || TypeData::Signature(sig))
    }
    /// The instance `origin[args]`, created once per distinct argument list.
    pub(crate) fn instance(&self, origin: TypeId, obj: ObjId, args: Box<[TypeId]>) -> TypeId {
        self.intern(Key::Instance(origin, args.clone()), || TypeData::Named(NamedType::new(obj, Some(origin), args)))
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}
