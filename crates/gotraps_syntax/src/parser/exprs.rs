//! Expressions: operands, primary expressions (selectors, index/slice/instance, calls,
//! composite literals), unary and binary expressions.

use super::Parser;
use crate::ast::*;
use crate::span::Span;
use crate::token::Token;

pub(crate) fn binary_op(t: Token) -> Option<BinaryOp> {
    use BinaryOp as B;
    Some(match t {
        Token::LOr => B::LOr,
        Token::LAnd => B::LAnd,
        Token::Eql => B::Eql,
        Token::Neq => B::Neq,
        Token::Lss => B::Lss,
        Token::Leq => B::Leq,
        Token::Gtr => B::Gtr,
        Token::Geq => B::Geq,
        Token::Add => B::Add,
        Token::Sub => B::Sub,
        Token::Or => B::Or,
        Token::Xor => B::Xor,
        Token::Mul => B::Mul,
        Token::Quo => B::Quo,
        Token::Rem => B::Rem,
        Token::Shl => B::Shl,
        Token::Shr => B::Shr,
        Token::And => B::And,
        Token::AndNot => B::AndNot,
        _ => return None,
    })
}

impl<'a> Parser<'a> {
    pub(crate) fn parse_body(&mut self) -> StmtId {
        let lbrace = self.expect(Token::LBrace);
        let list = self.parse_stmt_list();
        let rbrace = self.expect2(Token::RBrace);
        self.block(lbrace, list, rbrace)
    }

    /// A BlockStmt with go/ast's End rule.
    pub(crate) fn block(&mut self, lbrace: u32, stmts: Vec<StmtId>, rbrace: Option<u32>) -> StmtId {
        let end = match (rbrace, stmts.last()) {
            (Some(r), _) => self.after(r),
            (None, Some(&s)) => self.sspan(s).end,
            (None, None) => self.after(lbrace),
        };
        let end = end.min(self.src.len() as u32).max(lbrace);
        self.push_stmt(Span::new(lbrace, end), StmtKind::Block { stmts: stmts.into() })
    }

    fn parse_func_type_or_lit(&mut self) -> ExprId {
        let ft = self.parse_func_type();
        if self.tok != Token::LBrace {
            return self.push_expr(ft.span, ExprKind::FuncType(Box::new(ft)));
        }
        self.expr_lev += 1;
        let body = self.parse_body();
        self.expr_lev -= 1;
        let span = Span::new(ft.span.start, self.sspan(body).end);
        let lit = self.push_expr(span, ExprKind::FuncLit { typ: Box::new(ft), body });
        self.func_lits.push(lit);
        lit
    }

    fn parse_operand(&mut self) -> ExprId {
        let kind = match self.tok {
            Token::Ident => {
                let id = self.parse_ident();
                return self.ident_expr(id);
            }
            Token::Int => Some(LitKind::Int),
            Token::Float => Some(LitKind::Float),
            Token::Imag => Some(LitKind::Imag),
            Token::Char => Some(LitKind::Char),
            Token::String => Some(LitKind::String),
            _ => None,
        };
        if let Some(kind) = kind {
            let span = Span::new(self.pos, self.end);
            self.next();
            return self.push_expr(span, ExprKind::BasicLit { kind });
        }
        match self.tok {
            Token::LParen => {
                let lparen = self.pos;
                self.next();
                self.expr_lev += 1;
                let x = self.parse_rhs();
                self.expr_lev -= 1;
                let rparen = self.expect(Token::RParen);
                return self.push_expr(Span::new(lparen, self.after(rparen)), ExprKind::Paren { x });
            }
            Token::Func => return self.parse_func_type_or_lit(),
            _ => {}
        }
        if let Some(t) = self.try_ident_or_type() {
            return t;
        }
        let pos = self.pos;
        self.error_expected(pos, "operand");
        self.advance(super::is_stmt_start);
        self.bad_expr(pos, self.pos)
    }

