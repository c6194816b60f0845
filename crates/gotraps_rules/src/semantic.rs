//! Questions rules ask the semantic model, in the terms rules think in: "which function
//! does this call reach", "which variable or field is this", "is this a channel of
//! os.Signal". Each answers `None` when the model is absent or does not know; callers
//! then fall back to syntax or stay silent.

use crate::checker::Checker;
use gotraps_semantic::{ObjFlags, ObjId, ObjKind, PackageModel, PkgId, TypeData, TypeId};
use gotraps_syntax::ast::{ExprId, ExprKind, File, StmtId, StmtKind};

/// What a call's function expression denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Callee<'a> {
    /// Import path of the declaring package.
    pub pkg: &'a str,
    /// Receiver base type name for a method (`Logger` for `(*log.Logger).Fatal`).
    pub recv: Option<&'a str>,
    pub name: &'a str,
    pub obj: ObjId,
}

/// The function or method a call reaches statically (`pkg.F()`, `x.M()`, `F()`).
pub fn callee<'a>(cx: &Checker<'a>, call: ExprId) -> Option<Callee<'a>> {
    let model = cx.semantic()?;
    let ExprKind::Call { fun, .. } = &cx.file.expr(call).kind else { return None };
    let fun = gotraps_semantic::unparen(cx.file, *fun);
    let (ident, base) = match &cx.file.expr(fun).kind {
        ExprKind::Ident(i) => (*i, None),
        ExprKind::Selector { x, sel } => (*sel, Some(*x)),
        _ => return None,
    };
    let obj = model.object_of(cx.file_index, ident)?;
    let o = model.prog.obj(obj);
    if o.kind != ObjKind::Func {
        return None;
    }
    let pkg = model.prog.package(o.pkg).map(|p| &*p.path)?;
    let recv = if o.flags.0 & ObjFlags::METHOD != 0 {
        base.and_then(|b| named_type_name(cx, model.type_of(cx.file_index, b)))
    } else {
        None
    };
    Some(Callee { pkg, recv, name: model.prog.obj_name(obj), obj })
}

/// The name of a named type, through one pointer (`*log.Logger` -> `Logger`).
fn named_type_name<'a>(cx: &Checker<'a>, t: TypeId) -> Option<&'a str> {
    let model = cx.semantic()?;
    let types = &model.prog.types;
    let t = match types.get(t) {
        TypeData::Pointer(elem) => *elem,
        _ => t,
    };
    match types.get(t) {
        TypeData::Named(n) => Some(model.prog.obj_name(n.obj)),
        _ => None,
    }
}

/// The variable or struct field an expression names (`ch`, `s.quit`, `(ch)`).
pub fn var_object(cx: &Checker, e: ExprId) -> Option<ObjId> {
    var_object_in(cx, cx.file_index, e)
}

/// [`var_object`] for an expression of another file of the package.
pub fn var_object_in(cx: &Checker, file_index: usize, e: ExprId) -> Option<ObjId> {
    let model = cx.semantic()?;
    let file = &cx.package.files.get(file_index)?.ast;
    let ident = match &file.expr(e).kind {
        ExprKind::Ident(i) => *i,
        ExprKind::Selector { sel, .. } => *sel,
        ExprKind::Paren { x } => return var_object_in(cx, file_index, *x),
        _ => return None,
    };
    let obj = model.object_of(file_index, ident)?;
    matches!(model.prog.obj(obj).kind, ObjKind::Var | ObjKind::Field).then_some(obj)
}

/// Whether `t` is a channel whose element type is `os.Signal`.
pub fn is_signal_chan(cx: &Checker, t: TypeId) -> Option<bool> {
    let model = cx.semantic()?;
    let types = &model.prog.types;
    let TypeData::Chan(_, elem) = types.get(model.prog.underlying(t)) else {
        return if t.is_invalid() { None } else { Some(false) };
    };
    match types.get(*elem) {
        TypeData::Named(n) => {
            let o = model.prog.obj(n.obj);
            let pkg = model.prog.package(o.pkg).map(|p| &*p.path);
            Some(pkg == Some("os") && model.prog.obj_name(n.obj) == "Signal")
        }
        _ => Some(false),
    }
}

/// The declaration (with body) of a function or method of the package being checked, and
/// the file it is in (`None` for other packages: their bodies are not analyzed).
pub fn func_decl<'a>(
    cx: &Checker<'a>,
    obj: ObjId,
) -> Option<(&'a gotraps_syntax::File, &'a gotraps_syntax::ast::FuncDecl)> {
    let (fi, decl) = cx.package.decl_of(obj)?;
    Some((&cx.package.files[fi].ast, decl))
}

/// The declaring package path and name of an expression's named type, through one
/// pointer (`cancel` -> `("context", "CancelFunc")`).
pub fn named_type_of<'a>(cx: &Checker<'a>, e: ExprId) -> Option<(&'a str, &'a str)> {
    let model = cx.semantic()?;
    let types = &model.prog.types;
    let mut t = model.type_of(cx.file_index, e);
    if let TypeData::Pointer(elem) = types.get(t) {
        t = *elem;
    }
    let TypeData::Named(n) = types.get(t) else { return None };
    let o = model.prog.obj(n.obj);
    let pkg = model.prog.package(o.pkg).map(|p| &*p.path)?;
    Some((pkg, model.prog.obj_name(n.obj)))
}

