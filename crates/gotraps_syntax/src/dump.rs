//! Canonical text dump of a parsed file, line for line the format `tools/goastdump`
//! prints for go/parser's AST (see docs/parser-oracle.md), plus the comparison the
//! oracle script and test use.

use std::fmt::Write;

use crate::ast::*;
use crate::tree::Node;

/// go/ast's name for the node's type.
pub fn kind_name(file: &File, node: Node) -> &'static str {
    match node {
        Node::File => "File",
        Node::Decl(Decl::Gen(_)) | Node::GenDecl(_) => "GenDecl",
        Node::Decl(Decl::Func(_)) => "FuncDecl",
        Node::Decl(Decl::Bad(_)) => "BadDecl",
        Node::Spec(Spec::Import(_)) => "ImportSpec",
        Node::Spec(Spec::Value(_)) => "ValueSpec",
        Node::Spec(Spec::Type(_)) => "TypeSpec",
        Node::FuncType(_) => "FuncType",
        Node::FieldList(_) => "FieldList",
        Node::Field(_) => "Field",
        Node::Ident(_) => "Ident",
        Node::Expr(id) => match &file.expr(id).kind {
            ExprKind::Bad => "BadExpr",
            ExprKind::Ident(_) => "Ident",
            ExprKind::Ellipsis { .. } => "Ellipsis",
            ExprKind::BasicLit { .. } => "BasicLit",
            ExprKind::FuncLit { .. } => "FuncLit",
            ExprKind::CompositeLit { .. } => "CompositeLit",
            ExprKind::Paren { .. } => "ParenExpr",
            ExprKind::Selector { .. } => "SelectorExpr",
            ExprKind::Index { .. } => "IndexExpr",
            ExprKind::IndexList { .. } => "IndexListExpr",
            ExprKind::Slice { .. } => "SliceExpr",
            ExprKind::TypeAssert { .. } => "TypeAssertExpr",
            ExprKind::Call { .. } => "CallExpr",
            ExprKind::Star { .. } => "StarExpr",
            ExprKind::Unary { .. } => "UnaryExpr",
            ExprKind::Binary { .. } => "BinaryExpr",
            ExprKind::KeyValue { .. } => "KeyValueExpr",
            ExprKind::ArrayType { .. } => "ArrayType",
            ExprKind::StructType { .. } => "StructType",
            ExprKind::FuncType(_) => "FuncType",
            ExprKind::InterfaceType { .. } => "InterfaceType",
            ExprKind::MapType { .. } => "MapType",
            ExprKind::ChanType { .. } => "ChanType",
        },
        Node::Stmt(id) => match &file.stmt(id).kind {
            StmtKind::Bad => "BadStmt",
            StmtKind::Decl(_) => "DeclStmt",
            StmtKind::Empty { .. } => "EmptyStmt",
            StmtKind::Labeled { .. } => "LabeledStmt",
            StmtKind::Expr(_) => "ExprStmt",
            StmtKind::Send { .. } => "SendStmt",
            StmtKind::IncDec { .. } => "IncDecStmt",
            StmtKind::Assign { .. } => "AssignStmt",
            StmtKind::Go { .. } => "GoStmt",
            StmtKind::Defer { .. } => "DeferStmt",
            StmtKind::Return { .. } => "ReturnStmt",
            StmtKind::Branch { .. } => "BranchStmt",
            StmtKind::Block { .. } => "BlockStmt",
            StmtKind::If { .. } => "IfStmt",
            StmtKind::CaseClause { .. } => "CaseClause",
            StmtKind::Switch { .. } => "SwitchStmt",
            StmtKind::TypeSwitch { .. } => "TypeSwitchStmt",
            StmtKind::CommClause { .. } => "CommClause",
            StmtKind::Select { .. } => "SelectStmt",
            StmtKind::For { .. } => "ForStmt",
            StmtKind::Range { .. } => "RangeStmt",
        },
    }
}

fn b(x: bool) -> u8 {
    x as u8
}

fn off(p: Option<u32>) -> i64 {
    p.map_or(-1, i64::from)
}

fn assign_tok(op: AssignOp) -> String {
    match op {
        AssignOp::Assign => "=".into(),
        AssignOp::Define => ":=".into(),
        AssignOp::Op(o) => format!("{}=", o.as_str()),
    }
}

