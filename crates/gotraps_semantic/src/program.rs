//! The run-wide state shared by every package checked in one run: the type, object and
//! file tables, and the package cache that loads imports lazily (standard library from
//! GOROOT source or the built-in summary, module packages, vendor, module cache).
//!
//! Package-level declarations resolve on first use: [`Program::obj_type`] and
//! [`Program::underlying`] take a per-package reentrant lock, so packages checked in
//! parallel share one resolved copy of every imported declaration.

use crate::arena::AppendVec;
use crate::collect::{self, PackageData};
use crate::constant::ConstVal;
use crate::locks::LockTable;
use crate::objects::{FileId, Name, ObjId, ObjKind, Object, PkgId};
use crate::types::{TypeData, TypeId, TypeTable, IN_PROGRESS, UNRESOLVED};
use crate::universe::Universe;
use gotraps_syntax::File;
use gotraps_workspace::{BuildContext, GoVersion, ImportResolver};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Everything one run knows about types. Create one per run, share it (`&Program` is
/// `Sync`) across the threads that check packages.
pub struct Program {
    pub types: TypeTable,
    objs: AppendVec<Object>,
    files: AppendVec<Arc<File>>,
    consts: AppendVec<ConstVal>,
    packages: AppendVec<Arc<PackageData>>,
    by_dir: Mutex<FxHashMap<PathBuf, Arc<OnceLock<Option<PkgId>>>>>,
    by_summary: Mutex<FxHashMap<String, Arc<OnceLock<Option<PkgId>>>>>,
    resolvers: Mutex<FxHashMap<PathBuf, Arc<ImportResolver>>>,
    resolver_by_dir: Mutex<FxHashMap<PathBuf, Arc<ImportResolver>>>,
    pending: Mutex<FxHashMap<PathBuf, PendingTarget>>,
    /// Packages loaded as imports only, parsed without function bodies.
    bodiless: Mutex<rustc_hash::FxHashSet<PkgId>>,
    /// Where each (resolver, import path) led; resolvers live as long as the program.
    located: Mutex<FxHashMap<(usize, Box<str>), ImportSource>>,
    pub(crate) universe: Universe,
    pub(crate) locks: LockTable,
    pub(crate) ctx: BuildContext,
    std_resolver: Arc<ImportResolver>,
    /// Use the built-in summary for the standard library (no GOROOT).
    pub(crate) use_summary: bool,
    pub(crate) unsafe_pkg: PkgId,
}

/// Where an import path leads (see [`Program::locate`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ImportSource {
    Unsafe,
    /// `import "C"`: cgo, never loaded.
    Cgo,
    /// The built-in standard library summary.
    Summary,
    Dir(PathBuf),
    Missing,
}

/// One package a package's analysis depended on (see [`Program::dependency`]).
#[derive(Clone, Debug)]
pub struct Dependency {
    pub key: DependencyKey,
    /// The files it was built from, in order.
    pub files: Vec<PathBuf>,
    /// Its imports that were resolved during the run, sorted: path and where it led.
    pub imports: Vec<(String, ImportSource)>,
}

/// A loaded package: a directory, or a package with no directory (`unsafe`, summaries).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DependencyKey {
    Dir(PathBuf),
    Synthetic(String),
}

/// See [`Program::add_pending_target`].
struct PendingTarget {
    import_path: Option<String>,
    files: Vec<(PathBuf, PathBuf)>,
    go_version: GoVersion,
}

/// Options of a run.
#[derive(Clone, Debug)]
pub struct ProgramOptions {
    pub build: BuildContext,
    /// Read the standard library from the built-in summary even when GOROOT exists
    /// (tests of the no-toolchain path).
    pub force_summary: bool,
}

impl Default for ProgramOptions {
    fn default() -> Self {
        ProgramOptions { build: BuildContext::host(), force_summary: false }
    }
}

