//! Statements: simple statements, go/defer/return/branch, blocks, if, switch, select, for.

use super::Parser;
use crate::ast::*;
use crate::span::Span;
use crate::token::Token;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum SimpleMode {
    Basic,
    LabelOk,
    RangeOk,
}

/// The `lhs op range x` part of a range clause, before the body is parsed.
pub(crate) struct RangeClause {
    lhs: Vec<ExprId>,
    op: Option<AssignOp>,
    range_pos: u32,
    x: ExprId,
}

pub(crate) enum Simple {
    Stmt(StmtId),
    Range(RangeClause),
}

fn assign_op(t: Token) -> Option<AssignOp> {
    use BinaryOp as B;
    Some(match t {
        Token::Define => AssignOp::Define,
        Token::Assign => AssignOp::Assign,
        Token::AddAssign => AssignOp::Op(B::Add),
        Token::SubAssign => AssignOp::Op(B::Sub),
        Token::MulAssign => AssignOp::Op(B::Mul),
        Token::QuoAssign => AssignOp::Op(B::Quo),
        Token::RemAssign => AssignOp::Op(B::Rem),
        Token::AndAssign => AssignOp::Op(B::And),
        Token::OrAssign => AssignOp::Op(B::Or),
        Token::XorAssign => AssignOp::Op(B::Xor),
        Token::ShlAssign => AssignOp::Op(B::Shl),
        Token::ShrAssign => AssignOp::Op(B::Shr),
        Token::AndNotAssign => AssignOp::Op(B::AndNot),
        _ => return None,
    })
}

impl<'a> Parser<'a> {
    pub(crate) fn parse_stmt_list(&mut self) -> Vec<StmtId> {
        let mark = self.scratch_stmts.len();
        while !matches!(self.tok, Token::Case | Token::Default | Token::RBrace | Token::Eof)
            && !self.at_recovery_point()
        {
            let s = self.parse_stmt();
            self.scratch_stmts.push(s);
        }
        self.take_stmts(mark)
    }

    pub(crate) fn parse_block_stmt(&mut self) -> StmtId {
        self.parse_body()
    }

    fn assign_stmt(&mut self, lhs: Vec<ExprId>, op: AssignOp, op_pos: u32, rhs: Vec<ExprId>) -> StmtId {
        let start = lhs.first().map_or(op_pos, |&e| self.espan(e).start);
        let end = rhs.last().map_or(op_pos, |&e| self.espan(e).end);
        self.push_stmt(
            Span::new(start, end.max(start)),
            StmtKind::Assign { lhs: lhs.into(), op, op_pos, rhs: rhs.into() },
        )
    }

    pub(crate) fn parse_simple_stmt(&mut self, mode: SimpleMode) -> Simple {
        // The lhs stays on the scratch stack: most simple statements are a single
        // expression and need no Vec.
        let mark = self.scratch_exprs.len();
        let old = self.in_rhs;
        self.in_rhs = false;
        self.parse_expr_list_onto_scratch();
        self.in_rhs = old;
        let n = self.scratch_exprs.len() - mark;
        let x0 = self.scratch_exprs[mark];
        if let Some(op) = assign_op(self.tok) {
            let x = self.take_exprs(mark);
            let op_pos = self.pos;
            let is_plain = matches!(op, AssignOp::Define | AssignOp::Assign);
            self.next();
            if mode == SimpleMode::RangeOk && self.tok == Token::Range && is_plain {
                let range_pos = self.pos;
                self.next();
                let rx = self.parse_rhs();
                let _ = op_pos;
                return Simple::Range(RangeClause { lhs: x, op: Some(op), range_pos, x: rx });
            }
            let y = self.parse_list(true);
            return Simple::Stmt(self.assign_stmt(x, op, op_pos, y));
        }
        self.scratch_exprs.truncate(mark);
        if n > 1 {
            let p = self.espan(x0).start;
            self.error_expected(p, "1 expression");
        }
        match self.tok {
            Token::Colon => {
                let colon = self.pos;
                self.next();
                if let (Some(label), SimpleMode::LabelOk) = (self.as_ident(x0), mode) {
                    let stmt = self.parse_stmt();
                    let end = self.sspan(stmt).end;
                    return Simple::Stmt(self.push_stmt(
                        Span::new(label.span.start, end.max(label.span.start)),
                        StmtKind::Labeled { label, stmt },
                    ));
                }
                self.error(colon, "illegal label declaration");
                let start = self.espan(x0).start;
                Simple::Stmt(self.bad_stmt(start, self.after(colon)))
            }
            Token::Arrow => {
                let arrow = self.pos;
                self.next();
                let value = self.parse_rhs();
                let span = self.espan(x0).to(self.espan(value));
                Simple::Stmt(self.push_stmt(span, StmtKind::Send { chan: x0, arrow, value }))
            }
            Token::Inc | Token::Dec => {
                let inc = self.tok == Token::Inc;
                let start = self.espan(x0).start;
                let end = self.pos + 2;
                self.next();
                Simple::Stmt(self.push_stmt(Span::new(start, end), StmtKind::IncDec { x: x0, inc }))
            }
            _ => {
                let span = self.espan(x0);
                Simple::Stmt(self.push_stmt(span, StmtKind::Expr(x0)))
            }
        }
    }

