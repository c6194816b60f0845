//! What the package declares, read from syntax: named types and their struct fields,
//! methods by receiver type, package-level variables, and the declared types of a
//! function's locals. Enough to answer "is this expression a sync.Mutex (which one)",
//! "which method does `s.evict(id)` reach" and "is this a map" until the semantic model
//! answers them. Every question returns `None` when the syntax does not say: callers
//! stay silent on `None`.

use crate::checker::PackageContext;
use gotraps_syntax::ast::{AssignOp, Decl, ExprId, ExprKind, FieldList, File, FuncDecl, Spec, StmtKind, UnaryOp};
use gotraps_syntax::visit::{self, Visitor};
use std::collections::HashMap;

/// Types of package `sync` (and `sync/atomic` is not tracked) that matter to trap rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyncKind {
    Mutex,
    RWMutex,
    WaitGroup,
    Once,
    Cond,
    Pool,
    Map,
}

impl SyncKind {
    fn from_name(n: &str) -> Option<SyncKind> {
        Some(match n {
            "Mutex" => SyncKind::Mutex,
            "RWMutex" => SyncKind::RWMutex,
            "WaitGroup" => SyncKind::WaitGroup,
            "Once" => SyncKind::Once,
            "Cond" => SyncKind::Cond,
            "Pool" => SyncKind::Pool,
            "Map" => SyncKind::Map,
            _ => return None,
        })
    }

    pub fn is_lock(self) -> bool {
        matches!(self, SyncKind::Mutex | SyncKind::RWMutex)
    }

    pub fn name(self) -> &'static str {
        match self {
            SyncKind::Mutex => "sync.Mutex",
            SyncKind::RWMutex => "sync.RWMutex",
            SyncKind::WaitGroup => "sync.WaitGroup",
            SyncKind::Once => "sync.Once",
            SyncKind::Cond => "sync.Cond",
            SyncKind::Pool => "sync.Pool",
            SyncKind::Map => "sync.Map",
        }
    }
}

/// A type as far as syntax tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty<'a> {
    Sync(SyncKind),
    /// A type declared in this package (by name).
    Named(&'a str),
    Map,
    Chan,
    Slice,
    /// `http.Client`, `http.Transport`, ...: (import path, name).
    Imported(&'a str, &'a str),
    Other,
}

/// A type, possibly behind one pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TyRef<'a> {
    pub ty: Ty<'a>,
    pub ptr: bool,
}

impl<'a> TyRef<'a> {
    pub fn val(ty: Ty<'a>) -> Self {
        TyRef { ty, ptr: false }
    }
}

/// Package-level declarations, built once per package.
pub struct PkgTypes<'a> {
    /// Named type -> (file index, type expression).
    pub types: HashMap<&'a str, (usize, ExprId)>,
    /// (receiver type name, method name) -> (file index, declaration).
    pub methods: HashMap<(&'a str, &'a str), (usize, &'a FuncDecl)>,
    /// Package-level variable -> (file index, declared type, initial value).
    pub vars: HashMap<&'a str, (usize, Option<ExprId>, Option<ExprId>)>,
    /// Per file: local name -> import path.
    pub imports: Vec<HashMap<&'a str, &'a str>>,
}

impl<'a> PkgTypes<'a> {
    pub fn new(files: &'a [crate::SourceFile]) -> Self {
        let mut types = HashMap::new();
        let mut methods = HashMap::new();
        let mut vars = HashMap::new();
        let mut imports = Vec::with_capacity(files.len());
        for (fi, f) in files.iter().enumerate() {
            let file = &f.ast;
            imports.push(import_names(file));
            for d in &file.decls {
                match d {
                    Decl::Func(fd) => {
                        if let Some(recv) = &fd.recv {
                            if let Some(t) = recv.list.first().and_then(|r| recv_type_name(file, r.typ)) {
                                methods.insert((t, file.name(fd.name)), (fi, fd));
                            }
                        }
                    }
                    Decl::Gen(g) => {
                        for s in &g.specs {
                            match s {
                                Spec::Type(ts) => {
                                    types.insert(file.name(ts.name), (fi, ts.typ));
                                }
                                Spec::Value(vs) => {
                                    for (i, n) in vs.names.iter().enumerate() {
                                        let v = if vs.values.len() == vs.names.len() {
                                            vs.values.get(i).copied()
                                        } else {
                                            None
                                        };
                                        vars.insert(file.name(*n), (fi, vs.typ, v));
                                    }
                                }
                                Spec::Import(_) => {}
                            }
                        }
                    }
                    Decl::Bad(_) => {}
                }
            }
        }
        PkgTypes { types, methods, vars, imports }
    }