impl Program {
    pub fn new(opts: ProgramOptions) -> Program {
        let std_resolver = Arc::new(ImportResolver::new(None));
        let use_summary = opts.force_summary || std_resolver.goroot_src().is_none();
        let mut p = Program {
            types: TypeTable::new(),
            objs: AppendVec::default(),
            files: AppendVec::default(),
            consts: AppendVec::default(),
            packages: AppendVec::default(),
            by_dir: Mutex::default(),
            by_summary: Mutex::default(),
            resolvers: Mutex::default(),
            located: Mutex::default(),
            resolver_by_dir: Mutex::default(),
            pending: Mutex::default(),
            bodiless: Mutex::default(),
            universe: Universe::default(),
            locks: LockTable::default(),
            ctx: opts.build,
            std_resolver,
            use_summary,
            unsafe_pkg: PkgId(0),
        };
        crate::universe::init(&mut p);
        p
    }

    // ---- tables -------------------------------------------------------------------

    #[inline]
    pub fn obj(&self, id: ObjId) -> &Object {
        self.objs.get(id.0 as usize).unwrap_or_else(|| self.obj(self.universe.invalid_obj))
    }

    pub(crate) fn new_obj(&self, o: Object) -> ObjId {
        ObjId(self.objs.push(o) as u32)
    }

    /// The name of an object.
    pub fn obj_name(&self, id: ObjId) -> &str {
        match &self.obj(id).name {
            Name::Static(s) => s,
            Name::Owned(s) => s,
            Name::Src { file, start, len } => match self.files.get(file.0 as usize) {
                Some(f) => f.src.get(*start as usize..(*start + *len) as usize).unwrap_or(""),
                None => "",
            },
        }
    }

    /// Whether an object is named `name` (checks the length before the text).
    #[inline]
    pub fn obj_name_is(&self, id: ObjId, name: &str) -> bool {
        match &self.obj(id).name {
            Name::Src { len, .. } if *len as usize != name.len() => false,
            _ => self.obj_name(id) == name,
        }
    }

    pub(crate) fn add_file(&self, f: Arc<File>) -> FileId {
        FileId(self.files.push(f) as u32)
    }

    pub fn file(&self, id: FileId) -> Option<&Arc<File>> {
        self.files.get(id.0 as usize)
    }

    pub(crate) fn add_const(&self, v: ConstVal) -> u32 {
        self.consts.push(v) as u32
    }

    /// The value of a constant object (`None` for other objects or unknown values).
    pub fn const_value(&self, id: ObjId) -> Option<&ConstVal> {
        let o = self.obj(id);
        if o.kind != ObjKind::Const {
            return None;
        }
        self.obj_type(id); // resolves the value too
        self.consts.get(o.aux()? as usize).filter(|v| !matches!(v, ConstVal::Unknown))
    }

    pub fn package(&self, id: PkgId) -> Option<&Arc<PackageData>> {
        self.packages.get(id.0 as usize)
    }

    /// Number of packages loaded so far (targets and imports).
    pub fn package_count(&self) -> usize {
        self.packages.len()
    }

    pub(crate) fn add_package(&self, make: impl FnOnce(PkgId) -> PackageData) -> PkgId {
        // Indices are handed out in push order; reserve by pushing the finished value.
        let id = PkgId(self.packages.len() as u32);
        let data = make(id);
        let at = self.packages.push(Arc::new(data));
        debug_assert_eq!(at as u32, id.0, "packages are added under the load lock");
        PkgId(at as u32)
    }

    // ---- lazy resolution ------------------------------------------------------------

    /// The type of an object; package-level declarations are resolved on first use.
    /// `TypeId::INVALID` when unknown (malformed code, unresolved import, cycle).
    pub fn obj_type(&self, id: ObjId) -> TypeId {
        let o = self.obj(id);
        let raw = o.ty_raw();
        if raw < IN_PROGRESS {
            return TypeId(raw);
        }
        let Some(pkg) = self.package(o.pkg) else { return TypeId::INVALID };
        let Some(_guard) = self.locks.acquire(pkg.id) else { return TypeId::INVALID };
        match o.ty_raw() {
            IN_PROGRESS => TypeId::INVALID, // a cycle through this declaration
            UNRESOLVED => {
                if !pkg.decls.contains_key(&id) {
                    return TypeId::INVALID;
                }
                o.mark_in_progress();
                let t = crate::check::resolve_decl(self, pkg, id);
                if o.ty_raw() == IN_PROGRESS {
                    o.set_ty(t);
                }
                let raw = o.ty_raw();
                if raw < IN_PROGRESS {
                    TypeId(raw)
                } else {
                    TypeId::INVALID
                }
            }
            raw => TypeId(raw),
        }
    }