    fn simple_stmt(&mut self, mode: SimpleMode) -> StmtId {
        match self.parse_simple_stmt(mode) {
            Simple::Stmt(s) => s,
            Simple::Range(r) => {
                // only produced with RangeOk
                let span = self.espan(r.x);
                self.push_stmt(span, StmtKind::Expr(r.x))
            }
        }
    }

    fn parse_call_expr(&mut self, call_type: &str) -> Option<ExprId> {
        let mut x = self.parse_rhs();
        let t = self.unparen(x);
        if t != x {
            let p = self.espan(x).start;
            self.error(p, format!("expression in {call_type} must not be parenthesized"));
            x = t;
        }
        match self.ekind(x) {
            ExprKind::Call { .. } => Some(x),
            ExprKind::Bad => None,
            _ => {
                let p = self.espan(x).end;
                self.error(p, format!("expression in {call_type} must be function call"));
                None
            }
        }
    }

    fn parse_go_or_defer(&mut self, is_go: bool) -> StmtId {
        let (tok, name) = if is_go { (Token::Go, "go") } else { (Token::Defer, "defer") };
        let pos = self.expect(tok);
        let call = self.parse_call_expr(name);
        self.expect_semi();
        let Some(call) = call else {
            return self.bad_stmt(pos, pos + name.len() as u32);
        };
        let span = Span::new(pos, self.espan(call).end);
        let kind = if is_go { StmtKind::Go { call } } else { StmtKind::Defer { call } };
        self.push_stmt(span, kind)
    }

    fn parse_return_stmt(&mut self) -> StmtId {
        let pos = self.pos;
        self.expect(Token::Return);
        let mut results = Vec::new();
        if self.tok != Token::Semicolon && self.tok != Token::RBrace {
            results = self.parse_list(true);
        }
        self.expect_semi();
        let end = results.last().map_or(pos + 6, |&e| self.espan(e).end);
        self.push_stmt(Span::new(pos, end), StmtKind::Return { results: results.into() })
    }

    fn parse_branch_stmt(&mut self, tok: Token) -> StmtId {
        let pos = self.expect(tok);
        let mut label = None;
        if tok == Token::Goto || ((tok == Token::Continue || tok == Token::Break) && self.tok == Token::Ident) {
            label = Some(self.parse_ident());
        }
        self.expect_semi();
        let kind = match tok {
            Token::Break => BranchKind::Break,
            Token::Continue => BranchKind::Continue,
            Token::Goto => BranchKind::Goto,
            _ => BranchKind::Fallthrough,
        };
        let end = label.map_or(pos + tok.as_str().len() as u32, |l| l.span.end);
        self.push_stmt(Span::new(pos, end.max(pos)), StmtKind::Branch { kind, label })
    }

