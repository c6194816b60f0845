//! The checker: name resolution and typing over one package's files. The same code
//! resolves package-level declarations lazily (no recording, no function bodies) and
//! checks a target package completely (recording what every identifier and
//! expression means; see [`Record`]).

mod call;
mod decl;
mod expr;
mod stmt;
mod typexpr;

use crate::collect::PackageData;
use crate::constant::ConstVal;
use crate::objects::{Name, ObjFlags, ObjId, ObjKind, Object, PkgId};
use crate::program::Program;
use crate::recorded::RecordedMap;
use crate::types::{TypeData, TypeId};
use gotraps_syntax::ast::{ExprId, Ident, StmtId};
use gotraps_syntax::File;
use rustc_hash::FxHashMap;

pub(crate) use decl::{check_package, resolve_decl};

/// What the checker found in a target package, per file.
#[derive(Default, Debug)]
pub struct Record {
    /// Identifier offset -> object it defines or uses (read while checking, to find
    /// callees, so a hash map: sized for the file before checking).
    pub idents: Vec<FxHashMap<u32, ObjId>>,
    /// ExprId -> type (`TypeId::INVALID` when unknown or not an expression of interest).
    pub types: Vec<Vec<TypeId>>,
    /// FuncLit ExprId -> variables it captures from enclosing functions, in first-use order.
    pub captures: Vec<FxHashMap<ExprId, Vec<ObjId>>>,
    /// Call ExprId -> the function or method object it calls statically, indexed by
    /// expression ([`NO_CALLEE`] where none is known): rules ask this of most calls, and
    /// an index is cheaper than a search.
    pub callees: Vec<Vec<ObjId>>,
    /// Every function body: (file, FuncDecl index or FuncLit expr, body).
    pub bodies: Vec<Body>,
    /// FuncDecl index -> its object, per file.
    pub func_objs: Vec<FxHashMap<u32, ObjId>>,
    /// Constant values of expressions that are constants (only integers are kept).
    pub int_consts: Vec<RecordedMap<ExprId, i128>>,
}

/// The entry of [`Record::callees`] for an expression with no known callee.
pub const NO_CALLEE: ObjId = ObjId(u32::MAX);

/// A function body checked in the target package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Body {
    pub file: u32,
    pub owner: BodyOwner,
    pub body: StmtId,
    /// The function's signature type.
    pub sig: TypeId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyOwner {
    /// Index into `file.decls` of a FuncDecl.
    Decl(u32),
    /// A function literal.
    Lit(ExprId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Invalid,
    NoValue,
    Value,
    /// Addressable variable.
    Var,
    MapIndex,
    /// A value that may be used in a two-value assignment (`v, ok`).
    CommaOk,
    Const,
    Type,
    Builtin(crate::objects::Builtin),
    PkgName(Option<PkgId>),
}

#[derive(Clone, Debug)]
pub(crate) struct Operand {
    pub mode: Mode,
    pub ty: TypeId,
    pub val: Option<ConstVal>,
}

impl Operand {
    pub fn invalid() -> Operand {
        Operand { mode: Mode::Invalid, ty: TypeId::INVALID, val: None }
    }
    pub fn value(ty: TypeId) -> Operand {
        Operand { mode: Mode::Value, ty, val: None }
    }
    pub fn konst(ty: TypeId, val: ConstVal) -> Operand {
        Operand { mode: Mode::Const, ty, val: Some(val) }
    }
}

/// A local name in scope. Lookups scan these from the innermost out, once per
/// identifier, so each carries a key that decides most comparisons without reading
/// the text (see [`name_key`]).
struct Local<'a> {
    name: &'a str,
    key: u64,
    obj: ObjId,
}

impl<'a> Local<'a> {
    fn new(name: &'a str, obj: ObjId) -> Self {
        Local { name, key: name_key(name), obj }
    }

    #[inline]
    fn is(&self, name: &str, key: u64) -> bool {
        self.key == key && (name.len() < 8 || self.name == name)
    }
}

/// The length and first seven bytes of a name in one word: equal keys mean equal names
/// for names shorter than eight bytes, and different keys always mean different names.
#[inline]
pub(crate) fn name_key(name: &str) -> u64 {
    let b = name.as_bytes();
    let mut k = (b.len().min(255) as u64) << 56;
    for (i, &c) in b.iter().take(7).enumerate() {
        k |= (c as u64) << (8 * i);
    }
    k
}

pub(crate) struct FuncCtx {
    sig: TypeId,
    locals_base: usize,
    lit: Option<ExprId>,
    captures: Vec<ObjId>,
    labels: FxHashMap<Box<str>, ObjId>,
    pending_labels: Vec<Ident>,
}