    pub fn file<'p>(&self, pkg: &'p PackageContext<'a>, fi: usize) -> &'a File
    where
        'p: 'a,
    {
        &pkg.files[fi].ast
    }

    /// The type a type expression of file `fi` denotes.
    pub fn resolve(&self, file: &'a File, fi: usize, t: ExprId) -> TyRef<'a> {
        match &file.expr(t).kind {
            ExprKind::Star { x } => TyRef { ptr: true, ..self.resolve(file, fi, *x) },
            ExprKind::Paren { x } => self.resolve(file, fi, *x),
            ExprKind::Ident(i) => {
                let n = file.name(*i);
                if self.types.contains_key(n) {
                    TyRef::val(Ty::Named(n))
                } else {
                    TyRef::val(Ty::Other)
                }
            }
            ExprKind::Selector { x, sel } => {
                let ExprKind::Ident(p) = file.expr(*x).kind else { return TyRef::val(Ty::Other) };
                let Some(path) = self.imports[fi].get(file.name(p)) else { return TyRef::val(Ty::Other) };
                let sel = file.name(*sel);
                if *path == "sync" {
                    if let Some(k) = SyncKind::from_name(sel) {
                        return TyRef::val(Ty::Sync(k));
                    }
                }
                TyRef::val(Ty::Imported(path, sel))
            }
            // Generic instantiation of a local type: `List[T]`.
            ExprKind::Index { x, .. } | ExprKind::IndexList { x, .. } => self.resolve(file, fi, *x),
            ExprKind::MapType { .. } => TyRef::val(Ty::Map),
            ExprKind::ChanType { .. } => TyRef::val(Ty::Chan),
            ExprKind::ArrayType { len: None, .. } => TyRef::val(Ty::Slice),
            _ => TyRef::val(Ty::Other),
        }
    }

    /// The underlying type of a named type, following declarations (`type M map[K]V` -> Map,
    /// `type L = sync.Mutex` -> Sync(Mutex)), bounded against cycles.
    pub fn underlying(&self, pkg: &PackageContext<'a>, t: TyRef<'a>) -> TyRef<'a> {
        let mut cur = t;
        for _ in 0..8 {
            let Ty::Named(n) = cur.ty else { return cur };
            let Some(&(fi, te)) = self.types.get(n) else { return cur };
            let file = &pkg.files[fi].ast;
            if matches!(file.expr(te).kind, ExprKind::StructType { .. } | ExprKind::InterfaceType { .. }) {
                return cur;
            }
            let next = self.resolve(file, fi, te);
            cur = TyRef { ty: next.ty, ptr: cur.ptr || next.ptr };
        }
        cur
    }

    /// Fields of a struct type declared in the package: (file, field list).
    pub fn struct_fields(&self, pkg: &PackageContext<'a>, name: &str) -> Option<(usize, &'a FieldList)> {
        let &(fi, te) = self.types.get(name)?;
        let file: &'a File = &pkg.files[fi].ast;
        match &file.expr(te).kind {
            ExprKind::StructType { fields } => Some((fi, fields)),
            _ => None,
        }
    }