    fn make_expr(&mut self, s: Option<StmtId>, want: &str) -> Option<ExprId> {
        let s = s?;
        let st = &self.stmts[s.index()];
        if let StmtKind::Expr(x) = st.kind {
            return Some(x);
        }
        let found = if matches!(st.kind, StmtKind::Assign { .. }) { "assignment" } else { "simple statement" };
        let span = st.span;
        self.error(
            span.start,
            format!("expected {want}, found {found} (missing parentheses around composite literal?)"),
        );
        Some(self.bad_expr(span.start, span.end))
    }

    fn parse_if_header(&mut self) -> (Option<StmtId>, ExprId) {
        if self.tok == Token::LBrace {
            self.error(self.pos, "missing condition in if statement");
            let cond = self.bad_expr(self.pos, self.pos);
            return (None, cond);
        }
        let prev_lev = self.expr_lev;
        self.expr_lev = -1;
        let mut init = None;
        if self.tok != Token::Semicolon {
            if self.tok == Token::Var {
                self.next();
                self.error(self.pos, "var declaration not allowed in if initializer");
            }
            init = Some(self.simple_stmt(SimpleMode::Basic));
        }
        let mut cond_stmt = None;
        let mut semi: Option<(u32, bool)> = None;
        if self.tok != Token::LBrace {
            if self.tok == Token::Semicolon {
                semi = Some((self.pos, self.auto_semi));
                self.next();
            } else {
                self.expect(Token::Semicolon);
            }
            if self.tok != Token::LBrace {
                cond_stmt = Some(self.simple_stmt(SimpleMode::Basic));
            }
        } else {
            cond_stmt = init.take();
        }
        let mut cond = None;
        if cond_stmt.is_some() {
            cond = self.make_expr(cond_stmt, "boolean expression");
        } else if let Some((pos, nl)) = semi {
            if nl {
                self.error(pos, "unexpected newline, expecting { after if clause");
            } else {
                self.error(pos, "missing condition in if statement");
            }
        }
        let cond = match cond {
            Some(c) => c,
            None => self.bad_expr(self.pos, self.pos),
        };
        self.expr_lev = prev_lev;
        (init, cond)
    }

    fn parse_if_stmt(&mut self) -> StmtId {
        let ok = self.inc_nest();
        let pos = self.expect(Token::If);
        let (init, cond) = if ok { self.parse_if_header() } else { (None, self.bad_expr(pos, pos)) };
        let then = self.parse_block_stmt();
        let mut els = None;
        if self.tok == Token::Else {
            self.next();
            match self.tok {
                Token::If => els = Some(self.parse_if_stmt()),
                Token::LBrace => {
                    els = Some(self.parse_block_stmt());
                    self.expect_semi();
                }
                _ => {
                    self.error_expected(self.pos, "if statement or block");
                    els = Some(self.bad_stmt(self.pos, self.pos));
                }
            }
        } else {
            self.expect_semi();
        }
        self.dec_nest();
        let end = els.map_or(self.sspan(then).end, |e| self.sspan(e).end);
        self.push_stmt(Span::new(pos, end.max(pos)), StmtKind::If { init, cond, then, els })
    }

    fn clause_span(&self, pos: u32, colon: u32, body: &[StmtId]) -> Span {
        let end = body.last().map_or(self.after(colon), |&s| self.sspan(s).end);
        Span::new(pos, end.max(pos).min(self.src.len() as u32).max(pos))
    }

    fn parse_case_clause(&mut self) -> StmtId {
        let pos = self.pos;
        let list = if self.tok == Token::Case {
            self.next();
            Some(self.parse_list(true))
        } else {
            self.expect(Token::Default);
            None
        };
        let colon = self.expect(Token::Colon);
        let body = self.parse_stmt_list();
        let span = self.clause_span(pos, colon, &body);
        self.push_stmt(span, StmtKind::CaseClause { list: list.map(Into::into), colon, body: body.into() })
    }

    fn is_type_switch_assert(&self, x: ExprId) -> bool {
        matches!(self.ekind(x), ExprKind::TypeAssert { typ: None, .. })
    }

