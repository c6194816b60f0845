//! Collecting a package: its files, imports, and one object per package-level
//! declaration, without resolving any type. Resolution happens on first use
//! (see `check::resolve_decl`).

use crate::objects::{FileId, Name, ObjFlags, ObjId, ObjKind, Object, PkgId};
use crate::program::Program;
use crate::types::{NamedType, TypeData, TypeId};
use gotraps_syntax::ast::{Decl, ExprKind, GenTok, Ident, Spec};
use gotraps_syntax::File;
use gotraps_workspace::{GoVersion, ImportResolver};
use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// Where a package-level object is declared (indices into the file's decls/specs).
#[derive(Clone, Copy, Debug)]
pub(crate) enum DeclRef {
    /// `src_spec` holds the type and values (an earlier spec for implicit repetition).
    Const {
        file: u32,
        decl: u32,
        spec: u32,
        src_spec: u32,
        name: u32,
        iota: u32,
    },
    Var {
        file: u32,
        decl: u32,
        spec: u32,
        name: u32,
    },
    Type {
        file: u32,
        decl: u32,
        spec: u32,
    },
    Func {
        file: u32,
        decl: u32,
    },
}

pub(crate) struct Import {
    /// Explicit local name (`.` and `_` included).
    pub local: Option<Box<str>>,
    pub path: Box<str>,
    /// Offset of the explicit name identifier.
    pub name_offset: Option<u32>,
    pub target: OnceLock<Option<PkgId>>,
    pub obj: OnceLock<ObjId>,
}

/// The names a file's imports declare that are known without loading anything, built
/// once at collection: name lookups reach the imports for every predeclared name
/// (`int`, `len`, `nil`), so this must not be rebuilt per lookup or per declaration.
pub(crate) struct ImportNames {
    /// (name, import index) of explicit names and standard-library imports (the last
    /// path element), in import order.
    pub known: Vec<(Box<str>, usize)>,
    /// Imports whose name is known only after loading the package (other unnamed
    /// imports, with the guessed name as a fallback) and dot imports (named `.`), in
    /// import order.
    pub loaded: Vec<(Box<str>, usize)>,
    /// No dot import and no unnamed import outside the standard library: `known` is
    /// complete.
    pub simple: bool,
}

impl ImportNames {
    fn new(imports: &[Import]) -> ImportNames {
        let mut known = Vec::with_capacity(imports.len());
        let mut loaded = Vec::new();
        let mut simple = true;
        for (i, imp) in imports.iter().enumerate() {
            match imp.local.as_deref() {
                Some("_") => {}
                Some(".") => {
                    simple = false;
                    loaded.push((Box::from("."), i))
                }
                Some(l) => known.push((Box::from(l), i)),
                None => {
                    let guess = crate::check::guess_package_name(&imp.path);
                    if gotraps_workspace::is_std_path(&imp.path) {
                        known.push((guess.into(), i));
                        if !guess.is_empty() {
                            continue;
                        }
                    } else {
                        simple = false;
                    }
                    loaded.push((guess.into(), i));
                }
            }
        }
        ImportNames { known, loaded, simple }
    }
}

/// One loaded package. Immutable after collection; types resolve through the program.
pub struct PackageData {
    pub id: PkgId,
    /// Import path.
    pub path: Box<str>,
    /// Package clause name.
    pub name: Box<str>,
    pub dir: Option<PathBuf>,
    pub file_paths: Vec<PathBuf>,
    pub files: Vec<Arc<File>>,
    pub file_ids: Vec<FileId>,
    pub go_version: GoVersion,
    pub(crate) scope: FxHashMap<Box<str>, ObjId>,
    pub(crate) imports: Vec<Vec<Import>>,
    /// Per file, the names of `imports` (see [`ImportNames`]).
    pub(crate) import_names: Vec<ImportNames>,
    pub(crate) decls: FxHashMap<ObjId, DeclRef>,
    /// Package-level objects by (file index, identifier offset).
    pub(crate) decl_at: FxHashMap<(u32, u32), ObjId>,
    /// Defined types of the package in declaration order.
    pub(crate) named: Vec<TypeId>,
    pub(crate) resolver: Arc<ImportResolver>,
}

impl PackageData {
    pub(crate) fn synthetic(id: PkgId, path: &str, scope: FxHashMap<Box<str>, ObjId>) -> Self {
        PackageData {
            id,
            path: path.into(),
            name: path.rsplit('/').next().unwrap_or(path).into(),
            dir: None,
            file_paths: Vec::new(),
            files: Vec::new(),
            file_ids: Vec::new(),
            go_version: GoVersion::new(1, gotraps_workspace::LATEST_GO_MINOR),
            scope,
            imports: Vec::new(),
            import_names: Vec::new(),
            decls: FxHashMap::default(),
            decl_at: FxHashMap::default(),
            named: Vec::new(),
            resolver: Arc::new(ImportResolver::new(None)),
        }
    }