    /// The declared type of field `field` of struct type `name` (embedded fields by their
    /// type name).
    pub fn field_type(&self, pkg: &PackageContext<'a>, name: &str, field: &str) -> Option<TyRef<'a>> {
        let (fi, fields) = self.struct_fields(pkg, name)?;
        let file: &'a File = &pkg.files[fi].ast;
        for f in &fields.list {
            let hit = if f.names.is_empty() {
                embedded_name(file, f.typ) == Some(field)
            } else {
                f.names.iter().any(|n| file.name(*n) == field)
            };
            if hit {
                return Some(self.resolve(file, fi, f.typ));
            }
        }
        None
    }

    /// The sync type embedded (by value or pointer) in struct type `name`, if one of `kinds`.
    pub fn embedded_sync(&self, pkg: &PackageContext<'a>, name: &str, lock_only: bool) -> Option<SyncKind> {
        let (fi, fields) = self.struct_fields(pkg, name)?;
        let file: &'a File = &pkg.files[fi].ast;
        fields.list.iter().filter(|f| f.names.is_empty()).find_map(|f| match self.resolve(file, fi, f.typ).ty {
            Ty::Sync(k) if !lock_only || k.is_lock() => Some(k),
            _ => None,
        })
    }

    /// Which sync value a type holds by value (directly, in an embedded or named struct
    /// field, or an array), with the field path to it; `None` when it holds none.
    pub fn holds_sync_by_value(
        &self,
        pkg: &PackageContext<'a>,
        t: TyRef<'a>,
        depth: u32,
    ) -> Option<(SyncKind, String)> {
        if t.ptr || depth > 6 {
            return None;
        }
        match t.ty {
            // Every sync type must not be copied after first use (Pool and Map included).
            Ty::Sync(k) => Some((k, String::new())),
            Ty::Named(n) => {
                let u = self.underlying(pkg, t);
                if u.ty != t.ty {
                    return self.holds_sync_by_value(pkg, u, depth + 1);
                }
                let (fi, fields) = self.struct_fields(pkg, n)?;
                let file: &'a File = &pkg.files[fi].ast;
                for f in &fields.list {
                    let ft = self.resolve(file, fi, array_elem(file, f.typ));
                    if let Some((k, path)) = self.holds_sync_by_value(pkg, ft, depth + 1) {
                        let name = f
                            .names
                            .first()
                            .map(|n| file.name(*n))
                            .or_else(|| embedded_name(file, f.typ))
                            .unwrap_or("?");
                        let p = if path.is_empty() { name.to_string() } else { format!("{name}.{path}") };
                        return Some((k, p));
                    }
                }
                None
            }
            _ => None,
        }
    }
}

/// `[N]T` -> `T` (arrays copy their elements); anything else unchanged.
fn array_elem(file: &File, t: ExprId) -> ExprId {
    match &file.expr(t).kind {
        ExprKind::ArrayType { len: Some(_), elt } => array_elem(file, *elt),
        _ => t,
    }
}

/// The name an embedded field is known by: `sync.Mutex` -> `Mutex`, `*Base` -> `Base`.
pub fn embedded_name(file: &File, t: ExprId) -> Option<&str> {
    match &file.expr(t).kind {
        ExprKind::Star { x } | ExprKind::Paren { x } => embedded_name(file, *x),
        ExprKind::Ident(i) => Some(file.name(*i)),
        ExprKind::Selector { sel, .. } => Some(file.name(*sel)),
        ExprKind::Index { x, .. } | ExprKind::IndexList { x, .. } => embedded_name(file, *x),
        _ => None,
    }
}

/// `T`, `*T`, `T[K]`, `*T[K, V]` -> `T`.
pub fn recv_type_name(file: &File, t: ExprId) -> Option<&str> {
    match &file.expr(t).kind {
        ExprKind::Star { x } | ExprKind::Paren { x } => recv_type_name(file, *x),
        ExprKind::Ident(i) => Some(file.name(*i)),
        ExprKind::Index { x, .. } | ExprKind::IndexList { x, .. } => recv_type_name(file, *x),
        _ => None,
    }
}

/// Declared types of the names of one function declaration (receiver, parameters,
/// results, locals, and those of the closures inside it). A name declared twice with
/// different types is left out: unknown, not guessed.
#[derive(Default)]
pub struct Env<'a> {
    pub recv: Option<(&'a str, &'a str)>,
    names: HashMap<&'a str, Option<TyRef<'a>>>,
    /// Names bound by `:=`/`var` without a type we could read (left unknown, but they
    /// shadow package-level variables).
    pub locals: HashMap<&'a str, ()>,
}

impl<'a> Env<'a> {
    pub fn of_decl(pt: &PkgTypes<'a>, file: &'a File, fi: usize, fd: &'a FuncDecl) -> Env<'a> {
        let mut env = Env::default();
        if let Some(r) = fd.recv.as_ref().and_then(|r| r.list.first()) {
            if let (Some(n), Some(t)) = (r.names.first(), recv_type_name(file, r.typ)) {
                env.recv = Some((file.name(*n), t));
                let ptr = matches!(file.expr(r.typ).kind, ExprKind::Star { .. });
                env.add(file.name(*n), Some(TyRef { ty: Ty::Named(t), ptr }));
            }
        }
        env.fields(pt, file, fi, &fd.typ.params);
        if let Some(res) = &fd.typ.results {
            env.fields(pt, file, fi, res);
        }
        if let Some(body) = fd.body {
            env.scan(pt, file, fi, body);
        }
        env
    }

    /// For a function literal outside any declaration (package-level `var f = func(){}`).
    pub fn of_lit(pt: &PkgTypes<'a>, file: &'a File, fi: usize, lit: ExprId) -> Env<'a> {
        let mut env = Env::default();
        if let ExprKind::FuncLit { body, .. } = &file.expr(lit).kind {
            env.scan(pt, file, fi, *body);
        }
        env
    }

