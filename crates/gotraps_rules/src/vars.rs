//! Variables inside one function body: where a variable is defined and how it is used
//! (called, selected, passed on), which context is in scope at a position, and what a few
//! constructors make (tickers, channels). A variable is a [`Var`]: the model's object
//! when it typed the package, so shadowing and redeclaration are resolved exactly. Only
//! for a package the model could not type does a `Var` fall back to its name; that
//! fallback lives in [`Var`] alone. Types and callees are asked of the model
//! (`crate::semantic`).
use crate::checker::Checker;
use crate::funcs::FuncRef;
use gotraps_semantic::unparen;
use gotraps_semantic::{ObjId, ObjKind};
use gotraps_syntax::ast::{AssignOp, ExprId, ExprKind, Field, File, Ident, Spec, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::visit::{self, Visitor};
use gotraps_syntax::Span;

/// A variable or field as rules refer to it: the model's object when the package was
/// typed; its name alone only when it was not (the one place rules match identifiers by
/// name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Var<'a> {
    pub name: &'a str,
    obj: Option<ObjId>,
}

impl<'a> Var<'a> {
    /// The variable or field that `e` (an identifier, `x.f`, or either in parentheses) of
    /// file `fi` names; `None` for `_` and when the model typed the package but does not
    /// know `e` (rules then stay silent rather than guess).
    pub fn of(cx: &Checker<'a>, fi: usize, e: ExprId) -> Option<Var<'a>> {
        let file: &'a File = &cx.package.files.get(fi)?.ast;
        let name = match &file.expr(e).kind {
            ExprKind::Ident(i) => file.name(*i),
            ExprKind::Selector { sel, .. } => file.name(*sel),
            ExprKind::Paren { x } => return Var::of(cx, fi, *x),
            _ => return None,
        };
        if name == "_" {
            return None;
        }
        match cx.semantic() {
            Some(_) => crate::semantic::var_object_in(cx, fi, e).map(|o| Var { name, obj: Some(o) }),
            None => Some(Var { name, obj: None }),
        }
    }

    /// The variable that identifier `ident` of file `fi` declares or uses.
    pub fn of_ident(cx: &Checker<'a>, fi: usize, ident: Ident) -> Option<Var<'a>> {
        let file: &'a File = &cx.package.files.get(fi)?.ast;
        let name = file.name(ident);
        if name == "_" {
            return None;
        }
        match cx.semantic() {
            Some(m) => m.object_of(fi, ident).map(|o| Var { name, obj: Some(o) }),
            None => Some(Var { name, obj: None }),
        }
    }

    /// [`Var::of`] for an expression of the file being checked.
    pub fn here(cx: &Checker<'a>, e: ExprId) -> Option<Var<'a>> {
        Var::of(cx, cx.file_index, e)
    }

    /// Whether identifier `ident` of file `fi` (whose syntax is `file`) denotes this
    /// variable.
    pub fn is(&self, cx: &Checker, fi: usize, file: &File, ident: Ident) -> bool {
        file.name(ident) == self.name
            && match self.obj {
                Some(o) => cx.semantic().and_then(|m| m.object_of(fi, ident)) == Some(o),
                None => true,
            }
    }

    /// Whether identifier `ident` of file `fi` may denote this variable or field: it does
    /// ([`Var::is`]), or it is spelled the same and the model does not know what it
    /// denotes (a receiver whose type it could not resolve). For package-wide questions
    /// that must not miss a use ("does anything close this field").
    pub fn may_be(&self, cx: &Checker, fi: usize, file: &File, ident: Ident) -> bool {
        file.name(ident) == self.name
            && match self.obj {
                Some(o) => cx.semantic().and_then(|m| m.object_of(fi, ident)).is_none_or(|x| x == o),
                None => true,
            }
    }

    /// Whether `e` (through parentheses) is `x.field` for this field ([`Var::may_be`]).
    pub fn may_be_selected(&self, cx: &Checker, fi: usize, file: &File, e: ExprId) -> bool {
        matches!(file.expr(unparen(file, e)).kind, ExprKind::Selector { sel, .. } if self.may_be(cx, fi, file, sel))
    }

    /// Whether `e` is the key `field: v` of a struct literal for this field
    /// ([`Var::may_be`]; the model resolves a key against the literal's struct type).
    pub fn may_be_key(&self, cx: &Checker, fi: usize, file: &File, e: ExprId) -> bool {
        matches!(file.expr(e).kind, ExprKind::KeyValue { key, .. }
            if matches!(file.expr(key).kind, ExprKind::Ident(k) if self.may_be(cx, fi, file, k)))
    }

    /// Whether expression `e` is this variable (through parentheses).
    pub fn is_expr(&self, cx: &Checker, fi: usize, file: &File, e: ExprId) -> bool {
        matches!(file.expr(unparen(file, e)).kind, ExprKind::Ident(i) if self.is(cx, fi, file, i))
    }
}

/// A variable, or a path of fields and indexes from one (`ch`, `s.mu`, `(*s).mu`,
/// `&c.mu`, `locks[i]`), as rules identify channels, WaitGroups and locks: the model's
/// object for the root variable and for each field, so a shadowing `ch := ...` in an
/// inner block, or `s.mu` of another `s`, is another place. Only where the model did not
/// type the package or does not know an identifier does a step fall back to its name;
/// that fallback lives here alone. An index step keeps the index's text (`locks[i]` is
/// one place wherever `i` is spelled so, whitespace aside). The text users read is
/// [`crate::locks::norm`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place<'a> {
    root: PlaceStep<'a>,
    path: Vec<PlaceStep<'a>>,
}

/// One step of a [`Place`].
#[derive(Clone, Copy, Debug)]
pub enum PlaceStep<'a> {
    /// The model's object: the root variable, or a field.
    Obj(ObjId),
    /// A name the model could not resolve (or no model).
    Name(&'a str),
    /// `[i]`: the index expression's text.
    Index(&'a str),
}

impl PartialEq for PlaceStep<'_> {
    fn eq(&self, o: &Self) -> bool {
        match (self, o) {
            (PlaceStep::Obj(a), PlaceStep::Obj(b)) => a == b,
            (PlaceStep::Name(a), PlaceStep::Name(b)) => a == b,
            (PlaceStep::Index(a), PlaceStep::Index(b)) => {
                a.chars().filter(|c| !c.is_whitespace()).eq(b.chars().filter(|c| !c.is_whitespace()))
            }
            _ => false,
        }
    }
}

impl Eq for PlaceStep<'_> {}

impl<'a> Place<'a> {
    /// The place expression `e` of file `fi` denotes; `None` for anything that involves
    /// a call, a literal or an operator other than `*`, `&` and parentheses.
    pub fn of(cx: &Checker<'a>, fi: usize, e: ExprId) -> Option<Place<'a>> {
        let file: &'a File = &cx.package.files.get(fi)?.ast;
        Place::in_file(cx.semantic(), fi, file, e)
    }

    /// [`Place::of`] for an expression of the file being checked.
    pub fn here(cx: &Checker<'a>, e: ExprId) -> Option<Place<'a>> {
        Place::of(cx, cx.file_index, e)
    }

    /// [`Place::of`] for analyses that hold the model and the file rather than a checker.
    pub fn in_file(
        model: Option<&gotraps_semantic::PackageModel>,
        fi: usize,
        file: &'a File,
        e: ExprId,
    ) -> Option<Place<'a>> {
        let object = |i: Ident| match model.and_then(|m| m.object_of(fi, i)) {
            Some(o) => PlaceStep::Obj(o),
            None => PlaceStep::Name(file.name(i)),
        };
        match &file.expr(e).kind {
            ExprKind::Ident(i) => Some(Place { root: object(*i), path: Vec::new() }),
            ExprKind::Paren { x } | ExprKind::Star { x } => Place::in_file(model, fi, file, *x),
            ExprKind::Unary { op: UnaryOp::And, x, .. } => Place::in_file(model, fi, file, *x),
            ExprKind::Selector { x, sel } => {
                // `pkg.V`: the imported package's variable is the root.
                if let (ExprKind::Ident(p), Some(m)) = (&file.expr(*x).kind, model) {
                    if let Some(o) = m.object_of(fi, *p) {
                        if m.prog.obj(o).kind == ObjKind::PkgName {
                            return Some(Place { root: object(*sel), path: Vec::new() });
                        }
                    }
                }
                let mut p = Place::in_file(model, fi, file, *x)?;
                p.path.push(object(*sel));
                Some(p)
            }
            ExprKind::Index { x, index } => {
                let mut p = Place::in_file(model, fi, file, *x)?;
                p.path.push(PlaceStep::Index(file.text(file.expr(*index).span)));
                Some(p)
            }
            _ => None,
        }
    }

    /// The model's object of the root variable (`s` in `s.a.mu`), if it knows it.
    pub fn root_obj(&self) -> Option<ObjId> {
        match self.root {
            PlaceStep::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// The steps after the root variable.
    pub fn path(&self) -> &[PlaceStep<'a>] {
        &self.path
    }

    /// This place with `steps` appended (a callee's path from its receiver, seen through
    /// the caller's receiver expression).
    pub fn join(&self, steps: &[PlaceStep<'a>]) -> Place<'a> {
        let mut p = self.clone();
        p.path.extend_from_slice(steps);
        p
    }

    /// Whether some step indexes (`locks[i]`, `s.chans[i].mu`).
    pub fn has_index(&self) -> bool {
        self.path.iter().any(|s| matches!(s, PlaceStep::Index(_)))
    }

    /// Whether this place is `base` or lies under it (`s.mu` under `s`): assigning
    /// `base` makes it another place.
    pub fn within(&self, base: &Place) -> bool {
        self.root == base.root && self.path.len() >= base.path.len() && self.path[..base.path.len()] == base.path[..]
    }
}

/// Occurrences of one variable in a function body (nested literals included).
#[derive(Default, Debug)]
pub struct Uses {
    /// `v(...)`: the call expressions.
    pub calls: Vec<Use>,
    /// `v.sel`: the selector expressions (method calls, field reads).
    pub selectors: Vec<Use>,
    /// Every other occurrence: passed, returned, assigned, compared, sent.
    pub other: Vec<Use>,
    /// Definitions of the variable under the body (`v :=`, `var v`, a literal's parameter
    /// `v`). With the model this is 0 or 1; by name alone, more than one means the name
    /// is reused and the answer cannot be trusted.
    pub defs: usize,
}

#[derive(Clone, Copy, Debug)]
pub struct Use {
    pub expr: ExprId,
    /// Innermost function literal around the use, if any.
    pub lit: Option<ExprId>,
}

impl Uses {
    pub fn all(&self) -> impl Iterator<Item = &Use> {
        self.calls.iter().chain(&self.selectors).chain(&self.other)
    }

    /// Whether any use sits inside a function literal.
    pub fn in_any_literal(&self) -> bool {
        self.all().any(|u| u.lit.is_some())
    }
}

/// Uses of `var` under `body` (a statement of file `fi`, usually a function body).
pub fn uses_of(cx: &Checker, fi: usize, body: StmtId, var: Var) -> Uses {
    struct Walk<'c, 'a> {
        cx: &'c Checker<'a>,
        fi: usize,
        var: Var<'a>,
        lits: Vec<ExprId>,
        out: Uses,
    }
    impl Walk<'_, '_> {
        fn is_var(&self, file: &File, e: ExprId) -> bool {
            matches!(file.expr(e).kind, ExprKind::Ident(i) if self.var.is(self.cx, self.fi, file, i))
        }
        fn at(&self, expr: ExprId) -> Use {
            Use { expr, lit: self.lits.last().copied() }
        }
        fn count_params(&mut self, file: &File, fields: &[Field]) {
            for f in fields {
                self.out.defs += f.names.iter().filter(|n| self.var.is(self.cx, self.fi, file, **n)).count();
            }
        }
    }
    impl Visitor for Walk<'_, '_> {
        fn visit_stmt(&mut self, file: &File, id: StmtId) {
            match &file.stmt(id).kind {
                StmtKind::Assign { lhs, op: AssignOp::Define, rhs, .. } => {
                    for &l in lhs {
                        if self.is_var(file, l) {
                            self.out.defs += 1;
                        } else {
                            self.visit_expr(file, l);
                        }
                    }
                    for &r in rhs {
                        self.visit_expr(file, r);
                    }
                }
                StmtKind::Range { key, value, op: Some(AssignOp::Define), x, body, .. } => {
                    for e in [key, value].into_iter().flatten() {
                        if self.is_var(file, *e) {
                            self.out.defs += 1;
                        }
                    }
                    self.visit_expr(file, *x);
                    self.visit_stmt(file, *body);
                }
                StmtKind::Decl(g) => {
                    for spec in &g.specs {
                        if let Spec::Value(vs) = spec {
                            self.out.defs +=
                                vs.names.iter().filter(|n| self.var.is(self.cx, self.fi, file, **n)).count();
                        }
                    }
                    visit::walk_stmt(self, file, id);
                }
                _ => visit::walk_stmt(self, file, id),
            }
        }
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            match &file.expr(id).kind {
                ExprKind::Ident(i) if self.var.is(self.cx, self.fi, file, *i) => {
                    let u = self.at(id);
                    self.out.other.push(u);
                }
                ExprKind::Call { fun, args, .. } if self.is_var(file, unparen(file, *fun)) => {
                    let u = self.at(id);
                    self.out.calls.push(u);
                    for &a in args {
                        self.visit_expr(file, a);
                    }
                }
                ExprKind::Selector { x, .. } if self.is_var(file, unparen(file, *x)) => {
                    let u = self.at(id);
                    self.out.selectors.push(u);
                }
                ExprKind::FuncLit { typ, body } => {
                    self.count_params(file, &typ.params.list);
                    if let Some(r) = &typ.results {
                        self.count_params(file, &r.list);
                    }
                    self.lits.push(id);
                    self.visit_stmt(file, *body);
                    self.lits.pop();
                }
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    let Some(sf) = cx.package.files.get(fi) else { return Uses::default() };
    let mut w = Walk { cx, fi, var, lits: Vec::new(), out: Uses::default() };
    w.visit_stmt(&sf.ast, body);
    w.out
}

/// The identifier name of `e` (through parentheses), if it is one.
pub fn ident_name(file: &File, e: ExprId) -> Option<&str> {
    match file.expr(unparen(file, e)).kind {
        ExprKind::Ident(i) => Some(file.name(i)),
        _ => None,
    }
}

/// The `context` constructors that return a cancel func with the derived context.
pub const CANCELLABLE_CONTEXT_FUNCS: &[&str] =
    &["WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause"];

/// Whether the expression tree `e` of the file being checked (not descending into
/// function literals) contains a call of `var`: `var(...)`.
pub fn calls_var(cx: &Checker, e: ExprId, var: Var) -> bool {
    struct Find<'c, 'a> {
        cx: &'c Checker<'a>,
        var: Var<'a>,
        found: bool,
    }
    impl Visitor for Find<'_, '_> {
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            if self.found {
                return;
            }
            match &file.expr(id).kind {
                ExprKind::FuncLit { .. } => {}
                ExprKind::Call { fun, .. } if self.var.is_expr(self.cx, self.cx.file_index, file, *fun) => {
                    self.found = true
                }
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    let mut f = Find { cx, var, found: false };
    f.visit_expr(cx.file, e);
    f.found
}

/// Whether the statement tree `s` of the file being checked (function literals included)
/// mentions `var` anywhere.
pub fn mentions(cx: &Checker, s: StmtId, var: Var) -> bool {
    let u = uses_of(cx, cx.file_index, s, var);
    u.all().next().is_some() || u.defs > 0
}

/// How a function can get at a context at some position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtxInScope<'a> {
    /// Source text that evaluates to the context, for messages: `ctx`, `r.Context()`.
    pub expr: String,
    /// The variable holding the context, or the `*http.Request` whose `Context()` it is.
    pub var: Var<'a>,
    /// Whether it comes from a `context.Context` (false: from an `*http.Request`).
    pub is_context: bool,
}

/// Functions whose body contains `at`, innermost first.
pub fn enclosing_funcs<'f>(file: &File, funcs: &[FuncRef<'f>], at: u32) -> Vec<FuncRef<'f>> {
    let mut out: Vec<FuncRef> = funcs.iter().copied().filter(|f| file.stmt(f.body).span.contains(at)).collect();
    out.sort_by_key(|f| std::cmp::Reverse(file.stmt(f.body).span.start));
    out
}

/// The context available at `at`: a `context.Context` parameter of an enclosing function
/// (or closure), a local defined before `at` from `context.With*`/`X.Context()`, or the
/// `Context()` of an `*http.Request` parameter. Innermost function first; a
/// `context.Context` is preferred over a request.
pub fn ctx_in_scope<'a>(cx: &Checker<'a>, funcs: &[FuncRef], at: u32) -> Option<CtxInScope<'a>> {
    if !(cx.imports_path("context") || cx.imports_path("net/http")) {
        return None;
    }
    let file = cx.file;
    let mut request = None;
    for f in enclosing_funcs(file, funcs, at) {
        for field in &f.typ.params.list {
            let Some(var) = field.names.first().and_then(|&n| Var::of_ident(cx, cx.file_index, n)) else { continue };
            let name = var.name;
            if cx.pkg_selector(field.typ, "context", &["Context"]).is_some() {
                return Some(CtxInScope { expr: name.to_string(), var, is_context: true });
            }
            if request.is_none() && is_http_request_ptr(cx, field.typ) {
                request = Some(CtxInScope { expr: format!("{name}.Context()"), var, is_context: false });
            }
        }
        if let Some(local) = local_ctx_before(cx, f.body, at) {
            return Some(local);
        }
    }
    request
}

fn is_http_request_ptr(cx: &Checker, typ: ExprId) -> bool {
    matches!(cx.file.expr(typ).kind, ExprKind::Star { x } if cx.pkg_selector(x, "net/http", &["Request"]).is_some())
}

/// `ctx := r.Context()` / `ctx, cancel := context.WithTimeout(...)` before `at`, in a
/// block that also holds `at`. A `Context()` method of any receiver counts when it
/// returns a `context.Context` (`r.Context()`, `cmd.Context()`, ...): the model's type of
/// the call decides; without one (an untyped package or receiver), the spelling does.
fn local_ctx_before<'a>(cx: &Checker<'a>, body: StmtId, at: u32) -> Option<CtxInScope<'a>> {
    let file = cx.file;
    let mut found = None;
    crate::funcs::for_each_stmt(file, body, |id, enclosing| {
        let s = file.stmt(id);
        if s.span.end > at || !enclosing.last().is_none_or(|&b| file.stmt(b).span.contains(at)) {
            return;
        }
        let StmtKind::Assign { lhs, op: AssignOp::Define, rhs, .. } = &s.kind else { return };
        let (Some(&l), Some(&r)) = (lhs.first(), rhs.first()) else { return };
        if rhs.len() != 1 {
            return;
        }
        let Some(var) = Var::here(cx, unparen(file, l)) else { return };
        let derived = cx
            .pkg_func_call(
                r,
                "context",
                &[
                    "WithCancel",
                    "WithTimeout",
                    "WithDeadline",
                    "WithCancelCause",
                    "WithTimeoutCause",
                    "WithDeadlineCause",
                    "WithValue",
                    "WithoutCancel",
                ],
            )
            .is_some()
            || returns_context(cx, r);
        if derived {
            found = Some(CtxInScope { expr: var.name.to_string(), var, is_context: true });
        }
    });
    found
}

/// `x.Context()` returning a `context.Context` (see [`local_ctx_before`]).
fn returns_context(cx: &Checker, call: ExprId) -> bool {
    let call = unparen(cx.file, call);
    if crate::semantic::method_call(cx, call, crate::semantic::Method::any(&["Context"])).is_none() {
        return false;
    }
    if crate::semantic::selector_known(cx, cx.file_index, call) {
        crate::semantic::has_named_type(cx, call, "context", &["Context"])
    } else {
        true
    }
}

/// `time.NewTicker(...)`.
pub fn is_new_ticker(cx: &Checker, e: ExprId) -> bool {
    cx.pkg_func_call(unparen(cx.file, e), "time", &["NewTicker"]).is_some()
}

/// `make(chan T)` / `make(chan T, n)` in file `fi`: `Some(None)` unbuffered,
/// `Some(Some(size))` with the size expression; `None` when `e` is not a channel make of
/// the builtin `make` (a local `make` shadows it).
pub fn chan_make(cx: &Checker, fi: usize, e: ExprId) -> Option<Option<ExprId>> {
    let file: &File = &cx.package.files.get(fi)?.ast;
    let ExprKind::Call { fun, args, .. } = &file.expr(unparen(file, e)).kind else {
        return None;
    };
    if !crate::semantic::is_builtin(cx, fi, *fun, gotraps_semantic::Builtin::Make) {
        return None;
    }
    let t = *args.first()?;
    if !matches!(file.expr(t).kind, ExprKind::ChanType { .. }) {
        return None;
    }
    match args.get(1) {
        None => Some(None),
        Some(&n) if file.text(file.expr(n).span) == "0" => Some(None),
        Some(&n) => Some(Some(n)),
    }
}

/// Whether a statement is a call to `panic`, `os.Exit`, `log.Fatal*`, `log.Panic*` or
/// `runtime.Goexit`: the path ends there without returning normally.
pub fn is_exit_stmt(cx: &Checker, id: StmtId) -> bool {
    let StmtKind::Expr(e) = cx.file.stmt(id).kind else {
        return false;
    };
    is_exit_call(cx, e)
}

pub fn is_exit_call(cx: &Checker, e: ExprId) -> bool {
    crate::semantic::call_never_returns(cx.semantic().map(|m| (m, cx.file_index)), cx.file, e)
}

/// Calls `f(call)` for every call in the expression tree `e`, not descending into
/// function literals.
pub fn for_each_call_in_expr(file: &File, e: ExprId, f: &mut dyn FnMut(ExprId)) {
    struct Calls<'f> {
        f: &'f mut dyn FnMut(ExprId),
    }
    impl Visitor for Calls<'_> {
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            match file.expr(id).kind {
                ExprKind::FuncLit { .. } => {}
                ExprKind::Call { .. } => {
                    (self.f)(id);
                    visit::walk_expr(self, file, id);
                }
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    Calls { f }.visit_expr(file, e);
}

/// A function body that runs as a goroutine: a literal started by `go func(){...}()`, or a
/// declared function/method of this file whose name some `go` statement of the package
/// starts.
#[derive(Clone, Copy, Debug)]
pub struct Goroutine<'f> {
    pub func: FuncRef<'f>,
    /// The `go` statement for a literal; `None` for a declared function.
    pub go_stmt: Option<StmtId>,
    /// Started from `main` or `init` of package `main`, or a declared function of package
    /// `main`: a process-lifetime goroutine by construction.
    pub process_lifetime: bool,
}

pub fn goroutine_bodies<'f>(cx: &Checker<'f>, funcs: &[FuncRef<'f>]) -> Vec<Goroutine<'f>> {
    let file = cx.file;
    let is_main_pkg = file.name(file.package_name) == "main";
    let launchers = crate::funcs::literal_launchers(file);
    let mut out = Vec::new();
    let mut decl_names = std::collections::HashMap::new();
    for d in &file.decls {
        if let gotraps_syntax::ast::Decl::Func(fd) = d {
            if let Some(b) = fd.body {
                decl_names.insert(b, (file.name(fd.name), fd.recv.is_none()));
            }
        }
    }
    for f in funcs {
        match f.lit {
            Some(lit) => {
                let Some(s) = launchers[lit.index()] else { continue };
                if !matches!(file.stmt(s).kind, StmtKind::Go { .. }) {
                    continue;
                }
                let at = file.stmt(s).span.start;
                let in_main = is_main_pkg
                    && file.decls.iter().any(|d| {
                        matches!(d, gotraps_syntax::ast::Decl::Func(fd) if fd.recv.is_none()
                            && matches!(file.name(fd.name), "main" | "init")
                            && fd.body.is_some_and(|b| file.stmt(b).span.contains(at)))
                    });
                out.push(Goroutine { func: *f, go_stmt: Some(s), process_lifetime: in_main });
            }
            None => {
                let Some(&(name, _)) = decl_names.get(&f.body) else { continue };
                if cx.package.pass::<crate::passes::GoLaunched>().contains(name) {
                    out.push(Goroutine { func: *f, go_stmt: None, process_lifetime: is_main_pkg });
                }
            }
        }
    }
    out
}

/// Whether a `select` body has a `default` clause.
pub fn select_has_default(file: &File, select_body: StmtId) -> bool {
    file.stmt(select_body)
        .kind
        .block_stmts()
        .iter()
        .any(|&c| matches!(file.stmt(c).kind, StmtKind::CommClause { comm: None, .. }))
}

/// The channel expression a comm clause's statement receives from (`<-ch`, `v := <-ch`,
/// `v, ok = <-ch`), if it is a receive.
pub fn received_chan(file: &File, comm: StmtId) -> Option<ExprId> {
    let e = match &file.stmt(comm).kind {
        StmtKind::Expr(e) => *e,
        StmtKind::Assign { rhs, .. } if rhs.len() == 1 => rhs[0],
        _ => return None,
    };
    match file.expr(unparen(file, e)).kind {
        ExprKind::Unary { op: gotraps_syntax::ast::UnaryOp::Arrow, x, .. } => Some(x),
        _ => None,
    }
}

/// Whether the expression tree `e` of the file being checked (literals included)
/// mentions `var`.
pub fn mentions_expr(cx: &Checker, e: ExprId, var: Var) -> bool {
    struct Find<'c, 'a> {
        cx: &'c Checker<'a>,
        var: Var<'a>,
        found: bool,
    }
    impl Visitor for Find<'_, '_> {
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            if !self.found {
                if matches!(file.expr(id).kind, ExprKind::Ident(i) if self.var.is(self.cx, self.cx.file_index, file, i))
                {
                    self.found = true;
                }
                visit::walk_expr(self, file, id);
            }
        }
    }
    let mut f = Find { cx, var, found: false };
    f.visit_expr(cx.file, e);
    f.found
}

/// Whether statement tree `s` (function literals excluded) contains a channel receive.
pub fn contains_receive(file: &File, s: StmtId) -> bool {
    struct Find {
        found: bool,
    }
    impl Visitor for Find {
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            match file.expr(id).kind {
                _ if self.found => {}
                ExprKind::FuncLit { .. } => {}
                ExprKind::Unary { op: gotraps_syntax::ast::UnaryOp::Arrow, .. } => self.found = true,
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    let mut f = Find { found: false };
    f.visit_stmt(file, s);
    f.found
}

/// Whether the `*http.Request` held in variable `req` is given a context inside `span`
/// (a function body of the file being checked) after it is built:
/// `req = req.WithContext(c)`, `req.Cancel = ...`, or `req` passed to a call together
/// with `ctx` (the callee gets both).
pub fn request_gets_context(cx: &Checker, span: Span, req: Var, ctx: Option<Var>) -> bool {
    use crate::semantic::{method_call, Method};
    let file = cx.file;
    let fi = cx.file_index;
    let inside = |e: ExprId| span.contains(file.expr(e).span.start);
    for (i, e) in file.exprs.iter().enumerate() {
        let id = ExprId(i as u32);
        let ExprKind::Call { args, .. } = &e.kind else { continue };
        if !inside(id) {
            continue;
        }
        if let Some((recv, _)) = method_call(cx, id, Method::of("net/http", "Request", &["WithContext"])) {
            if req.is_expr(cx, fi, file, recv) {
                return true;
            }
        }
        if let Some(ctx) = ctx {
            if args.iter().any(|&a| req.is_expr(cx, fi, file, a)) && args.iter().any(|&a| ctx.is_expr(cx, fi, file, a))
            {
                return true;
            }
        }
    }
    file.stmts.iter().any(|s| {
        let StmtKind::Assign { lhs, .. } = &s.kind else { return false };
        span.contains(s.span.start)
            && lhs.iter().any(|&l| {
                matches!(&file.expr(unparen(file, l)).kind,
                    ExprKind::Selector { x, sel } if file.name(*sel) == "Cancel" && req.is_expr(cx, fi, file, *x))
            })
    })
}
