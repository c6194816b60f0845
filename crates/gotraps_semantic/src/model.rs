//! The query API rules use on a checked package. Files are addressed by their index in
//! [`PackageModel::files`] (the order the package was added in).

use crate::check::{Body, BodyOwner, Record};
use crate::collect::PackageData;
use crate::lookup::{lookup_field_or_method, Selection};
use crate::objects::{ObjFlags, ObjId, ObjKind, PkgId};
use crate::program::Program;
use crate::types::{ChanDir, TypeData, TypeId};
use gotraps_syntax::ast::{ExprId, ExprKind, Ident};
use gotraps_syntax::File;
use std::path::Path;
use std::sync::Arc;

/// A checked package: what every identifier and expression of its files means.
pub struct PackageModel<'p> {
    pub prog: &'p Program,
    pub pkg: Arc<PackageData>,
    pub rec: Record,
}

/// What a call statically reaches: `net/http`, `Client`, `Do`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallTarget<'a> {
    /// Import path of the package declaring the function or the receiver type.
    pub pkg: &'a str,
    /// Receiver base type name for methods (`Mutex` for `(*sync.Mutex).Lock`, also
    /// when promoted through embedding; the interface name for interface methods).
    pub recv: Option<&'a str>,
    pub name: &'a str,
}

/// Buffer size of a channel made with `make`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChanBuffer {
    /// `make(chan T)` or `make(chan T, 0)`.
    Unbuffered,
    /// A constant capacity > 0.
    Const(i128),
    /// A capacity known only at run time.
    Dynamic,
}

impl<'p> PackageModel<'p> {
    pub fn files(&self) -> &[Arc<File>] {
        &self.pkg.files
    }

    /// Index of the file at `path` in [`Self::files`].
    pub fn file_index(&self, path: &Path) -> Option<usize> {
        self.pkg.file_paths.iter().position(|p| p == path)
    }

    /// The language version of the package (module `go` line).
    pub fn go_version(&self) -> gotraps_workspace::GoVersion {
        self.pkg.go_version
    }

    // ---- names and types ----------------------------------------------------------

    /// The object identifier `id` of file `file` defines or uses.
    pub fn object_of(&self, file: usize, id: Ident) -> Option<ObjId> {
        self.object_at(file, id.span.start)
    }

    /// The object of the identifier starting at byte `offset` of file `file`.
    pub fn object_at(&self, file: usize, offset: u32) -> Option<ObjId> {
        self.rec.idents.get(file)?.get(&offset).copied()
    }

    /// The import path a package name stands for at this use (`http` in `http.Get` ->
    /// `net/http`), also for imports that could not be loaded. `None` when `id` is not a
    /// package name here (a local variable may shadow an import's name).
    pub fn import_path_of(&self, file: usize, id: Ident) -> Option<&str> {
        let obj = self.object_of(file, id)?;
        if self.prog.obj(obj).kind != ObjKind::PkgName {
            return None;
        }
        self.pkg.imports.get(file)?.iter().find(|imp| imp.obj.get() == Some(&obj)).map(|imp| &*imp.path)
    }

    /// The type of expression `e` of file `file` (`TypeId::INVALID` when unknown).
    pub fn type_of(&self, file: usize, e: ExprId) -> TypeId {
        self.rec.types.get(file).and_then(|v| v.get(e.index())).copied().unwrap_or(TypeId::INVALID)
    }

    /// The type of an object (resolving package-level declarations on demand).
    pub fn obj_type(&self, obj: ObjId) -> TypeId {
        self.prog.obj_type(obj)
    }

    pub fn type_string(&self, t: TypeId) -> String {
        self.prog.type_string(t)
    }

    /// The integer value of a constant expression, if it is one.
    pub fn int_const(&self, file: usize, e: ExprId) -> Option<i128> {
        self.rec.int_consts.get(file)?.get(&e)
    }

    /// Import path of the package declaring `obj` (`None` for predeclared objects).
    pub fn obj_pkg_path(&self, obj: ObjId) -> Option<&str> {
        let p = self.prog.obj(obj).pkg;
        (p != PkgId::UNIVERSE).then(|| self.prog.package(p).map(|p| &*p.path)).flatten()
    }

    /// Whether `t` is exactly the named type `pkg.name` (aliases are already unfolded).
    pub fn is_named(&self, t: TypeId, pkg: &str, name: &str) -> bool {
        match self.prog.types.get(t) {
            TypeData::Named(n) => {
                let obj = n.origin.map_or(n.obj, |o| match self.prog.types.get(o) {
                    TypeData::Named(on) => on.obj,
                    _ => n.obj,
                });
                self.prog.obj_name(obj) == name && self.obj_pkg_path(obj) == Some(pkg)
            }
            _ => false,
        }
    }