    fn parse_type_assertion(&mut self, x: ExprId) -> ExprId {
        self.expect(Token::LParen);
        let typ = if self.tok == Token::Type {
            self.next();
            None
        } else {
            Some(self.parse_type())
        };
        let rparen = self.expect(Token::RParen);
        let start = self.espan(x).start;
        self.push_expr(Span::new(start, self.after(rparen)), ExprKind::TypeAssert { x, typ })
    }

    fn parse_index_or_slice_or_instance(&mut self, x: ExprId) -> ExprId {
        let lbrack = self.expect(Token::LBrack);
        let start = self.espan(x).start;
        if self.tok == Token::RBrack {
            self.error_expected(self.pos, "operand");
            let rbrack = self.pos;
            self.next();
            let index = self.bad_expr(rbrack, rbrack);
            return self.push_expr(Span::new(start, self.after(rbrack)), ExprKind::Index { x, index });
        }
        self.expr_lev += 1;
        let mut args = Vec::new();
        let mut index: [Option<ExprId>; 3] = [None; 3];
        let mut colons = [0u32; 2];
        if self.tok != Token::Colon {
            index[0] = Some(self.parse_rhs());
        }
        let mut ncolons = 0;
        match self.tok {
            Token::Colon => {
                while self.tok == Token::Colon && ncolons < 2 {
                    colons[ncolons] = self.pos;
                    ncolons += 1;
                    self.next();
                    if !matches!(self.tok, Token::Colon | Token::RBrack | Token::Eof) {
                        index[ncolons] = Some(self.parse_rhs());
                    }
                }
            }
            Token::Comma => {
                if let Some(i0) = index[0] {
                    args.push(i0);
                }
                while self.tok == Token::Comma {
                    self.next();
                    if self.tok != Token::RBrack && self.tok != Token::Eof {
                        args.push(self.parse_type());
                    }
                }
            }
            _ => {}
        }
        self.expr_lev -= 1;
        let rbrack = self.expect(Token::RBrack);
        let span = Span::new(start, self.after(rbrack));
        if ncolons > 0 {
            let mut slice3 = false;
            if ncolons == 2 {
                slice3 = true;
                if index[1].is_none() {
                    self.error(colons[0], "middle index required in 3-index slice");
                    index[1] = Some(self.bad_expr(self.after(colons[0]), colons[1]));
                }
                if index[2].is_none() {
                    self.error(colons[1], "final index required in 3-index slice");
                    index[2] = Some(self.bad_expr(self.after(colons[1]), rbrack));
                }
            }
            return self.push_expr(span, ExprKind::Slice { x, low: index[0], high: index[1], max: index[2], slice3 });
        }
        if args.is_empty() {
            let index = match index[0] {
                Some(i) => i,
                None => self.bad_expr(self.after(lbrack), rbrack),
            };
            return self.push_expr(span, ExprKind::Index { x, index });
        }
        self.pack_index_expr(x, args, rbrack)
    }

    fn parse_call_or_conversion(&mut self, fun: ExprId) -> ExprId {
        let lparen = self.expect(Token::LParen);
        self.expr_lev += 1;
        let mark = self.scratch_exprs.len();
        let mut ellipsis = None;
        while self.tok != Token::RParen && self.tok != Token::Eof && ellipsis.is_none() {
            let a = self.parse_rhs();
            self.scratch_exprs.push(a);
            if self.tok == Token::Ellipsis {
                ellipsis = Some(self.pos);
                self.next();
            }
            if !self.at_comma("argument list", Token::RParen) {
                break;
            }
            self.next();
        }
        self.expr_lev -= 1;
        let args = self.take_exprs(mark);
        let rparen = self.expect_closing(Token::RParen, "argument list");
        let start = self.espan(fun).start;
        self.push_expr(
            Span::new(start, self.after(rparen)),
            ExprKind::Call { fun, lparen, args: args.into(), ellipsis, rparen },
        )
    }