    fn add(&mut self, name: &'a str, t: Option<TyRef<'a>>) {
        if name == "_" {
            return;
        }
        self.locals.insert(name, ());
        match self.names.get(name) {
            None => {
                self.names.insert(name, t);
            }
            Some(prev) if *prev != t => {
                self.names.insert(name, None);
            }
            _ => {}
        }
    }

    fn fields(&mut self, pt: &PkgTypes<'a>, file: &'a File, fi: usize, list: &'a FieldList) {
        for f in &list.list {
            let t = pt.resolve(file, fi, f.typ);
            for n in &f.names {
                self.add(file.name(*n), Some(t));
            }
        }
    }

    fn scan(&mut self, pt: &PkgTypes<'a>, file: &'a File, fi: usize, body: gotraps_syntax::ast::StmtId) {
        struct Scan<'e, 'a> {
            env: &'e mut Env<'a>,
            pt: &'e PkgTypes<'a>,
            file: &'a File,
            fi: usize,
        }
        impl Visitor for Scan<'_, '_> {
            fn visit_stmt(&mut self, _f: &File, id: gotraps_syntax::ast::StmtId) {
                let file = self.file;
                match &file.stmt(id).kind {
                    StmtKind::Assign { lhs, op: AssignOp::Define, rhs, .. } => {
                        for (i, l) in lhs.iter().enumerate() {
                            if let ExprKind::Ident(n) = file.expr(*l).kind {
                                let t = if lhs.len() == rhs.len() {
                                    value_type(self.pt, file, self.fi, rhs[i])
                                } else {
                                    None
                                };
                                self.env.add(file.name(n), t);
                            }
                        }
                    }
                    StmtKind::Range { key, value, op: Some(AssignOp::Define), .. } => {
                        for e in [key, value].into_iter().flatten() {
                            if let ExprKind::Ident(n) = file.expr(*e).kind {
                                self.env.add(file.name(n), None);
                            }
                        }
                    }
                    StmtKind::Decl(g) => {
                        for s in &g.specs {
                            if let Spec::Value(vs) = s {
                                for (i, n) in vs.names.iter().enumerate() {
                                    let t = match vs.typ {
                                        Some(t) => Some(self.pt.resolve(file, self.fi, t)),
                                        None if vs.values.len() == vs.names.len() => {
                                            value_type(self.pt, file, self.fi, vs.values[i])
                                        }
                                        None => None,
                                    };
                                    self.env.add(file.name(*n), t);
                                }
                            }
                        }
                    }
                    _ => {}
                }
                visit::walk_stmt(self, file, id);
            }
            fn visit_expr(&mut self, _f: &File, id: ExprId) {
                let file = self.file;
                if let ExprKind::FuncLit { typ, .. } = &file.expr(id).kind {
                    self.env.fields(self.pt, file, self.fi, &typ.params);
                    if let Some(r) = &typ.results {
                        self.env.fields(self.pt, file, self.fi, r);
                    }
                }
                visit::walk_expr(self, file, id);
            }
        }
        let mut s = Scan { env: self, pt, file, fi };
        s.visit_stmt(file, body);
    }

    /// Declared type of a local name: `None` if unknown, not declared here, or ambiguous.
    pub fn get(&self, name: &str) -> Option<TyRef<'a>> {
        self.names.get(name).copied().flatten()
    }

    pub fn declares(&self, name: &str) -> bool {
        self.locals.contains_key(name)
    }
}

