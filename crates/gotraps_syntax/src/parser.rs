//! Recursive-descent Go parser producing [`ast::File`].
//!
//! The structure follows go/parser function by function, so that every file go/parser
//! accepts yields the same tree (checked by `scripts/oracle-parse`), every file it rejects
//! yields at least one error, and error recovery resynchronises at the same tokens.

mod decls;
mod exprs;
mod stmts;
mod types;

use crate::ast::*;
use crate::lexer::Lexer;
use crate::span::Span;
use crate::token::Token;

/// go/parser's limit on its nesting counter (it counts recursion plus iterations of
/// selector/call and binary-operator chains, so it bounds the depth of the tree).
/// Ours is lower than go/parser's 100000 so that recursive walks over the tree stay
/// shallow; no file in GOROOT comes near it.
pub(crate) const MAX_NEST_LEV: u32 = 5000;

/// Stack the parser may use below its entry frame before it gives up with
/// "exceeded max nesting depth". Files are parsed on threads with 2 MiB stacks.
const STACK_BUDGET: usize = 1 << 20;

pub(crate) struct Parser<'a> {
    pub(crate) src: &'a str,
    lx: Lexer<'a>,
    // current token
    pub(crate) tok: Token,
    pub(crate) pos: u32,
    pub(crate) end: u32,
    /// The current token is a semicolon inserted at a newline or EOF.
    pub(crate) auto_semi: bool,

    pub(crate) exprs: Vec<Expr>,
    pub(crate) stmts: Vec<Stmt>,
    errors: Vec<SyntaxError>,

    /// Stacks that lists are collected on before being copied out at their exact size,
    /// so that building a list costs one allocation.
    scratch_exprs: Vec<ExprId>,
    scratch_stmts: Vec<StmtId>,
    /// Function literals parsed so far (see `File::func_lits`).
    func_lits: Vec<ExprId>,

    sync_pos: u32,
    sync_cnt: u32,
    pub(crate) expr_lev: i32,
    pub(crate) in_rhs: bool,
    nest_lev: u32,
    stack_base: usize,
    /// Set once nesting is too deep: the parser then sees only EOF and unwinds.
    bailed: bool,
    /// See [`crate::parse_declarations`].
    pub(crate) skip_func_bodies: bool,
}

