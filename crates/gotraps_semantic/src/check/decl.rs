//! Declarations: lazy resolution of package-level objects, and the complete check of a
//! target package (every declaration and function body, recorded).

use super::{Body, BodyOwner, Checker, Record, NO_CALLEE};
use crate::collect::{DeclRef, PackageData};
use crate::constant::ConstVal;
use crate::objects::{ObjId, ObjKind, PkgId};
use crate::program::Program;
use crate::recorded::RecordedMap;
use crate::types::{TypeData, TypeId};
use gotraps_syntax::ast::{Decl, GenTok, Spec, ValueSpec};
use rustc_hash::FxHashMap;

/// Resolves the type (and constant value) of one package-level object. Called with the
/// package's lock held.
pub(crate) fn resolve_decl(prog: &Program, pkg: &PackageData, obj: ObjId) -> TypeId {
    let Some(&d) = pkg.decls.get(&obj) else { return TypeId::INVALID };
    match d {
        DeclRef::Const { file, decl, spec, src_spec, name, iota } => {
            let mut c = Checker::new(prog, pkg, file as usize, None);
            let f = c.file;
            let Some(Decl::Gen(g)) = f.decls.get(decl as usize) else { return TypeId::INVALID };
            let _ = spec;
            let Some(Spec::Value(vs)) = g.specs.get(src_spec as usize) else { return TypeId::INVALID };
            let (t, v) = c.const_value(vs, name as usize, iota as i128);
            let idx = prog.add_const(v);
            prog.obj(obj).set_aux(idx);
            t
        }
        DeclRef::Var { file, decl, spec, name } => {
            let mut c = Checker::new(prog, pkg, file as usize, None);
            let f = c.file;
            let Some(Decl::Gen(g)) = f.decls.get(decl as usize) else { return TypeId::INVALID };
            let Some(Spec::Value(vs)) = g.specs.get(spec as usize) else { return TypeId::INVALID };
            let types = c.var_types(vs);
            // Set every name of the spec: `var a, b = f()` resolves both at once.
            for (i, n) in vs.names.iter().enumerate() {
                if let Some(&o) = pkg.decl_at.get(&(file, n.span.start)) {
                    if o != obj && prog.obj(o).ty_raw() >= crate::types::IN_PROGRESS {
                        prog.obj(o).set_ty(types.get(i).copied().unwrap_or(TypeId::INVALID));
                    }
                }
            }
            types.get(name as usize).copied().unwrap_or(TypeId::INVALID)
        }
        DeclRef::Type { file, decl, spec } => {
            let mut c = Checker::new(prog, pkg, file as usize, None);
            let f = c.file;
            let Some(Decl::Gen(g)) = f.decls.get(decl as usize) else { return TypeId::INVALID };
            let Some(Spec::Type(ts)) = g.specs.get(spec as usize) else { return TypeId::INVALID };
            let o = prog.obj(obj);
            let Some(named) = o.aux() else {
                // An alias.
                c.open_scope();
                if let Some(tps) = &ts.type_params {
                    c.declare_type_params(tps, None);
                }
                return c.typ(ts.typ);
            };
            let named = TypeId(named);
            let TypeData::Named(n) = prog.types.get(named) else { return TypeId::INVALID };
            c.open_scope();
            let tps = match &ts.type_params {
                Some(tps) => c.declare_type_params(tps, None),
                None => Vec::new(),
            };
            let _ = n.type_params.set(tps.into());
            let rhs = c.typ(ts.typ);
            let u = prog.underlying(rhs);
            let u = match prog.types.get(u) {
                TypeData::Named(_) | TypeData::TypeParam(_) => TypeId::INVALID,
                _ => u,
            };
            n.set_underlying(u);
            named
        }
        DeclRef::Func { file, decl } => {
            let mut c = Checker::new(prog, pkg, file as usize, None);
            let f = c.file;
            let Some(Decl::Func(fd)) = f.decls.get(decl as usize) else { return TypeId::INVALID };
            c.open_scope();
            c.signature(&fd.typ, fd.recv.as_ref(), false)
        }
    }
}

impl Checker<'_> {
    /// Type and value of the `name`-th constant of a spec (iota set to `iota`).
    pub fn const_value(&mut self, vs: &ValueSpec, name: usize, iota: i128) -> (TypeId, ConstVal) {
        let saved = self.iota.replace(iota);
        let declared = vs.typ.map(|t| self.typ(t));
        let (mut t, v) = match vs.values.get(name) {
            Some(&e) => {
                let op = self.expr(e, declared);
                (op.ty, op.val.unwrap_or(ConstVal::Unknown))
            }
            None => (TypeId::INVALID, ConstVal::Unknown),
        };
        if let Some(d) = declared {
            t = d;
        }
        self.iota = saved;
        (t, v)
    }

    /// Types of the names of a var spec.
    pub fn var_types(&mut self, vs: &ValueSpec) -> Vec<TypeId> {
        let n = vs.names.len();
        if let Some(te) = vs.typ {
            let t = self.typ(te);
            for &v in &vs.values {
                self.expr(v, Some(t));
            }
            return vec![t; n];
        }
        if vs.values.len() == n {
            return vs
                .values
                .iter()
                .map(|&v| {
                    let op = self.expr(v, None);
                    self.default_type(op.ty)
                })
                .collect();
        }
        if let [v] = vs.values[..] {
            return self.multi_value(v, n);
        }
        for &v in &vs.values {
            self.expr(v, None);
        }
        vec![TypeId::INVALID; n]
    }
}