    fn parse_value(&mut self) -> ExprId {
        if self.tok == Token::LBrace {
            return self.parse_literal_value(None);
        }
        self.parse_expr()
    }

    fn parse_element(&mut self) -> ExprId {
        let x = self.parse_value();
        if self.tok == Token::Colon {
            self.next();
            let value = self.parse_value();
            let span = self.espan(x).to(self.espan(value));
            return self.push_expr(span, ExprKind::KeyValue { key: x, value });
        }
        x
    }

    fn parse_literal_value(&mut self, typ: Option<ExprId>) -> ExprId {
        let ok = self.inc_nest();
        let lbrace = self.expect(Token::LBrace);
        let mark = self.scratch_exprs.len();
        self.expr_lev += 1;
        if ok {
            while self.tok != Token::RBrace && self.tok != Token::Eof {
                let e = self.parse_element();
                self.scratch_exprs.push(e);
                if !self.at_comma("composite literal", Token::RBrace) {
                    break;
                }
                self.next();
            }
        }
        self.expr_lev -= 1;
        let elts = self.take_exprs(mark);
        let rbrace = self.expect_closing(Token::RBrace, "composite literal");
        self.dec_nest();
        let start = typ.map_or(lbrace, |t| self.espan(t).start);
        self.push_expr(
            Span::new(start, self.after(rbrace)),
            ExprKind::CompositeLit { typ, lbrace, elts: elts.into(), rbrace },
        )
    }

    pub(crate) fn parse_primary_expr(&mut self, x: Option<ExprId>) -> ExprId {
        let mut x = match x {
            Some(x) => x,
            None => self.parse_operand(),
        };
        let mut n = 0;
        loop {
            n += 1;
            if !self.inc_nest() {
                break;
            }
            match self.tok {
                Token::Period => {
                    self.next();
                    match self.tok {
                        Token::Ident => {
                            let sel = self.parse_ident();
                            let start = self.espan(x).start;
                            x = self.push_expr(Span::new(start, sel.span.end), ExprKind::Selector { x, sel });
                        }
                        Token::LParen => x = self.parse_type_assertion(x),
                        _ => {
                            let pos = self.pos;
                            self.error_expected(pos, "selector or type assertion");
                            if self.tok != Token::RBrace {
                                self.next();
                            }
                            let sel = Ident { span: Span::at(pos) };
                            let start = self.espan(x).start;
                            x = self.push_expr(Span::new(start, pos), ExprKind::Selector { x, sel });
                        }
                    }
                }
                Token::LBrack => x = self.parse_index_or_slice_or_instance(x),
                Token::LParen => x = self.parse_call_or_conversion(x),
                Token::LBrace => {
                    let t = self.unparen(x);
                    let complit_ok = match self.ekind(t) {
                        ExprKind::Bad
                        | ExprKind::Ident(_)
                        | ExprKind::Selector { .. }
                        | ExprKind::Index { .. }
                        | ExprKind::IndexList { .. } => self.expr_lev >= 0,
                        ExprKind::ArrayType { .. } | ExprKind::StructType { .. } | ExprKind::MapType { .. } => true,
                        _ => false,
                    };
                    if !complit_ok {
                        break;
                    }
                    if t != x {
                        let p = self.espan(t).start;
                        self.error(p, "cannot parenthesize type in composite literal");
                    }
                    x = self.parse_literal_value(Some(x));
                }
                _ => break,
            }
        }
        self.nest_lev_sub(n);
        x
    }

    #[inline]
    fn nest_lev_sub(&mut self, n: u32) {
        for _ in 0..n {
            self.dec_nest();
        }
    }

    fn parse_unary_expr(&mut self) -> ExprId {
        if !self.inc_nest() {
            self.dec_nest();
            return self.bad_expr(self.pos, self.pos);
        }
        let r = self.parse_unary_expr_inner();
        self.dec_nest();
        r
    }