#[inline(always)]
fn stack_addr() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        let mut p = Parser {
            src,
            lx: Lexer::new(src),
            tok: Token::Illegal,
            pos: 0,
            end: 0,
            auto_semi: false,
            // GOROOT averages one expression per ~10 bytes of source.
            exprs: Vec::with_capacity(src.len() / 8 + 16),
            stmts: Vec::with_capacity(src.len() / 40 + 16),
            errors: Vec::new(),
            scratch_exprs: Vec::with_capacity(256),
            scratch_stmts: Vec::with_capacity(256),
            func_lits: Vec::new(),
            sync_pos: 0,
            sync_cnt: 0,
            expr_lev: 0,
            in_rhs: false,
            nest_lev: 0,
            stack_base: stack_addr(),
            bailed: false,
            skip_func_bodies: false,
        };
        p.next();
        p
    }

    pub(crate) fn finish(mut self, file: &mut File) {
        file.exprs = std::mem::take(&mut self.exprs);
        file.stmts = std::mem::take(&mut self.stmts);
        file.comments = std::mem::take(&mut self.lx.comments);
        file.func_lits = std::mem::take(&mut self.func_lits);
        // The arenas were sized for the densest code; a run keeps every tree to its end,
        // so the unused tail would be held for the whole run.
        file.exprs.shrink_to_fit();
        file.stmts.shrink_to_fit();
        file.comments.shrink_to_fit();
        let mut errors = std::mem::take(&mut self.lx.errors);
        errors.append(&mut self.errors);
        errors.sort_by_key(|e| e.span.start);
        file.errors.append(&mut errors);
        file.errors.sort_by_key(|e| e.span.start);
    }

    // ------------------------------------------------------------------
    // tokens

    #[inline]
    pub(crate) fn next(&mut self) {
        if self.bailed {
            self.tok = Token::Eof;
            self.pos = self.src.len() as u32;
            self.end = self.pos;
            return;
        }
        let t = self.lx.next_token();
        self.tok = t.tok;
        self.pos = t.pos;
        self.end = t.end;
        self.auto_semi = t.auto_semi;
    }

    /// Text of the current token.
    #[inline]
    pub(crate) fn lit(&self) -> &'a str {
        self.src.get(self.pos as usize..self.end as usize).unwrap_or("")
    }

    pub(crate) fn error(&mut self, pos: u32, msg: impl Into<String>) {
        if self.bailed {
            return;
        }
        // Like go/parser without AllErrors: one error per line is enough.
        if let Some(last) = self.errors.last() {
            let (a, b) = (last.span.start.min(pos), last.span.start.max(pos));
            let between = self.src.as_bytes().get(a as usize..b as usize).unwrap_or(&[]);
            if !between.contains(&b'\n') {
                return;
            }
        }
        self.errors.push(SyntaxError { span: Span::at(pos.min(self.src.len() as u32)), message: msg.into() });
    }

    pub(crate) fn error_expected(&mut self, pos: u32, what: &str) {
        let mut msg = format!("expected {what}");
        if pos == self.pos {
            if self.tok == Token::Semicolon && self.auto_semi {
                msg.push_str(", found newline");
            } else if self.tok.is_literal() {
                msg.push_str(", found ");
                msg.push_str(self.lit());
            } else {
                msg.push_str(", found '");
                msg.push_str(self.tok.as_str());
                msg.push('\'');
            }
        }
        self.error(pos, msg);
    }

    pub(crate) fn expect(&mut self, tok: Token) -> u32 {
        let pos = self.pos;
        if self.tok != tok {
            self.error_expected(pos, &format!("'{}'", tok.as_str()));
        }
        self.next();
        pos
    }

    /// Like `expect`, but returns None if the token is missing.
    pub(crate) fn expect2(&mut self, tok: Token) -> Option<u32> {
        if self.tok != tok && self.at_recovery_point() {
            // leave the declaration keyword for the top level
            self.error_expected(self.pos, &format!("'{}'", tok.as_str()));
            return None;
        }
        let pos = if self.tok == tok {
            Some(self.pos)
        } else {
            self.error_expected(self.pos, &format!("'{}'", tok.as_str()));
            None
        };
        self.next();
        pos
    }

    pub(crate) fn expect_closing(&mut self, tok: Token, context: &str) -> u32 {
        if self.tok != tok && self.tok == Token::Semicolon && self.auto_semi {
            self.error(self.pos, format!("missing ',' before newline in {context}"));
            self.next();
        }
        self.expect(tok)
    }

    pub(crate) fn expect_semi(&mut self) {
        match self.tok {
            Token::RParen | Token::RBrace => {}
            Token::Comma => {
                self.error_expected(self.pos, "';'");
                self.next();
            }
            Token::Semicolon => self.next(),
            _ => {
                self.error_expected(self.pos, "';'");
                self.advance(is_stmt_start);
            }
        }
    }

    pub(crate) fn at_comma(&mut self, context: &str, follow: Token) -> bool {
        if self.tok == Token::Comma {
            return true;
        }
        if self.tok != follow {
            let nl = if self.tok == Token::Semicolon && self.auto_semi { " before newline" } else { "" };
            self.error(self.pos, format!("missing ','{nl} in {context}"));
            return true;
        }
        false
    }

    /// Skip tokens until one in the `to` set (or EOF), for error recovery.
    pub(crate) fn advance(&mut self, to: fn(Token) -> bool) {
        while self.tok != Token::Eof {
            if to(self.tok) || self.at_recovery_point() {
                if self.pos == self.sync_pos && self.sync_cnt < 10 {
                    self.sync_cnt += 1;
                    return;
                }
                if self.pos > self.sync_pos {
                    self.sync_pos = self.pos;
                    self.sync_cnt = 0;
                    return;
                }
            }
            self.next();
        }
    }

    /// After an error, a declaration keyword at the start of a line is where the next
    /// top-level declaration most likely begins: recovery stops there instead of
    /// swallowing it into a broken function body. (Never applies to files without errors,
    /// so accepted files parse exactly as go/parser parses them.)
    pub(crate) fn at_recovery_point(&self) -> bool {
        matches!(self.tok, Token::Func | Token::Type | Token::Var | Token::Const | Token::Import)
            && (self.pos == 0 || self.src.as_bytes().get(self.pos as usize - 1) == Some(&b'\n'))
            && (!self.errors.is_empty() || !self.lx.errors.is_empty())
    }

    /// Enter one nesting level; false (after reporting once) if too deep.
    #[inline]
    pub(crate) fn inc_nest(&mut self) -> bool {
        self.nest_lev += 1;
        if self.bailed {
            return false;
        }
        if self.nest_lev > MAX_NEST_LEV || self.stack_base.abs_diff(stack_addr()) > STACK_BUDGET {
            let pos = self.pos;
            self.error(pos, "exceeded max nesting depth");
            self.bailed = true;
            self.tok = Token::Eof;
            self.pos = self.src.len() as u32;
            self.end = self.pos;
            return false;
        }
        true
    }

    #[inline]
    pub(crate) fn dec_nest(&mut self) {
        self.nest_lev -= 1;
    }

    /// Whether recursion in a helper (not counted by `inc_nest`) may go deeper.
    pub(crate) fn stack_ok(&self) -> bool {
        self.stack_base.abs_diff(stack_addr()) <= STACK_BUDGET
    }

    // ------------------------------------------------------------------
    // arena

    #[inline]
    pub(crate) fn push_expr(&mut self, span: Span, kind: ExprKind) -> ExprId {
        let id = ExprId(self.exprs.len() as u32);
        self.exprs.push(Expr { span, kind });
        id
    }

    #[inline]
    pub(crate) fn push_stmt(&mut self, span: Span, kind: StmtKind) -> StmtId {
        let id = StmtId(self.stmts.len() as u32);
        self.stmts.push(Stmt { span, kind });
        id
    }

    /// The offset just after a one-byte token at `pos` (clamped: a missing closing token
    /// is "found" at EOF).
    #[inline]
    pub(crate) fn after(&self, pos: u32) -> u32 {
        (pos + 1).min(self.src.len() as u32)
    }

    #[inline]
    pub(crate) fn espan(&self, id: ExprId) -> Span {
        self.exprs[id.index()].span
    }

    #[inline]
    pub(crate) fn sspan(&self, id: StmtId) -> Span {
        self.stmts[id.index()].span
    }

    #[inline]
    pub(crate) fn ekind(&self, id: ExprId) -> &ExprKind {
        &self.exprs[id.index()].kind
    }

    pub(crate) fn ident_expr(&mut self, ident: Ident) -> ExprId {
        self.push_expr(ident.span, ExprKind::Ident(ident))
    }

    pub(crate) fn bad_expr(&mut self, from: u32, to: u32) -> ExprId {
        self.push_expr(Span::new(from, to.max(from)), ExprKind::Bad)
    }

    pub(crate) fn bad_stmt(&mut self, from: u32, to: u32) -> StmtId {
        self.push_stmt(Span::new(from, to.max(from)), StmtKind::Bad)
    }

    pub(crate) fn as_ident(&self, id: ExprId) -> Option<Ident> {
        match self.ekind(id) {
            ExprKind::Ident(i) => Some(*i),
            _ => None,
        }
    }

    /// go/ast.Unparen.
    pub(crate) fn unparen(&self, mut id: ExprId) -> ExprId {
        while let ExprKind::Paren { x } = self.ekind(id) {
            id = *x;
        }
        id
    }

    // ------------------------------------------------------------------
    // identifiers

    pub(crate) fn parse_ident(&mut self) -> Ident {
        let pos = self.pos;
        if self.tok == Token::Ident {
            let span = Span::new(pos, self.end);
            self.next();
            Ident { span }
        } else {
            self.expect(Token::Ident);
            Ident { span: Span::at(pos) }
        }
    }

    pub(crate) fn parse_ident_list(&mut self) -> Vec<Ident> {
        let mut list = vec![self.parse_ident()];
        while self.tok == Token::Comma {
            self.next();
            list.push(self.parse_ident());
        }
        list
    }

    pub(crate) fn parse_expr_list(&mut self) -> Vec<ExprId> {
        let mark = self.scratch_exprs.len();
        self.parse_expr_list_onto_scratch();
        self.take_exprs(mark)
    }

    /// Parse an expression list onto the scratch stack (no allocation).
    pub(crate) fn parse_expr_list_onto_scratch(&mut self) {
        let x = self.parse_expr();
        self.scratch_exprs.push(x);
        while self.tok == Token::Comma {
            self.next();
            let x = self.parse_expr();
            self.scratch_exprs.push(x);
        }
    }

    /// The expressions pushed on the scratch stack since `mark`, as an exact-size Vec.
    #[inline]
    pub(crate) fn take_exprs(&mut self, mark: usize) -> Vec<ExprId> {
        let v = self.scratch_exprs[mark..].to_vec();
        self.scratch_exprs.truncate(mark);
        v
    }

    #[inline]
    pub(crate) fn take_stmts(&mut self, mark: usize) -> Vec<StmtId> {
        let v = self.scratch_stmts[mark..].to_vec();
        self.scratch_stmts.truncate(mark);
        v
    }

    pub(crate) fn parse_list(&mut self, in_rhs: bool) -> Vec<ExprId> {
        let old = self.in_rhs;
        self.in_rhs = in_rhs;
        let list = self.parse_expr_list();
        self.in_rhs = old;
        list
    }
}

pub(crate) fn is_stmt_start(t: Token) -> bool {
    use Token::*;
    matches!(
        t,
        Break | Const | Continue | Defer | Fallthrough | For | Go | Goto | If | Return | Select | Switch | Type | Var
    )
}

pub(crate) fn is_decl_start(t: Token) -> bool {
    matches!(t, Token::Import | Token::Const | Token::Type | Token::Var)
}

pub(crate) fn is_expr_end(t: Token) -> bool {
    use Token::*;
    matches!(t, Comma | Colon | Semicolon | RParen | RBrack | RBrace)
}

/// Parse a whole file from UTF-8 text.
pub(crate) fn parse_source(src: &str, file: &mut File, skip_func_bodies: bool) {
    let mut p = Parser::new(src);
    p.skip_func_bodies = skip_func_bodies;
    p.parse_file(file);
    p.finish(file);
}

#[cfg(test)]
mod tests;