    /// The underlying type: for named types and instances, what they are defined as;
    /// type parameters map to their constraint interface; other types to themselves.
    pub fn underlying(&self, t: TypeId) -> TypeId {
        match self.types.get(t) {
            TypeData::Named(n) => {
                let raw = n.underlying_raw();
                if raw < IN_PROGRESS {
                    return TypeId(raw);
                }
                if let Some(origin) = n.origin {
                    let computed = crate::subst::instance_underlying(self, t, origin, &n.type_args);
                    match n.underlying.compare_exchange(
                        UNRESOLVED,
                        computed.0,
                        std::sync::atomic::Ordering::AcqRel,
                        std::sync::atomic::Ordering::Acquire,
                    ) {
                        Ok(_) => return computed,
                        Err(winner) if winner < IN_PROGRESS => return TypeId(winner),
                        Err(_) => return computed,
                    }
                }
                // A declared type: resolving its TypeName resolves the underlying too.
                self.obj_type(n.obj);
                let raw = n.underlying_raw();
                if raw < IN_PROGRESS {
                    TypeId(raw)
                } else {
                    TypeId::INVALID
                }
            }
            TypeData::TypeParam(tp) => {
                let c = tp.constraint.load(std::sync::atomic::Ordering::Acquire);
                if c < IN_PROGRESS && !matches!(self.types.get(TypeId(c)), TypeData::TypeParam(_)) {
                    self.underlying(TypeId(c))
                } else {
                    TypeId::EMPTY_INTERFACE
                }
            }
            _ => t,
        }
    }

    // ---- packages ----------------------------------------------------------------