    fn is_type_switch_guard(&mut self, s: Option<StmtId>) -> bool {
        let Some(s) = s else { return false };
        match &self.stmts[s.index()].kind {
            StmtKind::Expr(x) => self.is_type_switch_assert(*x),
            StmtKind::Assign { lhs, op, op_pos, rhs }
                if lhs.len() == 1 && rhs.len() == 1 && self.is_type_switch_assert(rhs[0]) =>
            {
                match op {
                    AssignOp::Assign => {
                        let p = *op_pos;
                        self.error(p, "expected ':=', found '='");
                        true
                    }
                    AssignOp::Define => true,
                    _ => false,
                }
            }
            _ => false,
        }
    }

    fn parse_switch_stmt(&mut self) -> StmtId {
        let pos = self.expect(Token::Switch);
        let mut s1 = None;
        let mut s2 = None;
        if self.tok != Token::LBrace {
            let prev_lev = self.expr_lev;
            self.expr_lev = -1;
            if self.tok != Token::Semicolon {
                s2 = Some(self.simple_stmt(SimpleMode::Basic));
            }
            if self.tok == Token::Semicolon {
                self.next();
                s1 = s2.take();
                if self.tok != Token::LBrace {
                    s2 = Some(self.simple_stmt(SimpleMode::Basic));
                }
            }
            self.expr_lev = prev_lev;
        }
        let type_switch = self.is_type_switch_guard(s2);
        let lbrace = self.expect(Token::LBrace);
        let mut list = Vec::new();
        while self.tok == Token::Case || self.tok == Token::Default {
            list.push(self.parse_case_clause());
        }
        let rbrace = self.expect(Token::RBrace);
        self.expect_semi();
        let body = self.block(lbrace, list, Some(rbrace));
        let span = Span::new(pos, self.sspan(body).end);
        if type_switch {
            if let Some(assign) = s2 {
                return self.push_stmt(span, StmtKind::TypeSwitch { init: s1, assign, body });
            }
        }
        let tag = self.make_expr(s2, "switch expression");
        self.push_stmt(span, StmtKind::Switch { init: s1, tag, body })
    }

    fn parse_comm_clause(&mut self) -> StmtId {
        let pos = self.pos;
        let mut comm = None;
        if self.tok == Token::Case {
            self.next();
            let mut lhs = self.parse_list(false);
            let l0 = lhs[0];
            if self.tok == Token::Arrow {
                if lhs.len() > 1 {
                    let p = self.espan(l0).start;
                    self.error_expected(p, "1 expression");
                }
                let arrow = self.pos;
                self.next();
                let value = self.parse_rhs();
                let span = self.espan(l0).to(self.espan(value));
                comm = Some(self.push_stmt(span, StmtKind::Send { chan: l0, arrow, value }));
            } else if let Some(op @ (AssignOp::Assign | AssignOp::Define)) = assign_op(self.tok) {
                if lhs.len() > 2 {
                    let p = self.espan(l0).start;
                    self.error_expected(p, "1 or 2 expressions");
                    lhs.truncate(2);
                }
                let op_pos = self.pos;
                self.next();
                let rhs = self.parse_rhs();
                comm = Some(self.assign_stmt(lhs, op, op_pos, vec![rhs]));
            } else {
                if lhs.len() > 1 {
                    let p = self.espan(l0).start;
                    self.error_expected(p, "1 expression");
                }
                let span = self.espan(l0);
                comm = Some(self.push_stmt(span, StmtKind::Expr(l0)));
            }
        } else {
            self.expect(Token::Default);
        }
        let colon = self.expect(Token::Colon);
        let body = self.parse_stmt_list();
        let span = self.clause_span(pos, colon, &body);
        self.push_stmt(span, StmtKind::CommClause { comm, colon, body: body.into() })
    }

    fn parse_select_stmt(&mut self) -> StmtId {
        let pos = self.expect(Token::Select);
        let lbrace = self.expect(Token::LBrace);
        let mut list = Vec::new();
        while self.tok == Token::Case || self.tok == Token::Default {
            list.push(self.parse_comm_clause());
        }
        let rbrace = self.expect(Token::RBrace);
        self.expect_semi();
        let body = self.block(lbrace, list, Some(rbrace));
        let span = Span::new(pos, self.sspan(body).end);
        self.push_stmt(span, StmtKind::Select { body })
    }