    /// Whether `t` is `sync.<name>` or a pointer to it (`is_sync_type(t, "Mutex")`).
    pub fn is_sync_type(&self, t: TypeId, name: &str) -> bool {
        let t = match self.prog.types.get(t) {
            TypeData::Pointer(el) => *el,
            _ => t,
        };
        self.is_named(t, "sync", name)
    }

    /// `Some("Mutex")`/`Some("RWMutex")` when `t` is that sync lock or a pointer to it:
    /// the one answer to "is this a sync lock" (see [`sync_lock_name`]).
    pub fn sync_lock_of(&self, t: TypeId) -> Option<&'static str> {
        SYNC_LOCKS.iter().copied().find(|n| self.is_sync_type(t, n))
    }

    /// The sync lock type name (`Mutex`/`RWMutex`) a lock call's receiver resolves to,
    /// following promotion through embedded fields and pointers: for `s.Lock()` where `s`
    /// embeds `*sync.Mutex` this is `Some("Mutex")`.
    pub fn lock_kind(&self, file: usize, call: ExprId) -> Option<&'static str> {
        let t = self.call_target(file, call)?;
        if t.pkg != "sync" {
            return None;
        }
        sync_lock_name(t.recv?)
    }

    /// Whether a value of type `t` holds a `sync.<name>` by value (directly, in a struct
    /// field or array element): copying such a value copies the lock.
    pub fn contains_sync_type(&self, t: TypeId, name: &str) -> bool {
        self.contains_depth(t, name, 0)
    }

    fn contains_depth(&self, t: TypeId, name: &str, depth: u32) -> bool {
        if depth > 12 {
            return false;
        }
        if self.is_named(t, "sync", name) {
            return true;
        }
        match self.prog.types.get(self.prog.underlying(t)) {
            TypeData::Struct(st) => {
                st.fields.iter().any(|&f| self.contains_depth(self.prog.obj_type(f), name, depth + 1))
            }
            TypeData::Array(_, el) => self.contains_depth(*el, name, depth + 1),
            _ => false,
        }
    }

    /// Looks up `x.name` on a value of type `t` (fields and methods, promoted ones too).
    pub fn select(&self, t: TypeId, name: &str) -> Option<Selection> {
        lookup_field_or_method(self.prog, t, name)
    }

    /// Direction and element type of a channel type.
    pub fn chan_of(&self, t: TypeId) -> Option<(ChanDir, TypeId)> {
        match self.prog.types.get(self.prog.underlying(t)) {
            TypeData::Chan(d, el) => Some((*d, *el)),
            _ => None,
        }
    }

    /// For `make(chan T[, n])`: the buffer size. `None` when `call` is not such a call.
    pub fn make_chan_buffer(&self, file: usize, call: ExprId) -> Option<ChanBuffer> {
        let f = self.pkg.files.get(file)?;
        let ExprKind::Call { fun, args, .. } = &f.expr(call).kind else { return None };
        let ExprKind::Ident(id) = f.expr(unparen(f, *fun)).kind else { return None };
        let obj = self.object_of(file, id)?;
        if self.prog.obj(obj).kind != ObjKind::Builtin(crate::objects::Builtin::Make) {
            return None;
        }
        self.chan_of(self.type_of(file, call))?;
        Some(match args.get(1) {
            None => ChanBuffer::Unbuffered,
            Some(&n) => match self.int_const(file, n) {
                Some(0) => ChanBuffer::Unbuffered,
                Some(v) => ChanBuffer::Const(v),
                None => ChanBuffer::Dynamic,
            },
        })
    }

    // ---- calls -------------------------------------------------------------------

    /// The function or method object a call reaches statically (for interface method
    /// calls: the interface's method).
    pub fn callee(&self, file: usize, call: ExprId) -> Option<ObjId> {
        self.rec.callees.get(file)?.get(call.index()).copied().filter(|&o| o != crate::check::NO_CALLEE)
    }

    /// What a call reaches, as (package path, receiver type name, function name).
    pub fn call_target(&self, file: usize, call: ExprId) -> Option<CallTarget<'_>> {
        let obj = self.callee(file, call)?;
        let o = self.prog.obj(obj);
        let name = self.prog.obj_name(obj);
        if !o.is_method() {
            return Some(CallTarget { pkg: self.obj_pkg_path(obj)?, recv: None, name });
        }
        if let Some(base) = o.aux() {
            if let TypeData::Named(n) = self.prog.types.get(TypeId(base)) {
                return Some(CallTarget {
                    pkg: self.obj_pkg_path(n.obj)?,
                    recv: Some(self.prog.obj_name(n.obj)),
                    name,
                });
            }
        }
        // An interface method: name the interface through the selector's operand.
        let f = self.pkg.files.get(file)?;
        let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return None };
        let ExprKind::Selector { x, .. } = &f.expr(unparen(f, *fun)).kind else { return None };
        let mut t = self.type_of(file, *x);
        if let TypeData::Pointer(el) = self.prog.types.get(t) {
            t = *el;
        }
        match self.prog.types.get(t) {
            TypeData::Named(n) => {
                Some(CallTarget { pkg: self.obj_pkg_path(n.obj)?, recv: Some(self.prog.obj_name(n.obj)), name })
            }
            _ => Some(CallTarget { pkg: self.obj_pkg_path(obj).unwrap_or(""), recv: None, name }),
        }
    }

    /// Whether `call` reaches `pkg.name` (functions) or `pkg.recv.name` (methods).
    pub fn is_call_to(&self, file: usize, call: ExprId, pkg: &str, recv: Option<&str>, name: &str) -> bool {
        self.call_target(file, call).is_some_and(|t| t.pkg == pkg && t.recv == recv && t.name == name)
    }

    /// Methods of this package's types that an interface method call may reach
    /// (types whose method set has every method of the interface).
    pub fn implementations(&self, iface_method: ObjId) -> Vec<ObjId> {
        let name = self.prog.obj_name(iface_method);
        let mut out = Vec::new();
        let Some(iface) = self.interface_of_method(iface_method) else { return out };
        let needed: Vec<&str> =
            crate::lookup::interface_methods(self.prog, iface).iter().map(|&m| self.prog.obj_name(m)).collect();
        for &t in &self.pkg.named {
            if matches!(self.prog.types.get(self.prog.underlying(t)), TypeData::Interface(_)) {
                continue;
            }
            let ptr = self.prog.types.pointer(t);
            if needed.iter().all(|n| crate::lookup::has_method(self.prog, ptr, n)) {
                if let Some(s) = lookup_field_or_method(self.prog, ptr, name) {
                    out.push(s.obj);
                }
            }
        }
        out
    }

    fn interface_of_method(&self, m: ObjId) -> Option<TypeId> {
        // Interface methods are found through the interface types of this package and
        // of the selector operands recorded; scan the package's named interfaces.
        for &t in &self.pkg.named {
            let u = self.prog.underlying(t);
            if let TypeData::Interface(_) = self.prog.types.get(u) {
                if crate::lookup::interface_methods(self.prog, u).contains(&m) {
                    return Some(u);
                }
            }
        }
        None
    }

    // ---- closures and bodies -------------------------------------------------------

    /// Variables a function literal captures from enclosing functions.
    pub fn captures(&self, file: usize, func_lit: ExprId) -> &[ObjId] {
        self.rec.captures.get(file).and_then(|m| m.get(&func_lit)).map_or(&[], |v| &v[..])
    }

    /// Whether `obj` is a loop variable shared by all iterations (module `go` < 1.22), so
    /// closures capturing it see later iterations' values.
    pub fn is_shared_loop_var(&self, obj: ObjId) -> bool {
        self.prog.obj(obj).flags.has(ObjFlags::LOOP_VAR) && !self.pkg.go_version.has_per_iteration_loop_vars()
    }

    /// Every function body of the package (declarations and literals).
    pub fn bodies(&self) -> &[Body] {
        &self.rec.bodies
    }

    /// The body of a FuncDecl (`decl` indexes `file.decls`) or FuncLit.
    pub fn body_of(&self, file: usize, owner: BodyOwner) -> Option<&Body> {
        self.rec.bodies.iter().find(|b| b.file as usize == file && b.owner == owner)
    }

    /// The object of a FuncDecl by its index in `file.decls`.
    pub fn func_decl_obj(&self, file: usize, decl: usize) -> Option<ObjId> {
        self.rec.func_objs.get(file)?.get(&(decl as u32)).copied()
    }
}

/// The types of package `sync` that are locks (mutual exclusion with `Lock`/`Unlock`).
const SYNC_LOCKS: [&str; 2] = ["Mutex", "RWMutex"];

/// `name` as a `'static` name when `sync.<name>` is a lock type (`Mutex`, `RWMutex`).
/// Every "is this a sync lock" question of the model and the rules ends here.
pub fn sync_lock_name(name: &str) -> Option<&'static str> {
    SYNC_LOCKS.iter().copied().find(|n| *n == name)
}

/// The expression inside any parentheses (go/ast.Unparen): the one definition the
/// model and the rules share.
pub fn unparen(f: &File, mut e: ExprId) -> ExprId {
    while let ExprKind::Paren { x } = &f.expr(e).kind {
        e = *x;
    }
    e
}

impl Program {
    /// Checks a package added with [`Program::add_target`] (a package loaded as an import
    /// has no function bodies to check).
    pub fn check(&self, id: PkgId) -> Option<PackageModel<'_>> {
        let pkg = self.package(id)?.clone();
        let rec = crate::check::check_package(self, id);
        Some(PackageModel { prog: self, pkg, rec })
    }
}
