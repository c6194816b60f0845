//! The Go AST: node kinds mirror go/ast one to one, so a dump of ours compares
//! line by line with go/parser's (see `tools/goastdump`).
//!
//! Expressions and statements live in per-file arenas ([`File::exprs`], [`File::stmts`])
//! and refer to each other by [`ExprId`] / [`StmtId`]. Side tables of the semantic model
//! (types of expressions, resolved identifiers) are plain vectors indexed by these ids.
//! Identifiers store only their span: the name is `file.text(ident.span)`.
//!
//! Every node carries the span go/ast would report as `[Pos(), End())`.

use crate::span::Span;

/// Index of an expression in [`File::exprs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExprId(pub u32);

/// Index of a statement in [`File::stmts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StmtId(pub u32);

impl ExprId {
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl StmtId {
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An identifier; its name is the source text of `span`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ident {
    pub span: Span,
}

/// One parsed source file.
#[derive(Debug, Default)]
pub struct File {
    /// The file's source. Invalid UTF-8 is replaced (U+FFFD) before lexing and reported.
    pub src: Box<str>,
    /// Span of the `package` keyword.
    pub package_pos: Span,
    pub package_name: Ident,
    /// Import, const, type, var and func declarations in source order.
    pub decls: Vec<Decl>,
    /// Every comment, in source order (`//...` and `/*...*/`, including directives).
    pub comments: Vec<Comment>,
    pub exprs: Vec<Expr>,
    pub stmts: Vec<Stmt>,
    /// Every function literal, in the order the parser finished them (inner before
    /// outer): analyses visit each function without scanning every expression.
    pub func_lits: Vec<ExprId>,
    /// Syntax errors, in source order; the tree is still complete (Bad nodes fill gaps).
    pub errors: Vec<SyntaxError>,
}

impl File {
    /// Whether the source text contains `needle` anywhere (code, comments or strings):
    /// the cheap test rules make before walking a file. memchr's SIMD search runs about
    /// twice as fast as `str::contains` over Go source.
    #[inline]
    pub fn mentions(&self, needle: &str) -> bool {
        memchr::memmem::find(self.src.as_bytes(), needle.as_bytes()).is_some()
    }

    #[inline]
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.index()]
    }

    #[inline]
    pub fn stmt(&self, id: StmtId) -> &Stmt {
        &self.stmts[id.index()]
    }

    /// Source text of a span.
    #[inline]
    pub fn text(&self, span: Span) -> &str {
        self.src.get(span.range()).unwrap_or("")
    }

    /// Name of an identifier.
    #[inline]
    pub fn name(&self, ident: Ident) -> &str {
        self.text(ident.span)
    }

