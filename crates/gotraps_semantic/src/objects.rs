//! Objects: what a name denotes (go/types' Object). One run-wide table addressed by
//! [`ObjId`]; an object's type is resolved on first use for package-level declarations.

use crate::types::{TypeId, IN_PROGRESS, UNRESOLVED};
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjId(pub u32);

/// A package of the run (index into the program's package table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PkgId(pub u32);

impl PkgId {
    /// Predeclared objects belong to no package.
    pub const UNIVERSE: PkgId = PkgId(u32::MAX);
}

/// A parsed file registered with the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

impl FileId {
    pub const NONE: FileId = FileId(u32::MAX);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjKind {
    /// Variable, parameter or result.
    Var,
    /// Struct field (embedded ones have [`ObjFlags::EMBEDDED`]).
    Field,
    Const,
    /// Type name (defined type, alias or type parameter).
    TypeName,
    /// Function or method (methods have [`ObjFlags::METHOD`]).
    Func,
    /// Imported package name.
    PkgName,
    Label,
    Builtin(Builtin),
    Nil,
}

impl ObjKind {
    /// The kind word of the oracle dump (`tools/gotypesdump`).
    pub fn dump_name(self) -> &'static str {
        match self {
            ObjKind::Var => "var",
            ObjKind::Field => "field",
            ObjKind::Const => "const",
            ObjKind::TypeName => "type",
            ObjKind::Func => "func",
            ObjKind::PkgName => "pkgname",
            ObjKind::Label => "label",
            ObjKind::Builtin(_) => "builtin",
            ObjKind::Nil => "nil",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Append,
    Cap,
    Clear,
    Close,
    Complex,
    Copy,
    Delete,
    Imag,
    Len,
    Make,
    Max,
    Min,
    New,
    Panic,
    Print,
    Println,
    Real,
    Recover,
    // package unsafe
    Add,
    Alignof,
    Offsetof,
    Sizeof,
    Slice,
    SliceData,
    String,
    StringData,
}

/// Bit flags on objects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ObjFlags(pub u16);

impl ObjFlags {
    pub const EMBEDDED: u16 = 1;
    pub const METHOD: u16 = 2;
    pub const PARAM: u16 = 4;
    pub const RESULT: u16 = 8;
    pub const ALIAS: u16 = 16;
    pub const PACKAGE_LEVEL: u16 = 32;
    /// A variable declared by a `for` clause or `range` clause.
    pub const LOOP_VAR: u16 = 64;
    /// A type-switch clause variable (`switch x := y.(type)`).
    pub const IMPLICIT: u16 = 128;
    /// A pointer receiver (on METHOD funcs).
    pub const PTR_RECV: u16 = 256;
    /// The receiver variable of a method.
    pub const RECEIVER: u16 = 512;
    /// A type parameter's TypeName.
    pub const TYPE_PARAM: u16 = 1024;

    #[inline]
    pub fn has(self, f: u16) -> bool {
        self.0 & f != 0
    }
}

/// Where an object's name is spelled.
#[derive(Clone, Debug)]
pub enum Name {
    Static(&'static str),
    Src { file: FileId, start: u32, len: u32 },
    Owned(Box<str>),
}

/// A declared entity. Fields are public for reading; the type is reached through
/// [`crate::Program::obj_type`] because package-level types resolve lazily.
#[derive(Debug)]
pub struct Object {
    pub kind: ObjKind,
    pub flags: ObjFlags,
    pub name: Name,
    pub pkg: PkgId,
    /// File and byte offset of the declaring identifier (FileId::NONE for predeclared
    /// and synthesized objects).
    pub file: FileId,
    pub offset: u32,
    pub(crate) ty: AtomicU32,
    /// Kind-specific: const value index, PkgName target package, method receiver base
    /// type, instantiated object's origin.
    pub(crate) aux: AtomicU32,
}

pub(crate) const NO_AUX: u32 = u32::MAX;

impl Object {
    pub(crate) fn new(kind: ObjKind, name: Name, pkg: PkgId, file: FileId, offset: u32, ty: Option<TypeId>) -> Self {
        Object {
            kind,
            flags: ObjFlags::default(),
            name,
            pkg,
            file,
            offset,
            ty: AtomicU32::new(ty.map_or(UNRESOLVED, |t| t.0)),
            aux: AtomicU32::new(NO_AUX),
        }
    }
    pub(crate) fn with_flags(mut self, f: u16) -> Self {
        self.flags.0 |= f;
        self
    }
    pub(crate) fn ty_raw(&self) -> u32 {
        self.ty.load(Ordering::Acquire)
    }
    pub(crate) fn set_ty(&self, t: TypeId) {
        self.ty.store(t.0, Ordering::Release);
    }
    pub(crate) fn mark_in_progress(&self) {
        self.ty.store(IN_PROGRESS, Ordering::Release);
    }
    pub(crate) fn aux(&self) -> Option<u32> {
        let a = self.aux.load(Ordering::Acquire);
        (a != NO_AUX).then_some(a)
    }
    pub(crate) fn set_aux(&self, a: u32) {
        self.aux.store(a, Ordering::Release);
    }
    pub fn is_method(&self) -> bool {
        self.flags.has(ObjFlags::METHOD)
    }
    pub fn is_embedded(&self) -> bool {
        self.flags.has(ObjFlags::EMBEDDED)
    }
    pub fn is_package_level(&self) -> bool {
        self.flags.has(ObjFlags::PACKAGE_LEVEL)
    }
}
