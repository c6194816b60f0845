//! Inline parser cases: `test_ok` snippets must parse without errors, `test_err` snippets
//! must report the given error; every tree must satisfy the span invariants. The full
//! comparison with go/parser is tests/oracle.rs.

use crate::ast::*;
use crate::{check_span_invariants, parse_file};

fn parse(src: &str) -> File {
    let f = parse_file(src.as_bytes());
    if let Err(e) = check_span_invariants(&f) {
        panic!("span invariant broken for {src:?}: {e}");
    }
    f
}

fn test_ok(src: &str) -> File {
    let f = parse(src);
    assert!(f.errors.is_empty(), "unexpected errors for {src:?}: {:?}", f.errors);
    f
}

fn test_err(src: &str, msg: &str) -> File {
    let f = parse(src);
    assert!(
        f.errors.iter().any(|e| e.message.contains(msg)),
        "expected error containing {msg:?} for {src:?}, got {:?}",
        f.errors
    );
    f
}

fn func_body<'f>(f: &'f File, name: &str) -> &'f [StmtId] {
    for d in &f.decls {
        if let Decl::Func(fd) = d {
            if f.name(fd.name) == name {
                return f.stmt(fd.body.expect("body")).kind.block_stmts();
            }
        }
    }
    panic!("no func {name}");
}

fn type_spec<'f>(f: &'f File, name: &str) -> &'f TypeSpec {
    for d in &f.decls {
        if let Decl::Gen(g) = d {
            for s in &g.specs {
                if let Spec::Type(t) = s {
                    if f.name(t.name) == name {
                        return t;
                    }
                }
            }
        }
    }
    panic!("no type {name}");
}

fn kind(f: &File, id: ExprId) -> &'static str {
    crate::dump::kind_name(f, crate::tree::Node::Expr(id))
}

#[test]
fn type_params_versus_array_length() {
    let f = test_ok(
        "package p\ntype A[N]int\ntype B[T any] struct{}\ntype C[P *Q] int\ntype D[P *Q,] int\ntype E[P *[]int] int\ntype F[N * 2]int\ntype G[P ~int|string] int\n",
    );
    for (name, generic) in
        [("A", false), ("B", true), ("C", false), ("D", true), ("E", true), ("F", false), ("G", true)]
    {
        let t = type_spec(&f, name);
        assert_eq!(t.type_params.is_some(), generic, "type {name}");
        if !generic {
            assert_eq!(kind(&f, t.typ), "ArrayType", "type {name}");
        }
    }
}

#[test]
fn composite_literal_versus_block_in_control_clauses() {
    let f = test_ok(
        "package p\nfunc f() {\n\tif x == (T{}) {}\n\tfor _, v := range []int{1} { _ = v }\n\tswitch (S{}) {}\n}\n",
    );
    let body = func_body(&f, "f");
    let StmtKind::If { cond, .. } = &f.stmt(body[0]).kind else { panic!("not an if") };
    assert_eq!(kind(&f, *cond), "BinaryExpr");
    test_err("package p\nfunc f() {\n\tif x == T{} {}\n}\n", "expected ';', found '{'");
}

#[test]
fn range_forms() {
    let f = test_ok(
        "package p\nfunc f() {\n\tfor range 10 {}\n\tfor i := range 10 {}\n\tfor k, v = range m {}\n\tfor x := range seq {}\n}\n",
    );
    let body = func_body(&f, "f");
    let ops: Vec<Option<AssignOp>> = body
        .iter()
        .map(|&s| match f.stmt(s).kind {
            StmtKind::Range { op, .. } => op,
            _ => panic!("not a range"),
        })
        .collect();
    assert_eq!(ops, [None, Some(AssignOp::Define), Some(AssignOp::Assign), Some(AssignOp::Define)]);
    test_err("package p\nfunc f() { for a, b, c := range x {} }\n", "expected at most 2 expressions");
}