pub(crate) struct Checker<'a> {
    pub prog: &'a Program,
    pub pkg: &'a PackageData,
    pub fi: usize,
    pub file: &'a File,
    pub rec: Option<&'a mut Record>,
    locals: Vec<Local<'a>>,
    marks: Vec<usize>,
    funcs: Vec<FuncCtx>,
    pub iota: Option<i128>,
}

impl<'a> Checker<'a> {
    pub fn new(prog: &'a Program, pkg: &'a PackageData, fi: usize, rec: Option<&'a mut Record>) -> Self {
        Checker {
            prog,
            pkg,
            fi,
            file: &pkg.files[fi],
            rec,
            locals: Vec::new(),
            marks: Vec::new(),
            funcs: Vec::new(),
            iota: None,
        }
    }

    pub fn recording(&self) -> bool {
        self.rec.is_some()
    }

    // ---- recording --------------------------------------------------------------

    pub fn record_ident(&mut self, id: Ident, obj: ObjId) {
        let fi = self.fi;
        if let Some(r) = self.rec.as_deref_mut() {
            r.idents[fi].insert(id.span.start, obj);
        }
    }

    pub fn record_type(&mut self, e: ExprId, t: TypeId) {
        let fi = self.fi;
        if let Some(r) = self.rec.as_deref_mut() {
            if let Some(slot) = r.types[fi].get_mut(e.index()) {
                *slot = t;
            }
        }
    }

    pub fn record_callee(&mut self, call: ExprId, obj: ObjId) {
        let fi = self.fi;
        if let Some(r) = self.rec.as_deref_mut() {
            if let Some(slot) = r.callees[fi].get_mut(call.index()) {
                *slot = obj;
            }
        }
    }

    // ---- scopes -------------------------------------------------------------------

    pub fn open_scope(&mut self) {
        self.marks.push(self.locals.len());
    }

    pub fn close_scope(&mut self) {
        let m = self.marks.pop().unwrap_or(0);
        self.locals.truncate(m);
    }

