//! GT025 copied-lock (T25).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{Decl, ExprId, ExprKind, FieldList, StmtId};
use gotraps_syntax::Span;

pub static COPIED_LOCK: Rule = Rule {
    code: "GT025",
    name: "copied-lock",
    traps: &["T25"],
    severity: Severity::Error,
    default_on: false,
    fixable: true,
    summary: "a type holding a Mutex/WaitGroup/Once/Cond is copied by a value receiver or parameter",
    doc: r#"## What it does
Flags, for struct types declared in the package that hold a `sync.Mutex`, `RWMutex`,
`WaitGroup`, `Once`, `Cond`, `Pool` or `Map` by value (directly, embedded, in a nested
struct of the package or an array):
- a method with a value receiver of that type;
- a function or method parameter of that type by value;
- a `sync.*` lock type itself passed or returned by value.

And, for any value whose type holds a lock as `go vet`'s copylocks defines it (a struct
whose pointer has `Lock()`/`Unlock()` and whose value does not: the `sync` types,
`sync/atomic` values, the package's own lock types), every copy of one in use:
assignments and `var` declarations, composite literal elements, `return` results, call
arguments, range variables, parameters of function literals and, from Go 1.22, `for`
loop variables. A call, a composite literal or `*call` on the right is a fresh value and
is left alone.

## Why is this bad?
Each call copies the struct, lock included. A value-receiver method locks its own copy,
so it excludes nobody: the data it reads races with every writer, and a copy made while
the lock is held starts out locked forever. A copied WaitGroup counts nothing for the
original; a copied Once runs again.

## Example
```go
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c Counter) Inc(k string) { // c is a copy: c.mu protects nothing
	c.mu.Lock()
	c.n[k]++
	c.mu.Unlock()
}
```

## Use instead
```go
func (c *Counter) Inc(k string) {
	c.mu.Lock()
	c.n[k]++
	c.mu.Unlock()
}
```

## Fix
Makes the receiver a pointer (`(c Counter)` -> `(c *Counter)`). Callers that call the
method on a non-addressable value (a map element, a function result) then need a
variable; values stored in interfaces need a pointer. Review before committing.

## Go versions
All. `go vet` (copylocks) reports the same copies (a test runs it on this rule's
fixture as the oracle: every line vet reports is reported here); this rule adds the
receiver fix and names the field or type that holds the lock.

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
0 of its 3 findings were real traps (0%: 1 FP, 2 debatable), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT025` or `extend-select = ["GT025"]` in `gotraps.toml`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let mut hits: Vec<(Span, String, Option<u32>)> = Vec::new();
    if might_copy(file) {
        declared_copies(cx, &mut hits);
    }
    copies_by_value(cx, &mut hits);
    report(cx, hits);
}

/// Value receivers and parameters of declared functions whose type holds a sync value,
/// on the model's types (silent without the model).
fn declared_copies(cx: &Checker, hits: &mut Vec<(Span, String, Option<u32>)>) {
    let Some(m) = cx.semantic() else { return };
    let file = cx.file;
    let held = |f: &gotraps_syntax::ast::Field| {
        let t = match f.names.first().and_then(|&n| m.object_of(cx.file_index, n)) {
            Some(obj) => m.obj_type(obj),
            None => m.type_of(cx.file_index, f.typ),
        };
        sync_held_by_value(m, t, 0)
    };
    for d in &file.decls {
        let Decl::Func(fd) = d else { continue };
        if let Some(recv) = &fd.recv {
            for f in &recv.list {
                if let Some((lock, path)) = held(f) {
                    let tname = file.text(file.expr(f.typ).span);
                    let msg = format!(
                        "value receiver copies `{tname}`, which holds a {lock}{}: the method works on a copy of the lock",
                        if path.is_empty() { String::new() } else { format!(" (`{path}`)") }
                    );
                    hits.push((file.expr(f.typ).span, msg, Some(file.expr(f.typ).span.start)));
                }
            }
        }
        // Results are left alone: returning a fresh value (`return T{}`) copies no lock
        // in use, and the copies that matter show up as receivers and parameters.
        let lists: [(&FieldList, &str); 1] = [(&fd.typ.params, "parameter")];
        for (list, what) in lists {
            for f in &list.list {
                if matches!(file.expr(f.typ).kind, ExprKind::Ellipsis { .. }) {
                    continue;
                }
                if let Some((lock, path)) = held(f) {
                    let tname = file.text(file.expr(f.typ).span);
                    let held =
                        if path.is_empty() { String::new() } else { format!(", which holds a {lock} (`{path}`)") };
                    let msg = format!("{what} passes `{tname}` by value{held}: the lock is copied");
                    hits.push((file.expr(f.typ).span, msg, None));
                }
            }
        }
    }
}

/// The sync value a value of type `t` holds by value (itself, or through struct fields
/// and array elements), as the printed sync type and the field path to it (`inner.mu`;
/// empty when `t` is the sync type). Pointers share, so they hold nothing.
fn sync_held_by_value(
    m: &gotraps_semantic::PackageModel,
    t: gotraps_semantic::TypeId,
    depth: u32,
) -> Option<(String, String)> {
    use gotraps_semantic::TypeData;
    if depth > 6 || t.is_invalid() {
        return None;
    }
    if let TypeData::Named(n) = m.prog.types.get(t) {
        if matches!(m.obj_pkg_path(n.obj), Some("sync" | "sync/atomic")) {
            return lock_in(m, t, 0).map(|_| (m.type_string(t), String::new()));
        }
    }
    match m.prog.types.get(m.prog.underlying(t)) {
        TypeData::Array(_, el) => sync_held_by_value(m, *el, depth + 1),
        TypeData::Struct(st) => st.fields.iter().find_map(|&f| {
            let (lock, path) = sync_held_by_value(m, m.prog.obj_type(f), depth + 1)?;
            let name = m.prog.obj_name(f);
            Some((lock, if path.is_empty() { name.to_string() } else { format!("{name}.{path}") }))
        }),
        _ => None,
    }
}

fn report(cx: &mut Checker, hits: Vec<(Span, String, Option<u32>)>) {
    for (span, msg, star_at) in hits {
        let by_declaration = star_at.is_some() || msg.starts_with("parameter");
        let d = cx.report(span, msg);
        d.help = Some(if by_declaration {
            "use a pointer (`*T`) so every caller shares one lock".into()
        } else {
            "share the value through a pointer (`&x`, `*T`) instead of copying it".into()
        });
        if let Some(at) = star_at {
            d.fix = Some(Fix {
                message: "use a pointer receiver".into(),
                edits: vec![Edit { span: Span::at(at), replacement: "*".into() }],
            });
        }
    }
}

/// Cheap filter before asking the model: a value receiver, or a parameter whose type is
/// a non-builtin name, another package's type or an array.
fn might_copy(file: &gotraps_syntax::ast::File) -> bool {
    const BUILTIN: &[&str] = &[
        "string",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "bool",
        "byte",
        "rune",
        "float32",
        "float64",
        "complex64",
        "complex128",
        "error",
        "any",
    ];
    let by_value = |t| match &file.expr(t).kind {
        ExprKind::Ident(i) => !BUILTIN.contains(&file.name(*i)),
        ExprKind::Index { .. } | ExprKind::IndexList { .. } => true,
        // Another package's type (`sync.Mutex`, `tls.Config`) or an array of anything.
        ExprKind::Selector { .. } | ExprKind::ArrayType { len: Some(_), .. } => true,
        _ => false,
    };
    file.decls.iter().any(|d| match d {
        Decl::Func(fd) => {
            fd.recv.as_ref().is_some_and(|r| r.list.iter().any(|f| by_value(f.typ)))
                || fd.typ.params.list.iter().any(|f| by_value(f.typ))
        }
        _ => false,
    })
}

/// The copies `go vet`'s copylocks reports besides receivers and declared parameters,
/// on the model's types: assignments and `var` declarations, composite literal
/// elements, `return` results, call arguments, range variables, parameters of function
/// literals and (from Go 1.22) `for` loop variables. A call, a composite literal or
/// `*call` on the right makes a fresh value, not a copy of one in use.
fn copies_by_value(cx: &Checker, hits: &mut Vec<(Span, String, Option<u32>)>) {
    use gotraps_syntax::ast::{Spec, StmtKind};
    let Some(m) = cx.semantic() else { return };
    let file = cx.file;
    let fi = cx.file_index;
    if !file.mentions("sync") && !file.mentions("Lock") {
        return;
    }
    let copied = |e: ExprId| -> Option<String> {
        let e = unparen(file, e);
        match &file.expr(e).kind {
            ExprKind::CompositeLit { .. } | ExprKind::Call { .. } | ExprKind::FuncLit { .. } => return None,
            ExprKind::Star { x } if matches!(file.expr(unparen(file, *x)).kind, ExprKind::Call { .. }) => return None,
            // `nil`, constants and type expressions hold no lock value.
            _ => {}
        }
        lock_in(m, m.type_of(fi, e), 0)
    };
    let text = |e: ExprId| file.text(file.expr(e).span);
    let mut push = |at: ExprId, msg: String| hits.push((file.expr(at).span, msg, None));
    let for_inits: Vec<StmtId> = file
        .stmts
        .iter()
        .filter_map(|s| match s.kind {
            StmtKind::For { init: Some(i), .. } => Some(i),
            _ => None,
        })
        .collect();
    for (i, s) in file.stmts.iter().enumerate() {
        match &s.kind {
            StmtKind::Assign { lhs, op, rhs, .. } => {
                if lhs.len() == rhs.len() {
                    for &r in rhs.iter() {
                        if let Some(lock) = copied(r) {
                            push(r, format!("assignment copies `{}`, which contains a {lock}", text(r)));
                        }
                    }
                }
                let go122 = cx.go_version().has_per_iteration_loop_vars();
                if *op == gotraps_syntax::ast::AssignOp::Define && go122 && for_inits.contains(&StmtId(i as u32)) {
                    for &l in lhs.iter() {
                        let ExprKind::Ident(id) = file.expr(l).kind else { continue };
                        let Some(obj) = m.object_of(fi, id) else { continue };
                        if let Some(lock) = lock_in(m, m.obj_type(obj), 0) {
                            push(l, format!("each loop iteration copies `{}`, which contains a {lock}", text(l)));
                        }
                    }
                }
            }
            StmtKind::Decl(g) => {
                for sp in &g.specs {
                    let Spec::Value(v) = sp else { continue };
                    for &val in &v.values {
                        if let Some(lock) = copied(val) {
                            push(val, format!("variable declaration copies `{}`, which contains a {lock}", text(val)));
                        }
                    }
                }
            }
            StmtKind::Return { results } => {
                for &r in results.iter() {
                    if let Some(lock) = copied(r) {
                        push(r, format!("return copies `{}`, which contains a {lock}", text(r)));
                    }
                }
            }
            StmtKind::Range { key, value, op, .. } => {
                for v in [key, value].into_iter().flatten() {
                    let t = match (op, &file.expr(*v).kind) {
                        (Some(gotraps_syntax::ast::AssignOp::Define), ExprKind::Ident(id)) => {
                            if file.name(*id) == "_" {
                                continue;
                            }
                            let Some(obj) = m.object_of(fi, *id) else { continue };
                            m.obj_type(obj)
                        }
                        (Some(gotraps_syntax::ast::AssignOp::Define), _) => continue,
                        (_, ExprKind::Ident(id)) if file.name(*id) == "_" => continue,
                        _ => m.type_of(fi, *v),
                    };
                    if let Some(lock) = lock_in(m, t, 0) {
                        push(*v, format!("range variable `{}` copies each element, which contains a {lock}", text(*v)));
                    }
                }
            }
            _ => {}
        }
    }
    for e in file.exprs.iter() {
        match &e.kind {
            ExprKind::CompositeLit { elts, .. } => {
                for &x in elts.iter() {
                    let x = match file.expr(x).kind {
                        ExprKind::KeyValue { value, .. } => value,
                        _ => x,
                    };
                    if let Some(lock) = copied(x) {
                        push(x, format!("composite literal copies `{}`, which contains a {lock}", text(x)));
                    }
                }
            }
            ExprKind::Call { fun, args, .. } => {
                if only_type_of_args(cx, *fun) {
                    continue;
                }
                for &a in args.iter() {
                    if let Some(lock) = copied(a) {
                        push(a, format!("call passes `{}` by value, which contains a {lock}", text(a)));
                    }
                }
            }
            ExprKind::FuncLit { typ, .. } => {
                for f in &typ.params.list {
                    for &n in &f.names {
                        let Some(obj) = m.object_of(fi, n) else { continue };
                        if let Some(lock) = lock_in(m, m.obj_type(obj), 0) {
                            let tname = text(f.typ);
                            push(
                                f.typ,
                                format!(
                                    "parameter passes `{tname}` by value, which contains a {lock}: the lock is copied"
                                ),
                            );
                            break;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    hits.sort_by_key(|h| (h.0.start, h.0.end));
    hits.dedup_by_key(|h| (h.0.start, h.0.end));
}

/// Builtins whose arguments are used for their type or not copied (`len(arr)`,
/// `new(T)`, `unsafe.Sizeof(x)`), as vet's copylocks skips them.
fn only_type_of_args(cx: &Checker, fun: ExprId) -> bool {
    let Some(m) = cx.semantic() else { return false };
    let file = cx.file;
    let ident = match &file.expr(unparen(file, fun)).kind {
        ExprKind::Ident(i) => *i,
        ExprKind::Selector { sel, .. } => *sel,
        _ => return false,
    };
    let Some(obj) = m.object_of(cx.file_index, ident) else { return false };
    matches!(m.prog.obj(obj).kind, gotraps_semantic::ObjKind::Builtin(_))
        && matches!(m.prog.obj_name(obj), "len" | "cap" | "new" | "make" | "Sizeof" | "Offsetof" | "Alignof")
}

/// The lock a value of type `t` holds by value, as vet's copylocks defines it (printed
/// type of the lock): through arrays and struct fields, a struct type whose pointer has
/// `Lock()` and `Unlock()` while the value does not (sync.Mutex, RWMutex, and types with
/// a `noCopy` field: WaitGroup, Cond, Once, Pool, Map, atomic values; also the package's
/// own lock types). Interfaces and pointers are safe to copy.
fn lock_in(m: &gotraps_semantic::PackageModel, mut t: gotraps_semantic::TypeId, depth: u32) -> Option<String> {
    use gotraps_semantic::TypeData;
    if depth > 10 || t.is_invalid() {
        return None;
    }
    while let TypeData::Array(_, el) = m.prog.types.get(m.prog.underlying(t)) {
        t = *el;
    }
    let TypeData::Struct(st) = m.prog.types.get(m.prog.underlying(t)) else { return None };
    // A field's lock first: `struct{ sync.Mutex }` names the mutex, not itself.
    let Some(inner) = st.fields.iter().find_map(|&f| lock_in(m, m.prog.obj_type(f), depth + 1)) else {
        return pointer_only_locker(m, t).then(|| m.type_string(t));
    };
    // Name the sync type users know (`sync.WaitGroup`, `sync/atomic.Int64`), not the
    // `noCopy` marker inside it.
    let TypeData::Named(n) = m.prog.types.get(t) else { return Some(inner) };
    match m.obj_pkg_path(n.obj) {
        Some("sync" | "sync/atomic") => Some(m.type_string(t)),
        _ => Some(inner),
    }
}

/// `*t` implements sync.Locker and `t` does not: `Lock` or `Unlock` has a pointer receiver
/// reached without going through an embedded pointer.
fn pointer_only_locker(m: &gotraps_semantic::PackageModel, t: gotraps_semantic::TypeId) -> bool {
    use gotraps_semantic::{ObjFlags, ObjKind, TypeData};
    let method = |name: &str| {
        let sel = m.select(t, name)?;
        let o = m.prog.obj(sel.obj);
        if o.kind != ObjKind::Func {
            return None;
        }
        let TypeData::Signature(sig) = m.prog.types.get(m.prog.obj_type(sel.obj)) else { return None };
        if !sig.params.is_empty() || !sig.results.is_empty() {
            return None;
        }
        // In the value's method set unless it needs the address of the value itself.
        let value_has = o.flags.0 & ObjFlags::PTR_RECV == 0 || sel.indirect;
        Some(value_has)
    };
    match (method("Lock"), method("Unlock")) {
        (Some(lock), Some(unlock)) => !(lock && unlock),
        _ => false,
    }
}