    fn parse_for_stmt(&mut self) -> StmtId {
        let pos = self.expect(Token::For);
        let mut s1 = None;
        let mut s2 = None;
        let mut s3 = None;
        let mut range = None;
        if self.tok != Token::LBrace {
            let prev_lev = self.expr_lev;
            self.expr_lev = -1;
            if self.tok != Token::Semicolon {
                if self.tok == Token::Range {
                    let range_pos = self.pos;
                    self.next();
                    let x = self.parse_rhs();
                    range = Some(RangeClause { lhs: Vec::new(), op: None, range_pos, x });
                } else {
                    match self.parse_simple_stmt(SimpleMode::RangeOk) {
                        Simple::Stmt(s) => s2 = Some(s),
                        Simple::Range(r) => range = Some(r),
                    }
                }
            }
            if range.is_none() && self.tok == Token::Semicolon {
                self.next();
                s1 = s2.take();
                if self.tok != Token::Semicolon {
                    s2 = Some(self.simple_stmt(SimpleMode::Basic));
                }
                self.expect_semi();
                if self.tok != Token::LBrace {
                    s3 = Some(self.simple_stmt(SimpleMode::Basic));
                }
            }
            self.expr_lev = prev_lev;
        }
        let body = self.parse_block_stmt();
        self.expect_semi();
        let span = Span::new(pos, self.sspan(body).end.max(pos));
        if let Some(r) = range {
            let (key, value) = match r.lhs.len() {
                0 => (None, None),
                1 => (Some(r.lhs[0]), None),
                2 => (Some(r.lhs[0]), Some(r.lhs[1])),
                _ => {
                    let last = r.lhs[r.lhs.len() - 1];
                    let p = self.espan(last).start;
                    self.error_expected(p, "at most 2 expressions");
                    return self.bad_stmt(pos, span.end);
                }
            };
            return self
                .push_stmt(span, StmtKind::Range { key, value, op: r.op, range_pos: r.range_pos, x: r.x, body });
        }
        let cond = self.make_expr(s2, "boolean or range expression");
        self.push_stmt(span, StmtKind::For { init: s1, cond, post: s3, body })
    }

    pub(crate) fn parse_stmt(&mut self) -> StmtId {
        if !self.inc_nest() {
            self.dec_nest();
            return self.bad_stmt(self.pos, self.pos);
        }
        let s = self.parse_stmt_inner();
        self.dec_nest();
        s
    }

    fn parse_stmt_inner(&mut self) -> StmtId {
        use Token::*;
        match self.tok {
            Const | Type | Var => {
                let d = self.parse_gen_decl_of(self.tok);
                let span = d.span;
                self.push_stmt(span, StmtKind::Decl(Box::new(d)))
            }
            Ident | Int | Float | Imag | Char | String | Func | LParen | LBrack | Struct | Map | Chan | Interface
            | Add | Sub | Mul | And | Xor | Arrow | Not => {
                let s = self.simple_stmt(SimpleMode::LabelOk);
                if !matches!(self.stmts[s.index()].kind, StmtKind::Labeled { .. }) {
                    self.expect_semi();
                }
                s
            }
            Go => self.parse_go_or_defer(true),
            Defer => self.parse_go_or_defer(false),
            Return => self.parse_return_stmt(),
            Break | Continue | Goto | Fallthrough => self.parse_branch_stmt(self.tok),
            LBrace => {
                let s = self.parse_block_stmt();
                self.expect_semi();
                s
            }
            If => self.parse_if_stmt(),
            Switch => self.parse_switch_stmt(),
            Select => self.parse_select_stmt(),
            For => self.parse_for_stmt(),
            Semicolon => {
                let implicit = self.auto_semi;
                let pos = self.pos;
                self.next();
                let end = if implicit { pos } else { pos + 1 };
                self.push_stmt(Span::new(pos, end), StmtKind::Empty { implicit })
            }
            RBrace => self.push_stmt(Span::at(self.pos), StmtKind::Empty { implicit: true }),
            _ => {
                let pos = self.pos;
                self.error_expected(pos, "statement");
                self.advance(super::is_stmt_start);
                self.bad_stmt(pos, self.pos)
            }
        }
    }
}