fn attrs(file: &File, node: Node, out: &mut String) {
    let _ = match node {
        Node::Ident(i) => write!(out, " {}", file.name(i)),
        Node::Decl(Decl::Gen(g)) | Node::GenDecl(g) => {
            let tok = match g.tok {
                GenTok::Import => "import",
                GenTok::Const => "const",
                GenTok::Type => "type",
                GenTok::Var => "var",
            };
            write!(out, " {tok} lparen={}", off(g.lparen))
        }
        Node::Decl(Decl::Func(f)) => write!(out, " recv={} body={}", b(f.recv.is_some()), b(f.body.is_some())),
        Node::Spec(Spec::Import(i)) => write!(out, " name={}", b(i.name.is_some())),
        Node::Spec(Spec::Value(v)) => write!(out, " names={} type={}", v.names.len(), b(v.typ.is_some())),
        Node::Spec(Spec::Type(t)) => {
            write!(out, " tparams={} assign={}", b(t.type_params.is_some()), off(t.assign))
        }
        Node::FuncType(f) => write!(
            out,
            " func={} tparams={} results={}",
            off(f.func_pos),
            b(f.type_params.is_some()),
            b(f.results.is_some())
        ),
        Node::FieldList(l) => write!(out, " open={} close={}", off(l.opening), off(l.closing)),
        Node::Field(f) => write!(out, " names={} tag={}", f.names.len(), b(f.tag.is_some())),
        Node::Expr(id) => match &file.expr(id).kind {
            ExprKind::Ident(i) => write!(out, " {}", file.name(*i)),
            ExprKind::BasicLit { kind } => {
                let k = match kind {
                    LitKind::Int => "INT",
                    LitKind::Float => "FLOAT",
                    LitKind::Imag => "IMAG",
                    LitKind::Char => "CHAR",
                    LitKind::String => "STRING",
                };
                write!(out, " {k}")
            }
            ExprKind::Ellipsis { elt } => write!(out, " elt={}", b(elt.is_some())),
            ExprKind::CompositeLit { typ, lbrace, .. } => write!(out, " type={} lbrace={lbrace}", b(typ.is_some())),
            ExprKind::Slice { low, high, max, slice3, .. } => write!(
                out,
                " low={} high={} max={} slice3={}",
                b(low.is_some()),
                b(high.is_some()),
                b(max.is_some()),
                b(*slice3)
            ),
            ExprKind::TypeAssert { typ, .. } => write!(out, " type={}", b(typ.is_some())),
            ExprKind::Call { lparen, ellipsis, .. } => write!(out, " lparen={lparen} ellipsis={}", off(*ellipsis)),
            ExprKind::Unary { op, .. } => write!(out, " {}", op.as_str()),
            ExprKind::Binary { op, op_pos, .. } => write!(out, " {} {op_pos}", op.as_str()),
            ExprKind::ArrayType { len, .. } => write!(out, " len={}", b(len.is_some())),
            ExprKind::FuncType(f) => {
                return attrs(file, Node::FuncType(f), out);
            }
            ExprKind::ChanType { dir, arrow, .. } => {
                let d = match dir {
                    ChanDir::Both => "BOTH",
                    ChanDir::Send => "SEND",
                    ChanDir::Recv => "RECV",
                };
                write!(out, " {d} arrow={}", off(*arrow))
            }
            _ => Ok(()),
        },
        Node::Stmt(id) => match &file.stmt(id).kind {
            StmtKind::Empty { implicit } => write!(out, " implicit={}", b(*implicit)),
            StmtKind::IncDec { inc, .. } => write!(out, " {}", if *inc { "++" } else { "--" }),
            StmtKind::Assign { lhs, op, op_pos, .. } => {
                write!(out, " {} {op_pos} lhs={}", assign_tok(*op), lhs.len())
            }
            StmtKind::Branch { kind, label } => {
                let k = match kind {
                    BranchKind::Break => "break",
                    BranchKind::Continue => "continue",
                    BranchKind::Goto => "goto",
                    BranchKind::Fallthrough => "fallthrough",
                };
                write!(out, " {k} label={}", b(label.is_some()))
            }
            StmtKind::If { init, els, .. } => write!(out, " init={} else={}", b(init.is_some()), b(els.is_some())),
            StmtKind::CaseClause { list, colon, .. } => {
                write!(out, " list={} colon={colon}", list.as_ref().map_or(-1, |l| l.len() as i64))
            }
            StmtKind::Switch { init, tag, .. } => write!(out, " init={} tag={}", b(init.is_some()), b(tag.is_some())),
            StmtKind::TypeSwitch { init, .. } => write!(out, " init={}", b(init.is_some())),
            StmtKind::CommClause { comm, colon, .. } => write!(out, " comm={} colon={colon}", b(comm.is_some())),
            StmtKind::For { init, cond, post, .. } => {
                write!(out, " init={} cond={} post={}", b(init.is_some()), b(cond.is_some()), b(post.is_some()))
            }
            StmtKind::Range { key, value, op, range_pos, .. } => write!(
                out,
                " key={} value={} tok={} range={range_pos}",
                b(key.is_some()),
                b(value.is_some()),
                op.map_or("ILLEGAL".to_string(), assign_tok)
            ),
            _ => Ok(()),
        },
        Node::File | Node::Decl(Decl::Bad(_)) => Ok(()),
    };
}