    /// The import specs of the file, in order.
    pub fn imports(&self) -> impl Iterator<Item = &ImportSpec> {
        self.decls
            .iter()
            .filter_map(|d| match d {
                Decl::Gen(g) if g.tok == GenTok::Import => Some(g),
                _ => None,
            })
            .flat_map(|g| g.specs.iter())
            .filter_map(|s| match s {
                Spec::Import(i) => Some(i),
                _ => None,
            })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    /// `// ...` (span excludes the newline)
    Line,
    /// `/* ... */`
    Block,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    pub kind: CommentKind,
}

// ---------------------------------------------------------------------------
// Declarations

#[derive(Clone, Debug)]
pub enum Decl {
    Gen(GenDecl),
    Func(FuncDecl),
    /// A declaration that could not be parsed (go/ast BadDecl).
    Bad(Span),
}

impl Decl {
    pub fn span(&self) -> Span {
        match self {
            Decl::Gen(g) => g.span,
            Decl::Func(f) => f.span,
            Decl::Bad(s) => *s,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenTok {
    Import,
    Const,
    Type,
    Var,
}

/// `import`, `const`, `type` or `var` with one spec or a parenthesised list.
#[derive(Clone, Debug)]
pub struct GenDecl {
    pub span: Span,
    pub tok: GenTok,
    /// Position of `(` when the specs are parenthesised.
    pub lparen: Option<u32>,
    pub specs: Vec<Spec>,
}

#[derive(Clone, Debug)]
pub enum Spec {
    Import(ImportSpec),
    Value(ValueSpec),
    Type(TypeSpec),
}

#[derive(Clone, Debug)]
pub struct ImportSpec {
    pub span: Span,
    /// Local name: an identifier, `.` or `_` (the span covers it).
    pub name: Option<Ident>,
    /// The quoted import path literal (a [`ExprKind::BasicLit`] of kind String).
    pub path: ExprId,
}

/// A const or var spec: `a, b T = x, y`.
#[derive(Clone, Debug)]
pub struct ValueSpec {
    pub span: Span,
    pub names: Vec<Ident>,
    pub typ: Option<ExprId>,
    pub values: Vec<ExprId>,
}

/// `Name[TypeParams] Type` or the alias form `Name = Type`.
#[derive(Clone, Debug)]
pub struct TypeSpec {
    pub span: Span,
    pub name: Ident,
    pub type_params: Option<FieldList>,
    /// Position of `=` for an alias declaration.
    pub assign: Option<u32>,
    pub typ: ExprId,
}

#[derive(Clone, Debug)]
pub struct FuncDecl {
    pub span: Span,
    pub recv: Option<FieldList>,
    pub name: Ident,
    pub typ: FuncType,
    /// A [`StmtKind::Block`]; `None` for an external (assembly) function.
    pub body: Option<StmtId>,
}

/// A function signature: `func[TypeParams](Params) Results`.
#[derive(Clone, Debug)]
pub struct FuncType {
    pub span: Span,
    /// Position of the `func` keyword (absent for interface methods).
    pub func_pos: Option<u32>,
    pub type_params: Option<FieldList>,
    pub params: FieldList,
    pub results: Option<FieldList>,
}

/// A parenthesised, bracketed or braced list of fields (params, results, struct fields,
/// interface elements, type parameters).
#[derive(Clone, Debug, Default)]
pub struct FieldList {
    pub span: Span,
    pub opening: Option<u32>,
    pub list: Vec<Field>,
    pub closing: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub span: Span,
    pub names: Vec<Ident>,
    pub typ: ExprId,
    /// Struct field tag (a string BasicLit).
    pub tag: Option<ExprId>,
}

// ---------------------------------------------------------------------------
// Expressions (and types, which are expressions in Go's syntax)

#[derive(Clone, Debug)]
pub struct Expr {
    pub span: Span,
    pub kind: ExprKind,
}

// Every node of every file stays in memory for the whole run, and a large tree holds tens
// of millions of them: lists are boxed slices and rare large kinds are boxed so that a
// node stays at 48 bytes. A change that grows them fails to compile here.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Expr>() <= 48 && std::mem::size_of::<Stmt>() <= 48);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LitKind {
    Int,
    Float,
    Imag,
    Char,
    String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `+x`
    Add,
    /// `-x`
    Sub,
    /// `!x`
    Not,
    /// `^x`
    Xor,
    /// `&x`
    And,
    /// `<-x`
    Arrow,
    /// `~T` in constraints
    Tilde,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    LOr,
    LAnd,
    Eql,
    Neq,
    Lss,
    Leq,
    Gtr,
    Geq,
    Add,
    Sub,
    Or,
    Xor,
    Mul,
    Quo,
    Rem,
    Shl,
    Shr,
    And,
    AndNot,
}

impl BinaryOp {
    /// Go operator precedence (5 binds tightest).
    pub fn precedence(self) -> u8 {
        use BinaryOp::*;
        match self {
            LOr => 1,
            LAnd => 2,
            Eql | Neq | Lss | Leq | Gtr | Geq => 3,
            Add | Sub | Or | Xor => 4,
            Mul | Quo | Rem | Shl | Shr | And | AndNot => 5,
        }
    }

    pub fn as_str(self) -> &'static str {
        use BinaryOp::*;
        match self {
            LOr => "||",
            LAnd => "&&",
            Eql => "==",
            Neq => "!=",
            Lss => "<",
            Leq => "<=",
            Gtr => ">",
            Geq => ">=",
            Add => "+",
            Sub => "-",
            Or => "|",
            Xor => "^",
            Mul => "*",
            Quo => "/",
            Rem => "%",
            Shl => "<<",
            Shr => ">>",
            And => "&",
            AndNot => "&^",
        }
    }
}

impl UnaryOp {
    pub fn as_str(self) -> &'static str {
        use UnaryOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Not => "!",
            Xor => "^",
            And => "&",
            Arrow => "<-",
            Tilde => "~",
        }
    }
}