    fn scope_start(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    /// Declares `obj` under `id`'s name in the innermost scope (blank names are not
    /// declared but still recorded).
    pub fn declare(&mut self, id: Ident, obj: ObjId) {
        self.record_ident(id, obj);
        let name = self.file.name(id);
        if name != "_" {
            self.locals.push(Local::new(name, obj));
        }
    }

    /// The object `name` denotes in the innermost scope only (for `:=` redeclaration).
    pub fn lookup_innermost(&self, name: &str) -> Option<ObjId> {
        let key = name_key(name);
        self.locals[self.scope_start()..].iter().rev().find(|l| l.is(name, key)).map(|l| l.obj)
    }

    /// Creates a local object named by `id` in the current file.
    pub fn new_local(&self, kind: ObjKind, id: Ident, ty: Option<TypeId>, flags: u16) -> ObjId {
        let fid = self.pkg.file_ids[self.fi];
        let o = Object::new(
            kind,
            Name::Src { file: fid, start: id.span.start, len: id.span.len() },
            self.pkg.id,
            fid,
            id.span.start,
            ty,
        )
        .with_flags(flags);
        self.prog.new_obj(o)
    }

    /// Resolves a name: locals, package scope, file imports, universe.
    pub fn lookup(&mut self, name: &str) -> Option<ObjId> {
        let key = name_key(name);
        if let Some(i) = self.locals.iter().rposition(|l| l.is(name, key)) {
            let obj = self.locals[i].obj;
            self.note_capture(i, obj);
            return Some(obj);
        }
        if let Some(&o) = self.pkg.scope.get(name) {
            return Some(o);
        }
        if let Some(o) = self.lookup_import(name) {
            return Some(o);
        }
        self.prog.universe.scope.get(name).copied()
    }

    fn note_capture(&mut self, local_index: usize, obj: ObjId) {
        if self.funcs.is_empty() || self.prog.obj(obj).kind != ObjKind::Var {
            return;
        }
        for f in self.funcs.iter_mut().rev() {
            if f.lit.is_none() || local_index >= f.locals_base {
                break;
            }
            if !f.captures.contains(&obj) {
                f.captures.push(obj);
            }
        }
    }

    fn lookup_import(&mut self, name: &str) -> Option<ObjId> {
        let imports = self.pkg.imports.get(self.fi)?;
        let names = self.pkg.import_names.get(self.fi)?;
        if let Some(&(_, i)) = names.known.iter().find(|(n, _)| &**n == name) {
            return Some(self.pkg_name_obj(i));
        }
        if names.simple {
            return None;
        }
        for (guess, i) in &names.loaded {
            let i = *i;
            if imports[i].local.as_deref() == Some(".") {
                let target = self.pkg.import_target(self.prog, self.fi, i)?;
                if let Some(&o) = self.prog.package(target).and_then(|p| p.scope.get(name)) {
                    return Some(o);
                }
                continue;
            }
            let target = self.pkg.import_target(self.prog, self.fi, i);
            let real = target.and_then(|t| self.prog.package(t)).map(|p| &*p.name);
            if real.unwrap_or(guess) == name {
                return Some(self.pkg_name_obj(i));
            }
        }
        None
    }

    /// The PkgName object of import `i` of the current file.
    pub fn pkg_name_obj(&self, i: usize) -> ObjId {
        let imp = &self.pkg.imports[self.fi][i];
        *imp.obj.get_or_init(|| {
            let target = self.pkg.import_target(self.prog, self.fi, i);
            let fid = self.pkg.file_ids[self.fi];
            let name = match (&imp.local, imp.name_offset) {
                (Some(l), Some(off)) => Name::Src { file: fid, start: off, len: l.len() as u32 },
                _ => Name::Owned(match target.and_then(|t| self.prog.package(t)) {
                    Some(p) => p.name.clone(),
                    None => guess_package_name(&imp.path).into(),
                }),
            };
            let o = Object::new(
                ObjKind::PkgName,
                name,
                self.pkg.id,
                fid,
                imp.name_offset.unwrap_or(0),
                Some(TypeId::INVALID),
            );
            if let Some(t) = target {
                o.set_aux(t.0);
            }
            self.prog.new_obj(o)
        })
    }

    // ---- function contexts -------------------------------------------------------

    pub fn enter_func(&mut self, sig: TypeId, lit: Option<ExprId>) {
        self.funcs.push(FuncCtx {
            sig,
            locals_base: self.locals.len(),
            lit,
            captures: Vec::new(),
            labels: FxHashMap::default(),
            pending_labels: Vec::new(),
        });
    }

    pub fn leave_func(&mut self) {
        let Some(f) = self.funcs.pop() else { return };
        for id in f.pending_labels {
            if let Some(&l) = f.labels.get(self.file.name(id)) {
                self.record_ident(id, l);
            }
        }
        let fi = self.fi;
        if let (Some(lit), Some(r)) = (f.lit, self.rec.as_deref_mut()) {
            r.captures[fi].insert(lit, f.captures);
        }
    }

    pub fn current_sig(&self) -> Option<TypeId> {
        self.funcs.last().map(|f| f.sig)
    }

    pub fn declare_label(&mut self, id: Ident) {
        let obj = self.new_local(ObjKind::Label, id, Some(TypeId::INVALID), 0);
        self.record_ident(id, obj);
        let name: Box<str> = self.file.name(id).into();
        if let Some(f) = self.funcs.last_mut() {
            f.labels.entry(name).or_insert(obj);
        }
    }

    pub fn use_label(&mut self, id: Ident) {
        if let Some(f) = self.funcs.last_mut() {
            f.pending_labels.push(id);
        }
    }

    // ---- objects -----------------------------------------------------------------

    /// The type a TypeName denotes (defined types without resolving them).
    pub fn typename_type(&self, obj: ObjId) -> TypeId {
        let o = self.prog.obj(obj);
        if o.kind == ObjKind::TypeName && !o.flags.has(ObjFlags::ALIAS) && !o.flags.has(ObjFlags::TYPE_PARAM) {
            if let Some(a) = o.aux() {
                return TypeId(a);
            }
        }
        self.prog.obj_type(obj)
    }

    pub fn underlying(&self, t: TypeId) -> TypeId {
        self.prog.underlying(t)
    }

    pub fn data(&self, t: TypeId) -> &'a TypeData {
        self.prog.types.get(t)
    }

    /// Underlying type data, with type parameters replaced by their core type.
    pub fn core(&self, t: TypeId) -> &'a TypeData {
        let u = self.prog.underlying(t);
        if let TypeData::Interface(_) = self.prog.types.get(u) {
            if let TypeData::TypeParam(_) = self.prog.types.get(t) {
                if let Some(c) = crate::lookup::core_type(self.prog, t) {
                    return self.prog.types.get(self.prog.underlying(c));
                }
            }
        }
        self.prog.types.get(u)
    }
}

/// The name an import's package most likely declares: the last path element without
/// a major-version suffix (`math/rand/v2` -> `rand`, `gopkg.in/yaml.v3` -> `yaml`).
pub(crate) fn guess_package_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let mut last = parts.next().unwrap_or("");
    if last.len() > 1 && last.starts_with('v') && last[1..].bytes().all(|b| b.is_ascii_digit()) {
        last = parts.next().unwrap_or(last);
    }
    if let Some(i) = last.find(".v") {
        if last[i + 2..].bytes().all(|b| b.is_ascii_digit()) {
            last = &last[..i];
        }
    }
    last.strip_prefix("go-").unwrap_or(last)
}