/// The type of an initialiser when syntax shows it: `T{}`, `&T{}`, `new(T)`,
/// `make(map[..]..)`, `make(chan ..)`, `make([]..)`, `map[K]V{}`, `[]T{}`, `sync.Mutex{}`.
pub fn value_type<'a>(pt: &PkgTypes<'a>, file: &'a File, fi: usize, v: ExprId) -> Option<TyRef<'a>> {
    match &file.expr(v).kind {
        ExprKind::Paren { x } => value_type(pt, file, fi, *x),
        ExprKind::CompositeLit { typ: Some(t), .. } => Some(pt.resolve(file, fi, *t)),
        ExprKind::Unary { op: UnaryOp::And, x, .. } => value_type(pt, file, fi, *x).map(|t| TyRef { ptr: true, ..t }),
        ExprKind::Call { fun, args, .. } => {
            let ExprKind::Ident(f) = file.expr(*fun).kind else { return None };
            match file.name(f) {
                "new" => args.first().map(|&t| TyRef { ptr: true, ..pt.resolve(file, fi, t) }),
                "make" => args.first().map(|&t| pt.resolve(file, fi, t)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Type questions about expressions of one function, answered from [`PkgTypes`] and the
/// function's [`Env`].
pub struct TypeCx<'p, 'a> {
    pub pkg: &'p PackageContext<'a>,
    pub pt: &'p PkgTypes<'a>,
    pub file: &'a File,
    pub fi: usize,
    pub env: &'p Env<'a>,
}

impl<'a> TypeCx<'_, 'a> {
    /// The type of a variable, field selector chain, `&x`, `*x` or `(x)`.
    pub fn type_of(&self, e: ExprId) -> Option<TyRef<'a>> {
        let file = self.file;
        match &file.expr(e).kind {
            ExprKind::Paren { x } => self.type_of(*x),
            ExprKind::Unary { op: UnaryOp::And, x, .. } => self.type_of(*x).map(|t| TyRef { ptr: true, ..t }),
            ExprKind::Star { x } => self.type_of(*x).map(|t| TyRef { ptr: false, ..t }),
            ExprKind::Ident(i) => {
                let n = file.name(*i);
                if self.env.declares(n) {
                    return self.env.get(n);
                }
                let &(vfi, typ, val) = self.pt.vars.get(n)?;
                let vfile = &self.pkg.files[vfi].ast;
                match (typ, val) {
                    (Some(t), _) => Some(self.pt.resolve(vfile, vfi, t)),
                    (None, Some(v)) => value_type(self.pt, vfile, vfi, v),
                    _ => None,
                }
            }
            ExprKind::Selector { x, sel } => {
                if let ExprKind::Ident(p) = file.expr(*x).kind {
                    let pn = file.name(p);
                    if !self.env.declares(pn) && !self.pt.vars.contains_key(pn) {
                        if let Some(path) = self.pt.imports[self.fi].get(pn) {
                            return Some(TyRef::val(Ty::Imported(path, file.name(*sel))));
                        }
                    }
                }
                let base = self.type_of(*x)?;
                let base = self.pt.underlying(self.pkg, base);
                let Ty::Named(n) = base.ty else { return None };
                self.pt.field_type(self.pkg, n, file.name(*sel))
            }
            _ => value_type(self.pt, file, self.fi, e),
        }
    }

    /// The underlying kind of an expression's type (`type Cache map[..]..` -> Map).
    pub fn kind_of(&self, e: ExprId) -> Option<TyRef<'a>> {
        self.type_of(e).map(|t| self.pt.underlying(self.pkg, t))
    }

    /// `Some(kind)` if `e` is (a pointer to) a value of that sync type.
    pub fn sync_kind(&self, e: ExprId) -> Option<SyncKind> {
        match self.kind_of(e)?.ty {
            Ty::Sync(k) => Some(k),
            _ => None,
        }
    }

    /// The method `X.m` reaches when `X` has a package-local named type.
    pub fn method(&self, x: ExprId, m: &str) -> Option<(usize, &'a FuncDecl)> {
        let t = self.type_of(x)?;
        let Ty::Named(n) = t.ty else { return None };
        self.pt.methods.get(&(n, m)).copied()
    }
}

/// Local names of a file's imports: the explicit alias or the last path element
/// (`gopkg.in/yaml.v3` -> `yaml`, `example.com/foo/v2` -> `foo`).
fn import_names(file: &File) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    for spec in file.imports() {
        let quoted = file.text(file.expr(spec.path).span);
        let path = quoted.trim_matches(|c| c == '"' || c == '`');
        let local = match spec.name {
            Some(n) => file.name(n),
            None => {
                let mut parts = path.rsplit('/');
                let mut last = parts.next().unwrap_or(path);
                if last.len() > 1 && last.starts_with('v') && last[1..].bytes().all(|b| b.is_ascii_digit()) {
                    last = parts.next().unwrap_or(last);
                }
                let last = last.strip_prefix("go-").unwrap_or(last);
                match last.find('.') {
                    Some(i) => &last[..i],
                    None => last,
                }
            }
        };
        if local != "_" && local != "." && !local.is_empty() {
            out.insert(local, path);
        }
    }
    out
}