/// Whether the model types `e` as `pkg.T` or `*pkg.T` for one of `names`; `false` when
/// it does not know.
pub fn has_named_type(cx: &Checker, e: ExprId, pkg: &str, names: &[&str]) -> bool {
    named_type_of(cx, gotraps_semantic::unparen(cx.file, e)).is_some_and(|(p, n)| p == pkg && names.contains(&n))
}

/// Whether statement `id` is a call that never returns (see
/// [`PackageModel::never_returns`]). Without the model (a package it could not type)
/// the calls are matched by spelling: this is the one syntax fallback of the fact.
pub fn stmt_never_returns(model: Option<(&PackageModel, usize)>, file: &File, id: StmtId) -> bool {
    let StmtKind::Expr(e) = file.stmt(id).kind else { return false };
    call_never_returns(model, file, e)
}

/// Whether call `e` never returns; see [`stmt_never_returns`].
pub fn call_never_returns(model: Option<(&PackageModel, usize)>, file: &File, e: ExprId) -> bool {
    if let Some((m, fi)) = model {
        return m.never_returns(fi, e);
    }
    let ExprKind::Call { fun, .. } = &file.expr(e).kind else { return false };
    match &file.expr(gotraps_semantic::unparen(file, *fun)).kind {
        ExprKind::Ident(i) => file.name(*i) == "panic",
        ExprKind::Selector { x, sel } => {
            let sel = file.name(*sel);
            let ExprKind::Ident(pkg) = file.expr(*x).kind else { return false };
            matches!(
                (file.name(pkg), sel),
                ("os", "Exit")
                    | ("runtime", "Goexit")
                    | ("log", "Fatal" | "Fatalf" | "Fatalln" | "Panic" | "Panicf" | "Panicln")
                    | ("t" | "b" | "tb" | "f", "Fatal" | "Fatalf" | "FailNow" | "Skip" | "Skipf" | "SkipNow")
            )
        }
        _ => false,
    }
}

/// A method rules look for: `names` of one receiver type, or of any receiver when a rule
/// means "whatever has a method of that name" on purpose ([`Method::any`]).
#[derive(Clone, Copy, Debug)]
pub struct Method {
    /// Declaring package path and receiver base type name (the interface's name for an
    /// interface method, as [`gotraps_semantic::CallTarget`] reports it); `None`: any
    /// receiver.
    recv: Option<(&'static str, &'static str)>,
    names: &'static [&'static str],
    /// With the model, a call it does not resolve is no match (see [`Method::known_only`]).
    known_only: bool,
}

impl Method {
    /// `names` declared on `pkg.recv` (also when promoted through embedding).
    pub const fn of(pkg: &'static str, recv: &'static str, names: &'static [&'static str]) -> Method {
        Method { recv: Some((pkg, recv)), names, known_only: false }
    }

    /// The same method, but where the model typed the package and still does not know
    /// the call (a receiver from a package it could not load), no match instead of the
    /// spelling: for rules whose name is shared by methods with other contracts.
    pub const fn known_only(self) -> Method {
        Method { known_only: true, ..self }
    }

    /// `names` in any `x.Name(...)` call, whatever `x` is (a value of any type, or an
    /// imported package): the rule accepts everything shaped like that on purpose.
    pub const fn any(names: &'static [&'static str]) -> Method {
        Method { recv: None, names, known_only: false }
    }
}

/// If `call` is `x.M(...)` for one of `method`'s names and reaches that method: the
/// receiver expression `x` and the matched name. The model decides what the call
/// reaches; when it did not type the package or does not know the selector (a receiver
/// from a package it could not load), the spelling decides: this is the one syntax
/// fallback for method calls.
pub fn method_call(cx: &Checker, call: ExprId, method: Method) -> Option<(ExprId, &'static str)> {
    method_call_in(cx, cx.file_index, call, method)
}

/// [`method_call`] for a call in file `fi` of the package.
pub fn method_call_in(cx: &Checker, fi: usize, call: ExprId, method: Method) -> Option<(ExprId, &'static str)> {
    let file: &File = &cx.package.files.get(fi)?.ast;
    let ExprKind::Call { fun, .. } = &file.expr(call).kind else { return None };
    let ExprKind::Selector { x, sel } = &file.expr(gotraps_semantic::unparen(file, *fun)).kind else { return None };
    let spelled = file.name(*sel);
    let name = method.names.iter().copied().find(|n| *n == spelled)?;
    let (Some((pkg, recv)), Some(model)) = (method.recv, cx.semantic()) else { return Some((*x, name)) };
    let Some(obj) = model.object_of(fi, *sel) else { return (!method.known_only).then_some((*x, name)) };
    let o = model.prog.obj(obj);
    if o.kind != ObjKind::Func || !o.is_method() {
        return None;
    }
    let target = model.call_target(fi, call)?;
    (target.pkg == pkg && target.recv == Some(recv)).then_some((*x, name))
}