#[test]
fn channel_types_reassociate() {
    let f = test_ok("package p\nvar c chan<- <-chan int\nvar d = (<-chan int)(nil)\nvar e <-chan <-chan int\n");
    let Decl::Gen(g) = &f.decls[0] else { panic!() };
    let Spec::Value(v) = &g.specs[0] else { panic!() };
    let ExprKind::ChanType { dir, value, .. } = f.expr(v.typ.unwrap()).kind else { panic!() };
    assert_eq!(dir, ChanDir::Send);
    assert!(matches!(f.expr(value).kind, ExprKind::ChanType { dir: ChanDir::Recv, .. }));
    let Decl::Gen(g) = &f.decls[2] else { panic!() };
    let Spec::Value(v) = &g.specs[0] else { panic!() };
    let t = f.expr(v.typ.unwrap());
    assert!(matches!(t.kind, ExprKind::ChanType { dir: ChanDir::Recv, .. }));
    assert_eq!(f.text(t.span), "<-chan <-chan int");
}

#[test]
fn type_switch_guard_only_in_switch_header() {
    let f = test_ok("package p\nfunc f() {\n\tswitch v := x.(type) { case int: _ = v }\n\tswitch x.(type) {}\n\tswitch y := 1; y {}\n}\n");
    let body = func_body(&f, "f");
    assert!(matches!(f.stmt(body[0]).kind, StmtKind::TypeSwitch { .. }));
    assert!(matches!(f.stmt(body[1]).kind, StmtKind::TypeSwitch { .. }));
    assert!(matches!(f.stmt(body[2]).kind, StmtKind::Switch { .. }));
    test_err("package p\nfunc f() { switch v = x.(type) {} }\n", "expected ':=', found '='");
}

#[test]
fn labels_method_expressions_conversions() {
    let f = test_ok(
        "package p\nfunc f() {\nL:\n\tfor { break L }\n\tg := (*T).m\n\th := T.m\n\tp := (*T)(x)\n\tgoto M\nM:\n}\n",
    );
    let body = func_body(&f, "f");
    let StmtKind::Labeled { stmt, .. } = f.stmt(body[0]).kind else { panic!() };
    assert!(matches!(f.stmt(stmt).kind, StmtKind::For { .. }));
    // `M:` before `}` labels an implicit empty statement at the brace.
    let StmtKind::Labeled { stmt, .. } = f.stmt(*body.last().unwrap()).kind else { panic!() };
    let empty = f.stmt(stmt);
    assert!(matches!(empty.kind, StmtKind::Empty { implicit: true }));
    assert_eq!(f.text(Span::new(empty.span.start, empty.span.start + 1)), "}");
    assert!(empty.span.is_empty());
}

use crate::Span;

#[test]
fn spans_follow_go_ast() {
    let f = test_ok("package p\nvar x = T{1, 2}\nfunc (r *R) m(a, b int) (c int) { return }\n");
    let Decl::Gen(g) = &f.decls[0] else { panic!() };
    let Spec::Value(v) = &g.specs[0] else { panic!() };
    assert_eq!(f.text(f.expr(v.values[0]).span), "T{1, 2}");
    let Decl::Func(fd) = &f.decls[1] else { panic!() };
    assert_eq!(f.text(fd.typ.span), "func (r *R) m(a, b int) (c int)");
    assert_eq!(f.text(fd.typ.params.list[0].span), "a, b int");
    let StmtKind::Return { .. } = f.stmt(f.stmt(fd.body.unwrap()).kind.block_stmts()[0]).kind else { panic!() };
}

#[test]
fn literals_and_generics() {
    test_ok(
        "package p\nconst (\n\ta = 0x1p-2\n\tb = 1_000i\n\tc = 'x'\n\td = `raw`\n\te = 0o17\n)\nfunc Map[K comparable, V any](m map[K]V) []V { return nil }\nvar _ = Map[string, int](nil)\ntype I interface{ ~int | ~string; M() }\n",
    );
    test_err("package p\nconst a = 0x1.0\n", "hexadecimal mantissa requires a 'p' exponent");
    test_err("package p\nconst a = '\\q'\n", "unknown escape sequence");
    test_err("package p\nfunc f[]() {}\n", "empty type parameter list");
}