    /// A package-level object by name.
    pub fn lookup(&self, name: &str) -> Option<ObjId> {
        self.scope.get(name).copied()
    }

    /// Names declared at package level, in no particular order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.scope.keys().map(|k| &**k)
    }

    /// The package an import of file `file` refers to (loaded on first use).
    pub(crate) fn import_target(&self, prog: &Program, file: usize, idx: usize) -> Option<PkgId> {
        let imp = self.imports.get(file)?.get(idx)?;
        *imp.target.get_or_init(|| prog.import(self, &imp.path))
    }
}

fn ident_name(_prog: &Program, file: FileId, _f: &File, id: Ident) -> Name {
    Name::Src { file, start: id.span.start, len: id.span.len() }
}

/// The base type name of a receiver type expression and whether it is a pointer.
pub(crate) fn receiver_base(f: &File, mut e: gotraps_syntax::ast::ExprId) -> (Option<Ident>, bool) {
    let mut ptr = false;
    loop {
        match &f.expr(e).kind {
            ExprKind::Paren { x } => e = *x,
            ExprKind::Star { x } => {
                ptr = true;
                e = *x
            }
            ExprKind::Index { x, .. } | ExprKind::IndexList { x, .. } => e = *x,
            ExprKind::Ident(id) => return (Some(*id), ptr),
            _ => return (None, ptr),
        }
    }
}

/// Parses nothing: builds the package's objects and scope from parsed files.
pub(crate) fn collect_package(
    prog: &Program,
    id: PkgId,
    path: &str,
    dir: Option<PathBuf>,
    files: Vec<(PathBuf, Arc<File>)>,
    resolver: Arc<ImportResolver>,
    go_version: Option<GoVersion>,
) -> PackageData {
    let go_version = go_version
        .or_else(|| dir.as_deref().and_then(gotraps_workspace::find_module).map(|m| m.language_version()))
        .unwrap_or(GoVersion::new(1, gotraps_workspace::LATEST_GO_MINOR));
    let mut pkg = PackageData {
        id,
        path: path.into(),
        name: Box::from(""),
        dir,
        file_paths: Vec::with_capacity(files.len()),
        files: Vec::with_capacity(files.len()),
        file_ids: Vec::with_capacity(files.len()),
        go_version,
        scope: FxHashMap::default(),
        imports: Vec::with_capacity(files.len()),
        import_names: Vec::with_capacity(files.len()),
        decls: FxHashMap::default(),
        decl_at: FxHashMap::default(),
        named: Vec::new(),
        resolver,
    };
    let mut methods: Vec<(ObjId, u32, u32)> = Vec::new();
    for (fi, (p, f)) in files.into_iter().enumerate() {
        let fid = prog.add_file(f.clone());
        if pkg.name.is_empty() {
            pkg.name = f.name(f.package_name).into();
        }
        let fi = fi as u32;
        let mut imports = Vec::new();
        for (di, d) in f.decls.iter().enumerate() {
            let di = di as u32;
            match d {
                Decl::Gen(g) => {
                    let mut src_spec = 0u32;
                    for (si, spec) in g.specs.iter().enumerate() {
                        let si = si as u32;
                        match spec {
                            Spec::Import(i) => {
                                let raw = match &f.expr(i.path).kind {
                                    ExprKind::BasicLit { .. } => f.text(f.expr(i.path).span),
                                    _ => "",
                                };
                                let path = raw.trim_matches(|c| c == '"' || c == '`');
                                imports.push(Import {
                                    local: i.name.map(|n| f.name(n).into()),
                                    path: path.into(),
                                    name_offset: i.name.map(|n| n.span.start),
                                    target: OnceLock::new(),
                                    obj: OnceLock::new(),
                                });
                            }
                            Spec::Value(vs) => {
                                if g.tok == GenTok::Const && (vs.typ.is_some() || !vs.values.is_empty()) {
                                    src_spec = si;
                                }
                                for (ni, &n) in vs.names.iter().enumerate() {
                                    let (kind, r) = if g.tok == GenTok::Const {
                                        let r = DeclRef::Const {
                                            file: fi,
                                            decl: di,
                                            spec: si,
                                            src_spec,
                                            name: ni as u32,
                                            iota: si,
                                        };
                                        (ObjKind::Const, r)
                                    } else {
                                        (ObjKind::Var, DeclRef::Var { file: fi, decl: di, spec: si, name: ni as u32 })
                                    };
                                    let o =
                                        Object::new(kind, ident_name(prog, fid, &f, n), id, fid, n.span.start, None)
                                            .with_flags(ObjFlags::PACKAGE_LEVEL);
                                    let oid = prog.new_obj(o);
                                    pkg.declare(&f, n, oid, fi, r);
                                }
                            }
                            Spec::Type(ts) => {
                                let alias = ts.assign.is_some();
                                let mut o = Object::new(
                                    ObjKind::TypeName,
                                    ident_name(prog, fid, &f, ts.name),
                                    id,
                                    fid,
                                    ts.name.span.start,
                                    None,
                                )
                                .with_flags(ObjFlags::PACKAGE_LEVEL);
                                if alias {
                                    o = o.with_flags(ObjFlags::ALIAS);
                                }
                                let oid = prog.new_obj(o);
                                if !alias {
                                    let t = prog.types.add(TypeData::Named(NamedType::new(oid, None, Box::new([]))));
                                    prog.obj(oid).set_aux(t.0);
                                    pkg.named.push(t);
                                }
                                pkg.declare(&f, ts.name, oid, fi, DeclRef::Type { file: fi, decl: di, spec: si });
                            }
                        }
                    }
                }
                Decl::Func(fd) => {
                    let mut o = Object::new(
                        ObjKind::Func,
                        ident_name(prog, fid, &f, fd.name),
                        id,
                        fid,
                        fd.name.span.start,
                        None,
                    )
                    .with_flags(ObjFlags::PACKAGE_LEVEL);
                    if let Some(r) = fd.recv.as_ref().and_then(|r| r.list.first()) {
                        o = o.with_flags(ObjFlags::METHOD);
                        if receiver_base(&f, r.typ).1 {
                            o = o.with_flags(ObjFlags::PTR_RECV);
                        }
                    }
                    let oid = prog.new_obj(o);
                    let r = DeclRef::Func { file: fi, decl: di };
                    pkg.decls.insert(oid, r);
                    pkg.decl_at.insert((fi, fd.name.span.start), oid);
                    if fd.recv.is_some() {
                        methods.push((oid, fi, di));
                    } else {
                        let name = f.name(fd.name);
                        if name != "init" && name != "_" {
                            pkg.scope.entry(name.into()).or_insert(oid);
                        }
                    }
                }
                Decl::Bad(_) => {}
            }
        }
        pkg.import_names.push(ImportNames::new(&imports));
        pkg.imports.push(imports);
        pkg.file_paths.push(p);
        pkg.files.push(f);
        pkg.file_ids.push(fid);
    }
    attach_methods(prog, &pkg, methods);
    pkg
}