    /// The resolver for code in `dir` (its module's, or the standard library's).
    pub(crate) fn resolver_for(&self, dir: &Path) -> Arc<ImportResolver> {
        if let Some(src) = self.std_resolver.goroot_src() {
            if dir.starts_with(src) && !dir.starts_with(src.join("cmd")) {
                return self.std_resolver.clone();
            }
        }
        // Finding the module probes for go.mod in every parent: once per directory.
        if let Some(r) = self.resolver_by_dir.lock().unwrap_or_else(|e| e.into_inner()).get(dir) {
            return r.clone();
        }
        let resolver = match gotraps_workspace::find_module(dir) {
            Some(module) => {
                let mut map = self.resolvers.lock().unwrap_or_else(|e| e.into_inner());
                map.entry(module.root.clone()).or_insert_with(|| Arc::new(ImportResolver::new(Some(&module)))).clone()
            }
            None => self.std_resolver.clone(),
        };
        self.resolver_by_dir.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf(), resolver.clone());
        resolver
    }

    /// Loads (parses and collects, once per run) the package `import_path` as seen from
    /// `from`. `None` when it cannot be found: the package is then unknown.
    pub fn import(&self, from: &PackageData, import_path: &str) -> Option<PkgId> {
        match self.locate_with(&from.resolver, import_path) {
            ImportSource::Unsafe => Some(self.unsafe_pkg),
            ImportSource::Cgo | ImportSource::Missing => None,
            ImportSource::Summary => self.load_summary(import_path),
            ImportSource::Dir(dir) => self.load_dir(&dir, Some(import_path)),
        }
    }

    /// Where `import_path`, imported by code in `importer_dir` (`None`: a built-in
    /// summary package), leads. The decision [`Program::import`] takes, without loading
    /// anything: a result cache re-asks it to know whether a recorded import still
    /// resolves the same way.
    pub fn locate(&self, importer_dir: Option<&Path>, import_path: &str) -> ImportSource {
        match importer_dir {
            Some(dir) => self.locate_with(&self.resolver_for(dir), import_path),
            None => self.locate_with(&self.std_resolver, import_path),
        }
    }

    fn locate_with(&self, resolver: &Arc<ImportResolver>, import_path: &str) -> ImportSource {
        // A resolver answers for a whole module: the same path resolves the same way from
        // every package in it, and resolving stats directories.
        let key = (Arc::as_ptr(resolver) as usize, Box::<str>::from(import_path));
        if let Some(found) = self.located.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return found.clone();
        }
        let found = self.locate_uncached(resolver, import_path);
        self.located.lock().unwrap_or_else(|e| e.into_inner()).insert(key, found.clone());
        found
    }

    fn locate_uncached(&self, resolver: &ImportResolver, import_path: &str) -> ImportSource {
        if import_path == "unsafe" {
            return ImportSource::Unsafe;
        }
        if import_path == "C" {
            return ImportSource::Cgo;
        }
        let std = gotraps_workspace::is_std_path(import_path);
        if self.use_summary && (std || crate::summary::has(import_path)) {
            return ImportSource::Summary;
        }
        match resolver.resolve(import_path) {
            Some(dir) => ImportSource::Dir(dir),
            // Third-party packages the std summary covers (x/sync) when not vendored.
            None if crate::summary::has(import_path) => ImportSource::Summary,
            None => ImportSource::Missing,
        }
    }

    /// Every package the analysis of `pkg` may have read so far: the transitive closure
    /// of the imports resolved while checking it (and while checking anything else in the
    /// run, so a superset). `pkg` itself comes first. Call after checking `pkg`.
    pub fn dependency_closure(&self, pkg: PkgId) -> Vec<PkgId> {
        let mut seen = rustc_hash::FxHashSet::default();
        seen.insert(pkg);
        let mut out = vec![pkg];
        let mut next = 0;
        while let Some(&id) = out.get(next) {
            next += 1;
            let Some(p) = self.package(id) else { continue };
            for imp in p.imports.iter().flatten() {
                if let Some(Some(t)) = imp.target.get() {
                    if seen.insert(*t) {
                        out.push(*t);
                    }
                }
            }
        }
        out
    }

    /// What a loaded package was built from: its directory, files, and the imports that
    /// were resolved during the run with where each led.
    pub fn dependency(&self, pkg: PkgId) -> Option<Dependency> {
        let p = self.package(pkg)?;
        let mut imports: Vec<(String, ImportSource)> = Vec::new();
        for imp in p.imports.iter().flatten() {
            if imp.target.get().is_some() && !imports.iter().any(|(path, _)| **path == *imp.path) {
                imports.push((imp.path.to_string(), self.locate_with(&p.resolver, &imp.path)));
            }
        }
        imports.sort();
        let key = match &p.dir {
            Some(dir) => DependencyKey::Dir(dir.clone()),
            None => DependencyKey::Synthetic(p.path.to_string()),
        };
        Some(Dependency { key, files: p.file_paths.clone(), imports })
    }

    /// Loads the package in `dir` with the files the build context selects. It is only
    /// imported, never checked: function bodies are skipped ([`gotraps_syntax::parse_declarations`]).
    pub fn load_dir(&self, dir: &Path, import_path: Option<&str>) -> Option<PkgId> {
        let cell = {
            let mut map = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(dir.to_path_buf()).or_default().clone()
        };
        *cell.get_or_init(|| {
            // A pending target is loaded from its own files and version; any other
            // directory with the files the build context selects.
            let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner()).remove(dir);
            let (files, import_path, go_version) = match pending {
                Some(t) => (t.files, t.import_path, Some(t.go_version)),
                None => {
                    let paths = gotraps_workspace::package_go_files(dir, &self.ctx).ok()?;
                    if paths.is_empty() {
                        return None;
                    }
                    (paths.into_iter().map(|p| (p.clone(), p)).collect(), import_path.map(str::to_owned), None)
                }
            };
            let parsed: Vec<(PathBuf, Arc<File>)> = files
                .into_iter()
                .filter_map(|(name, path)| {
                    let src = std::fs::read(&path).ok()?;
                    Some((name, Arc::new(gotraps_syntax::parse_declarations(&src))))
                })
                .collect();
            let path = self.package_path(dir, import_path.as_deref());
            let id = self.register(dir, &path, parsed, go_version);
            self.bodiless.lock().unwrap_or_else(|e| e.into_inner()).insert(id);
            Some(id)
        })
    }

    /// Announces a target package without parsing it: if something imports `dir`, it is
    /// loaded from exactly these files (`(name, path to read)`) and this version, as
    /// [`Program::add_target`] would have registered it. A run that checks only some
    /// targets (the others' findings are cached) parses only the targets it needs.
    pub fn add_pending_target(
        &self,
        dir: &Path,
        import_path: Option<&str>,
        files: Vec<(PathBuf, PathBuf)>,
        go_version: GoVersion,
    ) {
        let t = PendingTarget { import_path: import_path.map(str::to_owned), files, go_version };
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf(), t);
    }

    /// Registers already-parsed files of one package directory (the analysis target)
    /// and returns its id. A directory registered before as a target with the same files
    /// is reused, so its declarations are resolved once; one loaded as an import has no
    /// function bodies and is registered again.
    pub fn add_target(
        &self,
        dir: &Path,
        import_path: Option<&str>,
        files: Vec<(PathBuf, Arc<File>)>,
        go_version: Option<GoVersion>,
    ) -> PkgId {
        let cell = {
            let mut map = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(dir.to_path_buf()).or_default().clone()
        };
        let mut fresh = Some(files);
        let id = *cell.get_or_init(|| {
            let path = self.package_path(dir, import_path);
            Some(self.register(dir, &path, fresh.take().unwrap_or_default(), go_version))
        });
        match (id, fresh) {
            (Some(id), None) => id,
            (Some(id), Some(files)) => {
                // An import was loaded without function bodies: a target needs its own.
                let bodiless = self.bodiless.lock().unwrap_or_else(|e| e.into_inner()).contains(&id);
                let same = !bodiless
                    && self.package(id).is_some_and(|p| {
                        p.file_paths.len() == files.len() && p.file_paths.iter().zip(&files).all(|(a, (b, _))| a == b)
                    });
                if same {
                    id
                } else {
                    let path = self.package_path(dir, import_path);
                    self.register(dir, &path, files, go_version)
                }
            }
            (None, Some(files)) => {
                let path = self.package_path(dir, import_path);
                self.register(dir, &path, files, go_version)
            }
            (None, None) => unreachable!("the cell was initialised with these files"),
        }
    }

    fn register(
        &self,
        dir: &Path,
        path: &str,
        files: Vec<(PathBuf, Arc<File>)>,
        go_version: Option<GoVersion>,
    ) -> PkgId {
        let resolver = self.resolver_for(dir);
        let _guard = self.locks.load_lock();
        self.add_package(|id| {
            collect::collect_package(self, id, path, Some(dir.to_path_buf()), files, resolver, go_version)
        })
    }

    fn load_summary(&self, import_path: &str) -> Option<PkgId> {
        let src = crate::summary::source(import_path)?;
        let cell = {
            let mut map = self.by_summary.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(import_path.to_owned()).or_default().clone()
        };
        *cell.get_or_init(|| {
            let file = Arc::new(gotraps_syntax::parse_file(src.as_bytes()));
            let files = vec![(PathBuf::from(format!("<summary>/{import_path}.go")), file)];
            let _guard = self.locks.load_lock();
            Some(self.add_package(|id| {
                collect::collect_package(self, id, import_path, None, files, self.std_resolver.clone(), None)
            }))
        })
    }

    /// The import path of the package in `dir`: below GOROOT/src it is the relative
    /// path (std and cmd); inside a module, module path + relative directory.
    pub(crate) fn package_path(&self, dir: &Path, import_path: Option<&str>) -> String {
        if let Some(src) = self.std_resolver.goroot_src() {
            if let Ok(rel) = dir.strip_prefix(src) {
                // The go command names GOROOT's vendored packages by directory too
                // (`vendor/golang.org/x/...`, `cmd/vendor/...`).
                return rel.to_string_lossy().replace('\\', "/");
            }
        }
        if let Some(p) = import_path {
            return p.to_owned();
        }
        if let Some(m) = gotraps_workspace::find_module(dir) {
            if let Ok(rel) = dir.strip_prefix(&m.root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                return if rel.is_empty() { m.path.clone() } else { format!("{}/{}", m.path, rel) };
            }
        }
        dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// The language version rules should assume for a package.
    pub fn go_version(&self, pkg: PkgId) -> GoVersion {
        self.package(pkg).map_or(GoVersion::new(1, gotraps_workspace::LATEST_GO_MINOR), |p| p.go_version)
    }
}