#[test]
fn broken_function_keeps_the_others() {
    let f = test_err(
        "package p\n\nfunc a() { x := 1; _ = x }\n\nfunc b() { if { ) }\n\nfunc c() { go f() }\n\nvar v = 1\n",
        "",
    );
    assert!(!f.errors.is_empty());
    let names: Vec<&str> = f
        .decls
        .iter()
        .filter_map(|d| match d {
            Decl::Func(fd) => Some(f.name(fd.name)),
            _ => None,
        })
        .collect();
    assert!(names.contains(&"a") && names.contains(&"c"), "{names:?}");
    assert!(matches!(f.decls.last(), Some(Decl::Gen(_))));
    let body = func_body(&f, "c");
    assert!(matches!(f.stmt(body[0]).kind, StmtKind::Go { .. }));
}

#[test]
fn statement_errors_like_go_parser() {
    test_err("package p\nfunc f() { go (g()) }\n", "expression in go must not be parenthesized");
    test_err("package p\nfunc f() { defer x }\n", "expression in defer must be function call");
    test_err("package p\nfunc f() { if x := 1 {} }\n", "expected boolean expression, found assignment");
    test_err("package p\nfunc f() { s[1:2:] = nil }\n", "final index required in 3-index slice");
    test_err("package p\nfunc f() {\n\tf(a\n\tb)\n}\n", "missing ',' before newline in argument list");
    test_err("package p\nimport \"a\"\nvar x int\nimport \"b\"\n", "imports must appear before other declarations");
}

#[test]
fn bad_bytes_are_reported_not_fatal() {
    test_err("package p\nvar s = \"\u{0}\"\n", "illegal character NUL");
    test_err("package p\n\u{feff}var x int\n", "illegal byte order mark");
    test_ok("\u{feff}package p\n");
    let f = parse_file(b"package p\nvar s = \"\xff\"\nfunc g() {}\n");
    assert!(f.errors.iter().any(|e| e.message == "illegal UTF-8 encoding" && e.span.start == 19));
    assert!(f.decls.iter().any(|d| matches!(d, Decl::Func(_))));
    check_span_invariants(&f).unwrap();
    for junk in ["", "package", "package p; func", "}}}{{{", "package p\nfunc f() { ( }", "\"", "/*", "'"] {
        let f = parse(junk);
        assert!(!f.errors.is_empty(), "{junk:?} accepted");
    }
}

/// Parse on a thread with the 2 MiB stack rayon workers get.
fn parse_on_small_stack(src: String) -> File {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || parse_file(src.as_bytes()))
        .expect("spawn")
        .join()
        .expect("parser overflowed or panicked")
}

#[test]
fn deep_nesting_is_a_clean_error() {
    let n = 100_000;
    let cases = [
        format!("package p\nvar x = {}1{}\n", "(".repeat(n), ")".repeat(n)),
        format!("package p\nvar x {}int\n", "[]".repeat(n)),
        format!("package p\nfunc f() {}{}\n", "{".repeat(n), "}".repeat(n)),
        format!("package p\nvar x = {}1\n", "- ".repeat(n)),
        format!("package p\nvar x = 1{}\n", "+1".repeat(n)),
        format!("package p\nvar x = {}\n", "func(){".repeat(n / 10)),
        format!("package p\nvar x = T{}{}\n", "{".repeat(n), "}".repeat(n)),
        format!("package p\nvar x = a{}\n", ".b".repeat(n)),
    ];
    for src in cases {
        let f = parse_on_small_stack(src);
        assert!(
            f.errors.iter().any(|e| e.message == "exceeded max nesting depth"),
            "no nesting error: {:?}",
            f.errors.first()
        );
        check_span_invariants(&f).unwrap();
    }
    // Ordinary depth is fine.
    let ok = format!("package p\nvar x = {}1{}\n", "(".repeat(300), ")".repeat(300));
    assert!(parse_on_small_stack(ok).errors.is_empty());
}