/// Append the dump of `file` (without the `== path` header) to `out`.
pub fn dump(file: &File, out: &mut String) {
    if let Some(e) = file.errors.first() {
        let _ = writeln!(out, "ERROR {}: {}", e.span.start, e.message);
        return;
    }
    let mut stack: Vec<(Node, usize)> = vec![(Node::File, 0)];
    let mut kids = Vec::new();
    while let Some((node, depth)) = stack.pop() {
        for _ in 0..depth {
            out.push_str("  ");
        }
        let span = node.span(file);
        let _ = write!(out, "{} {} {}", kind_name(file, node), span.start, span.end);
        attrs(file, node, out);
        out.push('\n');
        kids.clear();
        node.children(file, &mut kids);
        stack.extend(kids.drain(..).rev().map(|k| (k, depth + 1)));
    }
    for c in &file.comments {
        let _ = writeln!(out, "Comment {} {}", c.span.start, c.span.end);
    }
}

/// Outcome of comparing our dump of one file with go/parser's.
#[derive(Debug, PartialEq, Eq)]
pub enum Comparison {
    Identical,
    /// Both parsed but the trees differ: line number and the two first differing lines.
    TreeDiff {
        line: usize,
        ours: String,
        go: String,
    },
    /// go/parser rejected the file; we accepted it.
    OnlyGoRejects(String),
    /// We rejected the file; go/parser accepted it.
    OnlyWeReject(String),
}

/// Compare our dump with go/parser's dump of the same file (both without the header).
pub fn compare(ours: &str, go: &str) -> Comparison {
    let our_err = ours.starts_with("ERROR");
    let go_err = go.starts_with("ERROR");
    match (our_err, go_err) {
        (true, true) => return Comparison::Identical,
        (false, true) => return Comparison::OnlyGoRejects(go.lines().next().unwrap_or("").to_string()),
        (true, false) => return Comparison::OnlyWeReject(ours.lines().next().unwrap_or("").to_string()),
        _ => {}
    }
    let mut a = ours.lines();
    let mut g = go.lines();
    let mut line = 0;
    loop {
        line += 1;
        match (a.next(), g.next()) {
            (None, None) => return Comparison::Identical,
            (x, y) if x == y => continue,
            (x, y) => {
                return Comparison::TreeDiff {
                    line,
                    ours: x.unwrap_or("<end>").to_string(),
                    go: y.unwrap_or("<end>").to_string(),
                }
            }
        }
    }
}

/// Split goastdump output into (path, dump) pairs.
pub fn split_go_dump(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("== ") {
        let after = &rest[start + 3..];
        let nl = after.find('\n').unwrap_or(after.len());
        let path = &after[..nl];
        let body_start = (nl + 1).min(after.len());
        let body_all = &after[body_start..];
        let body_end = body_all.find("\n== ").map_or(body_all.len(), |i| i + 1);
        out.push((path, &body_all[..body_end]));
        rest = &body_all[body_end..];
    }
    out
}

/// Result of running the oracle over a goastdump output.
#[derive(Debug, Default)]
pub struct OracleReport {
    pub total: usize,
    pub identical: usize,
    /// (path, description) of every file that is not identical.
    pub mismatches: Vec<(String, String)>,
}

impl OracleReport {
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.identical as f64 * 100.0 / self.total as f64
        }
    }

    /// The summary line the oracle script ends with.
    pub fn summary(&self) -> String {
        format!("identical: {}/{} files ({:.2}%)", self.identical, self.total, self.percent())
    }
}

/// Parse every file named in `go_dump` (goastdump's output), compare with go/parser's
/// dump, and check the span invariants of every tree we produce. Runs on up to
/// `available_parallelism` threads; the report lists mismatches in input order.
pub fn run_oracle(go_dump: &str) -> OracleReport {
    let entries = split_go_dump(go_dump);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = entries.len().div_ceil(threads).max(1);
    let results: Vec<Vec<Option<(String, String)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|&(path, go)| compare_one(path, go)).collect()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    let mut report = OracleReport { total: entries.len(), ..OracleReport::default() };
    for r in results.into_iter().flatten() {
        match r {
            None => report.identical += 1,
            Some(m) => report.mismatches.push(m),
        }
    }
    report
}

/// None when identical, else (path, what differs).
fn compare_one(path: &str, go: &str) -> Option<(String, String)> {
    let src = match std::fs::read(path) {
        Ok(s) => s,
        Err(e) => return Some((path.to_string(), format!("cannot read: {e}"))),
    };
    let file = crate::parse_file(&src);
    if let Err(e) = crate::check_span_invariants(&file) {
        return Some((path.to_string(), format!("span invariant: {e}")));
    }
    let mut ours = String::with_capacity(go.len() + 64);
    dump(&file, &mut ours);
    let what = match compare(&ours, go) {
        Comparison::Identical => return None,
        Comparison::TreeDiff { line, ours, go } => format!("line {line}: ours `{}` go `{}`", ours.trim(), go.trim()),
        Comparison::OnlyGoRejects(e) => format!("only go/parser rejects: {e}"),
        Comparison::OnlyWeReject(e) => format!("only we reject: {e}"),
    };
    Some((path.to_string(), what))
}