/// The receiver `x` of a method-style call `x.M(...)`, whatever `M` is (for rules that
/// then ask the model about `x` itself).
pub fn call_receiver(file: &File, call: ExprId) -> Option<ExprId> {
    let ExprKind::Call { fun, .. } = &file.expr(call).kind else { return None };
    match &file.expr(gotraps_semantic::unparen(file, *fun)).kind {
        ExprKind::Selector { x, .. } => Some(*x),
        _ => None,
    }
}

/// Whether `e` is `x.Done()` returning a channel: a context's done channel or anything
/// shaped like it (a stop signal of any type), on purpose; `sync.WaitGroup.Done` and
/// other `Done` methods that return no channel are not. Without a type for the call (the
/// model did not type the package, or not this receiver), the spelling decides.
pub fn is_done_call(cx: &Checker, e: ExprId) -> bool {
    let file = cx.file;
    let e = gotraps_semantic::unparen(file, e);
    if !matches!(&file.expr(e).kind, ExprKind::Call { args, .. } if args.is_empty()) {
        return false;
    }
    if method_call(cx, e, Method::any(&["Done"])).is_none() {
        return false;
    }
    match cx.semantic() {
        Some(model) if selector_known(cx, cx.file_index, e) => model.chan_of(model.type_of(cx.file_index, e)).is_some(),
        _ => true,
    }
}

/// Whether the model knows what the selector of call `x.M(...)` in file `fi` denotes
/// (`false` without the model, or for a receiver from a package it could not load).
pub fn selector_known(cx: &Checker, fi: usize, call: ExprId) -> bool {
    let (Some(model), Some(file)) = (cx.semantic(), cx.package.files.get(fi)) else { return false };
    let ExprKind::Call { fun, .. } = &file.ast.expr(call).kind else { return false };
    match file.ast.expr(gotraps_semantic::unparen(&file.ast, *fun)).kind {
        ExprKind::Selector { sel, .. } => model.object_of(fi, sel).is_some(),
        _ => false,
    }
}

/// Whether expression `e` of file `fi` (an identifier, through parentheses) is the
/// predeclared builtin `b`, not a local function or variable of that name. Without the
/// model (or an identifier it does not know), the spelling decides: the one syntax
/// fallback for builtins.
pub fn is_builtin(cx: &Checker, fi: usize, e: ExprId, b: gotraps_semantic::Builtin) -> bool {
    use gotraps_semantic::Builtin;
    let Some(file) = cx.package.files.get(fi).map(|f| &*f.ast) else { return false };
    let ExprKind::Ident(id) = file.expr(gotraps_semantic::unparen(file, e)).kind else { return false };
    let spelled = match b {
        Builtin::Close => "close",
        Builtin::Make => "make",
        Builtin::Len => "len",
        Builtin::Cap => "cap",
        Builtin::Recover => "recover",
        Builtin::Panic => "panic",
        Builtin::New => "new",
        _ => return false,
    };
    if file.name(id) != spelled {
        return false;
    }
    match cx.semantic().and_then(|m| m.object_of(fi, id).map(|o| m.prog.obj(o).kind)) {
        Some(kind) => kind == ObjKind::Builtin(b),
        None => true,
    }
}

/// Whether expression `e` of `file` (an identifier, through parentheses) is the
/// predeclared `name` of the universe (`nil`, `error`, `new`, `true`), not a package's
/// own declaration that shadows it (`new := ...`, `type error struct{...}`). `model` is
/// the package's model and the file's index in it. Without the model (or an identifier
/// it does not know), the spelling decides: the one syntax fallback for predeclared names.
pub fn is_universe(model: Option<(&PackageModel, usize)>, file: &File, e: ExprId, name: &str) -> bool {
    let ExprKind::Ident(id) = file.expr(gotraps_semantic::unparen(file, e)).kind else { return false };
    if file.name(id) != name {
        return false;
    }
    match model.and_then(|(m, fi)| Some((m, m.object_of(fi, id)?))) {
        Some((m, obj)) => m.prog.obj(obj).pkg == PkgId::UNIVERSE,
        None => true,
    }
}

/// [`is_universe`] for an expression of the file being checked.
pub fn is_universe_here(cx: &Checker, e: ExprId, name: &str) -> bool {
    is_universe(cx.semantic().map(|m| (m, cx.file_index)), cx.file, e, name)
}

/// `close(ch)` in file `fi` (the builtin): the channel argument.
pub fn close_call_arg(cx: &Checker, fi: usize, call: ExprId) -> Option<ExprId> {
    let file = &cx.package.files.get(fi)?.ast;
    let ExprKind::Call { fun, args, .. } = &file.expr(call).kind else { return None };
    match args[..] {
        [ch] if is_builtin(cx, fi, *fun, gotraps_semantic::Builtin::Close) => Some(ch),
        _ => None,
    }
}