/// Channel direction of a channel type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChanDir {
    /// `chan T`
    Both,
    /// `chan<- T`
    Send,
    /// `<-chan T`
    Recv,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// Unparsable expression (go/ast BadExpr).
    Bad,
    Ident(Ident),
    /// `...T` in a variadic parameter, or `[...]T` length.
    Ellipsis {
        elt: Option<ExprId>,
    },
    BasicLit {
        kind: LitKind,
    },
    FuncLit {
        typ: Box<FuncType>,
        body: StmtId,
    },
    CompositeLit {
        typ: Option<ExprId>,
        lbrace: u32,
        elts: Box<[ExprId]>,
        rbrace: u32,
    },
    Paren {
        x: ExprId,
    },
    Selector {
        x: ExprId,
        sel: Ident,
    },
    Index {
        x: ExprId,
        index: ExprId,
    },
    /// `x[A, B]`: instantiation with several type arguments.
    IndexList {
        x: ExprId,
        indices: Box<[ExprId]>,
    },
    Slice {
        x: ExprId,
        low: Option<ExprId>,
        high: Option<ExprId>,
        max: Option<ExprId>,
        slice3: bool,
    },
    /// `x.(T)`; `typ` is `None` for `x.(type)` in a type switch.
    TypeAssert {
        x: ExprId,
        typ: Option<ExprId>,
    },
    Call {
        fun: ExprId,
        lparen: u32,
        args: Box<[ExprId]>,
        ellipsis: Option<u32>,
        rparen: u32,
    },
    /// `*x`: dereference or pointer type.
    Star {
        x: ExprId,
    },
    Unary {
        op: UnaryOp,
        op_pos: u32,
        x: ExprId,
    },
    Binary {
        x: ExprId,
        op: BinaryOp,
        op_pos: u32,
        y: ExprId,
    },
    KeyValue {
        key: ExprId,
        value: ExprId,
    },
    /// `[N]T`, `[...]T` (len is an Ellipsis) or `[]T` (len None).
    ArrayType {
        len: Option<ExprId>,
        elt: ExprId,
    },
    StructType {
        fields: Box<FieldList>,
    },
    FuncType(Box<FuncType>),
    /// Methods and embedded elements (including type-set terms) of an interface.
    InterfaceType {
        methods: Box<FieldList>,
    },
    MapType {
        key: ExprId,
        value: ExprId,
    },
    ChanType {
        dir: ChanDir,
        arrow: Option<u32>,
        value: ExprId,
    },
}

// ---------------------------------------------------------------------------
// Statements

#[derive(Clone, Debug)]
pub struct Stmt {
    pub span: Span,
    pub kind: StmtKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `:=`
    Define,
    /// `+=`, `-=`, ...: the binary operator applied.
    Op(BinaryOp),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BranchKind {
    Break,
    Continue,
    Goto,
    Fallthrough,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    /// Unparsable statement (go/ast BadStmt).
    Bad,
    /// const, type or var declaration inside a function (boxed: rare, and the largest kind).
    Decl(Box<GenDecl>),
    /// An empty statement; `implicit` when it stands for a missing `;` before `}` or a
    /// label with nothing after it.
    Empty {
        implicit: bool,
    },
    Labeled {
        label: Ident,
        stmt: StmtId,
    },
    Expr(ExprId),
    Send {
        chan: ExprId,
        arrow: u32,
        value: ExprId,
    },
    IncDec {
        x: ExprId,
        inc: bool,
    },
    Assign {
        lhs: Box<[ExprId]>,
        op: AssignOp,
        op_pos: u32,
        rhs: Box<[ExprId]>,
    },
    /// `go f(x)`: the expression is a call.
    Go {
        call: ExprId,
    },
    /// `defer f(x)`: the expression is a call.
    Defer {
        call: ExprId,
    },
    Return {
        results: Box<[ExprId]>,
    },
    Branch {
        kind: BranchKind,
        label: Option<Ident>,
    },
    Block {
        stmts: Box<[StmtId]>,
    },
    If {
        init: Option<StmtId>,
        cond: ExprId,
        then: StmtId,
        els: Option<StmtId>,
    },
    /// A `case`/`default` clause of an expression or type switch; `list` is `None` for
    /// `default`.
    CaseClause {
        list: Option<Box<[ExprId]>>,
        colon: u32,
        body: Box<[StmtId]>,
    },
    Switch {
        init: Option<StmtId>,
        tag: Option<ExprId>,
        body: StmtId,
    },
    /// `switch [init;] [x :=] y.(type) { ... }`: `assign` is an Assign or Expr statement.
    TypeSwitch {
        init: Option<StmtId>,
        assign: StmtId,
        body: StmtId,
    },
    /// A `case`/`default` clause of a select; `comm` is `None` for `default`, else a Send,
    /// Expr (receive) or Assign (receive with assignment) statement.
    CommClause {
        comm: Option<StmtId>,
        colon: u32,
        body: Box<[StmtId]>,
    },
    Select {
        body: StmtId,
    },
    For {
        init: Option<StmtId>,
        cond: Option<ExprId>,
        post: Option<StmtId>,
        body: StmtId,
    },
    /// `for k, v := range x`; `op` is `None` for `for range x`.
    Range {
        key: Option<ExprId>,
        value: Option<ExprId>,
        op: Option<AssignOp>,
        range_pos: u32,
        x: ExprId,
        body: StmtId,
    },
}

impl StmtKind {
    /// The statements of a Block (empty for any other kind).
    pub fn block_stmts(&self) -> &[StmtId] {
        match self {
            StmtKind::Block { stmts } => stmts,
            _ => &[],
        }
    }
}