/// Checks a target package completely and returns what it found.
pub(crate) fn check_package(prog: &Program, id: PkgId) -> Record {
    let Some(pkg) = prog.package(id) else { return Record::default() };
    let pkg: &PackageData = pkg;
    let mut rec = Record {
        idents: pkg
            .files
            .iter()
            .map(|f| FxHashMap::with_capacity_and_hasher(f.exprs.len() / 2 + 16, Default::default()))
            .collect(),
        types: pkg.files.iter().map(|f| vec![TypeId::INVALID; f.exprs.len()]).collect(),
        captures: vec![FxHashMap::default(); pkg.files.len()],
        callees: pkg.files.iter().map(|f| vec![NO_CALLEE; f.exprs.len()]).collect(),
        bodies: Vec::new(),
        func_objs: vec![FxHashMap::default(); pkg.files.len()],
        int_consts: vec![RecordedMap::default(); pkg.files.len()],
    };
    for fi in 0..pkg.files.len() {
        let mut c = Checker::new(prog, pkg, fi, Some(&mut rec));
        let f = c.file;
        let mut import_index = 0usize;
        for (di, d) in f.decls.iter().enumerate() {
            match d {
                Decl::Gen(g) => {
                    let mut iota = 0i128;
                    for spec in &g.specs {
                        match spec {
                            Spec::Import(is) => {
                                if let Some(n) = is.name {
                                    let o = c.pkg_name_obj(import_index);
                                    c.record_ident(n, o);
                                }
                                import_index += 1;
                            }
                            Spec::Value(vs) => {
                                for &n in &vs.names {
                                    if let Some(&o) = pkg.decl_at.get(&(fi as u32, n.span.start)) {
                                        c.record_ident(n, o);
                                    }
                                }
                                if g.tok == GenTok::Const {
                                    if vs.typ.is_some() || !vs.values.is_empty() {
                                        for i in 0..vs.values.len().max(1) {
                                            c.const_value(vs, i, iota);
                                        }
                                    }
                                } else {
                                    let first =
                                        vs.names.first().and_then(|n| pkg.decl_at.get(&(fi as u32, n.span.start)));
                                    match (vs.typ, first) {
                                        (Some(te), Some(&o)) => {
                                            let t = prog.obj_type(o);
                                            c.record_type_expr(te, t);
                                            for &v in &vs.values {
                                                c.expr(v, Some(t));
                                            }
                                        }
                                        _ => {
                                            c.var_types(vs);
                                        }
                                    }
                                }
                                iota += 1;
                            }
                            Spec::Type(ts) => {
                                let Some(&o) = pkg.decl_at.get(&(fi as u32, ts.name.span.start)) else { continue };
                                c.record_ident(ts.name, o);
                                c.open_scope();
                                let t = prog.obj_type(o);
                                if prog.obj(o).aux().is_some() && prog.obj(o).kind == ObjKind::TypeName {
                                    let tps = crate::subst::type_params_of(prog, t);
                                    if let Some(list) = &ts.type_params {
                                        c.declare_type_params(list, Some(&tps));
                                    }
                                    let u = prog.underlying(t);
                                    c.record_type_expr(ts.typ, u);
                                } else {
                                    if let Some(list) = &ts.type_params {
                                        c.declare_type_params(list, None);
                                    }
                                    c.typ(ts.typ);
                                }
                                c.close_scope();
                            }
                        }
                    }
                }
                Decl::Func(fd) => {
                    let Some(&o) = pkg.decl_at.get(&(fi as u32, fd.name.span.start)) else { continue };
                    c.record_ident(fd.name, o);
                    let sig = prog.obj_type(o);
                    c.open_scope();
                    c.signature(&fd.typ, fd.recv.as_ref(), true);
                    if let Some(body) = fd.body {
                        c.enter_func(sig, None);
                        c.func_body(body);
                        c.leave_func();
                        if let Some(r) = c.rec.as_deref_mut() {
                            r.bodies.push(Body { file: fi as u32, owner: BodyOwner::Decl(di as u32), body, sig });
                            r.func_objs[fi].insert(di as u32, o);
                        }
                    }
                    c.close_scope();
                }
                Decl::Bad(_) => {}
            }
        }
    }
    for m in &mut rec.int_consts {
        m.finish();
    }
    rec
}