impl PackageData {
    fn declare(&mut self, f: &File, n: Ident, oid: ObjId, fi: u32, r: DeclRef) {
        self.decls.insert(oid, r);
        self.decl_at.insert((fi, n.span.start), oid);
        let name = f.name(n);
        if name != "_" {
            self.scope.entry(name.into()).or_insert(oid);
        }
    }
}

/// Hangs every method on its receiver's base type.
fn attach_methods(prog: &Program, pkg: &PackageData, methods: Vec<(ObjId, u32, u32)>) {
    let mut by_type: FxHashMap<TypeId, Vec<ObjId>> = FxHashMap::default();
    for (m, fi, di) in methods {
        let f = &pkg.files[fi as usize];
        let Decl::Func(fd) = &f.decls[di as usize] else { continue };
        let Some(recv) = fd.recv.as_ref().and_then(|r| r.list.first()) else { continue };
        let Some(base) = receiver_base(f, recv.typ).0 else { continue };
        let Some(tn) = alias_target(pkg, f.name(base)) else { continue };
        let Some(named) = prog.obj(tn).aux() else { continue };
        if prog.obj(tn).kind != ObjKind::TypeName {
            continue;
        }
        prog.obj(m).set_aux(named);
        by_type.entry(TypeId(named)).or_default().push(m);
    }
    for &t in &pkg.named {
        if let TypeData::Named(n) = prog.types.get(t) {
            let _ = n.methods.set(by_type.remove(&t).unwrap_or_default().into_boxed_slice());
        }
    }
}

/// The type name `name` denotes, following aliases declared in the package
/// (`type token = Token; func (t token) String()` declares a method of Token).
fn alias_target(pkg: &PackageData, name: &str) -> Option<ObjId> {
    let mut tn = *pkg.scope.get(name)?;
    for _ in 0..8 {
        let Some(&DeclRef::Type { file, decl, spec }) = pkg.decls.get(&tn) else { return Some(tn) };
        let f = &pkg.files[file as usize];
        let Some(Decl::Gen(g)) = f.decls.get(decl as usize) else { return Some(tn) };
        let Some(Spec::Type(ts)) = g.specs.get(spec as usize) else { return Some(tn) };
        if ts.assign.is_none() {
            return Some(tn);
        }
        let ExprKind::Ident(id) = f.expr(ts.typ).kind else { return None };
        tn = *pkg.scope.get(f.name(id))?;
    }
    None
}