    fn parse_unary_expr_inner(&mut self) -> ExprId {
        let op = match self.tok {
            Token::Add => Some(UnaryOp::Add),
            Token::Sub => Some(UnaryOp::Sub),
            Token::Not => Some(UnaryOp::Not),
            Token::Xor => Some(UnaryOp::Xor),
            Token::And => Some(UnaryOp::And),
            Token::Tilde => Some(UnaryOp::Tilde),
            _ => None,
        };
        if let Some(op) = op {
            let op_pos = self.pos;
            self.next();
            let x = self.parse_unary_expr();
            let end = self.espan(x).end;
            return self.push_expr(Span::new(op_pos, end), ExprKind::Unary { op, op_pos, x });
        }
        match self.tok {
            Token::Arrow => {
                let arrow = self.pos;
                self.next();
                let x = self.parse_unary_expr();
                if matches!(self.ekind(x), ExprKind::ChanType { .. }) {
                    self.reassociate_recv_chan(x, arrow);
                    return x;
                }
                let end = self.espan(x).end;
                self.push_expr(Span::new(arrow, end), ExprKind::Unary { op: UnaryOp::Arrow, op_pos: arrow, x })
            }
            Token::Mul => {
                let pos = self.pos;
                self.next();
                let x = self.parse_unary_expr();
                let end = self.espan(x).end;
                self.push_expr(Span::new(pos, end), ExprKind::Star { x })
            }
            _ => self.parse_primary_expr(None),
        }
    }

    /// `<-` followed by a channel type: `<-chan T` (and `<-chan<- T` chains) re-associate
    /// the arrow with the channel type, as go/parser does.
    fn reassociate_recv_chan(&mut self, x: ExprId, arrow: u32) {
        let mut arrow = Some(arrow);
        let mut dir = ChanDir::Send;
        let mut cur = Some(x);
        while let (Some(c), ChanDir::Send) = (cur, dir) {
            let ExprKind::ChanType { dir: cdir, arrow: carrow, value } = self.exprs[c.index()].kind else {
                break;
            };
            if cdir == ChanDir::Recv {
                let at = carrow.unwrap_or(self.pos);
                self.error_expected(at, "'chan'");
            }
            let begin = arrow.unwrap_or(self.exprs[c.index()].span.start);
            let e = &mut self.exprs[c.index()];
            e.span.start = begin.min(e.span.end);
            e.kind = ExprKind::ChanType { dir: ChanDir::Recv, arrow, value };
            arrow = carrow;
            dir = cdir;
            cur = matches!(self.ekind(value), ExprKind::ChanType { .. }).then_some(value);
        }
        if dir == ChanDir::Send {
            let at = arrow.unwrap_or(self.pos);
            self.error_expected(at, "channel type");
        }
    }

    pub(crate) fn parse_binary_expr(&mut self, x: Option<ExprId>, prec1: u8) -> ExprId {
        let mut x = match x {
            Some(x) => x,
            None => self.parse_unary_expr(),
        };
        let mut n = 0;
        loop {
            n += 1;
            if !self.inc_nest() {
                break;
            }
            let mut op = self.tok;
            if self.in_rhs && op == Token::Assign {
                op = Token::Eql;
            }
            let oprec = op.precedence();
            if oprec < prec1 {
                break;
            }
            let op_pos = self.expect(op);
            let y = self.parse_binary_expr(None, oprec + 1);
            let span = self.espan(x).to(self.espan(y));
            let Some(op) = binary_op(op) else { break };
            x = self.push_expr(span, ExprKind::Binary { x, op, op_pos, y });
        }
        self.nest_lev_sub(n);
        x
    }

    pub(crate) fn parse_expr(&mut self) -> ExprId {
        self.parse_binary_expr(None, 1)
    }

    pub(crate) fn parse_rhs(&mut self) -> ExprId {
        let old = self.in_rhs;
        self.in_rhs = true;
        let x = self.parse_expr();
        self.in_rhs = old;
        x
    }
}
