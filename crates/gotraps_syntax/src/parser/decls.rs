//! Declarations and the source file: import/const/var/type specs (including the
//! array-length vs type-parameter decision), function declarations, the package clause.

use super::Parser;
use crate::ast::*;
use crate::span::Span;
use crate::token::Token;

impl<'a> Parser<'a> {
    fn parse_import_spec(&mut self) -> Spec {
        let name = match self.tok {
            Token::Ident => Some(self.parse_ident()),
            Token::Period => {
                let span = Span::new(self.pos, self.end);
                self.next();
                Some(Ident { span })
            }
            _ => None,
        };
        let pos = self.pos;
        let mut end = self.pos;
        if self.tok == Token::String {
            end = self.end;
            self.next();
        } else if self.tok.is_literal() {
            self.error(pos, "import path must be a string");
            self.next();
        } else {
            self.error(pos, "missing import path");
            self.advance(super::is_expr_end);
        }
        self.expect_semi();
        let path = self.push_expr(Span::new(pos, end), ExprKind::BasicLit { kind: LitKind::String });
        let start = name.map_or(pos, |n| n.span.start);
        Spec::Import(ImportSpec { span: Span::new(start, end.max(start)), name, path })
    }

    fn parse_value_spec(&mut self, keyword: Token) -> Spec {
        let names = self.parse_ident_list();
        let mut typ = None;
        let mut values = Vec::new();
        if keyword == Token::Const {
            if !matches!(self.tok, Token::Eof | Token::Semicolon | Token::RParen) {
                typ = self.try_ident_or_type();
                if self.tok == Token::Assign {
                    self.next();
                    values = self.parse_list(true);
                }
            }
        } else {
            if self.tok != Token::Assign {
                typ = Some(self.parse_type());
            }
            if self.tok == Token::Assign {
                self.next();
                values = self.parse_list(true);
            }
        }
        self.expect_semi();
        let start = names[0].span.start;
        let end = if let Some(&v) = values.last() {
            self.espan(v).end
        } else if let Some(t) = typ {
            self.espan(t).end
        } else {
            names[names.len() - 1].span.end
        };
        Spec::Value(ValueSpec { span: Span::new(start, end.max(start)), names, typ, values })
    }

    fn parse_generic_type(&mut self, name: Ident, open: u32, name0: Ident, typ0: Option<ExprId>) -> TypeSpec {
        let list = self.parse_parameter_list(Some(name0), typ0, Token::RBrack, false);
        let close = self.expect(Token::RBrack);
        let type_params = Some(FieldList {
            span: Span::new(open, self.after(close)),
            opening: Some(open),
            list,
            closing: Some(close),
        });
        let mut assign = None;
        if self.tok == Token::Assign {
            assign = Some(self.pos);
            self.next();
        }
        let typ = self.parse_type();
        self.type_spec(name, type_params, assign, typ)
    }

    fn type_spec(&self, name: Ident, type_params: Option<FieldList>, assign: Option<u32>, typ: ExprId) -> TypeSpec {
        let end = self.espan(typ).end.max(name.span.start);
        TypeSpec { span: Span::new(name.span.start, end), name, type_params, assign, typ }
    }

    fn parse_type_spec(&mut self) -> Spec {
        let name = self.parse_ident();
        let spec;
        if self.tok == Token::LBrack {
            let lbrack = self.pos;
            self.next();
            if self.tok == Token::Ident {
                // An array length or a type parameter list: parse an expression and
                // decide from its shape, as go/parser does.
                let id = self.parse_ident();
                let mut x = self.ident_expr(id);
                if self.tok != Token::LBrack {
                    self.expr_lev += 1;
                    let lhs = self.parse_primary_expr(Some(x));
                    x = self.parse_binary_expr(Some(lhs), 1);
                    self.expr_lev -= 1;
                }
                let force = self.tok == Token::Comma;
                match self.extract_name(x, force) {
                    Some((pname, ptype)) if ptype.is_some() || self.tok != Token::RBrack => {
                        spec = self.parse_generic_type(name, lbrack, pname, ptype);
                    }
                    _ => {
                        let typ = self.parse_array_type(lbrack, Some(x));
                        spec = self.type_spec(name, None, None, typ);
                    }
                }
            } else {
                let typ = self.parse_array_type(lbrack, None);
                spec = self.type_spec(name, None, None, typ);
            }
        } else {
            let mut assign = None;
            if self.tok == Token::Assign {
                assign = Some(self.pos);
                self.next();
            }
            let typ = self.parse_type();
            spec = self.type_spec(name, None, assign, typ);
        }
        self.expect_semi();
        Spec::Type(spec)
    }

    /// go/parser's extractName: split `x` into a type parameter name and its constraint
    /// when `x` can be read as `name constraint`.
    fn extract_name(&mut self, x: ExprId, force: bool) -> Option<(Ident, Option<ExprId>)> {
        if !self.stack_ok() {
            return None;
        }
        match *self.ekind(x) {
            ExprKind::Ident(i) => Some((i, None)),
            ExprKind::Binary { x: bx, op: BinaryOp::Mul, op_pos, y } => {
                let name = self.as_ident(bx)?;
                if !(force || self.is_type_elem(y)) {
                    return None;
                }
                let end = self.espan(y).end;
                let star = self.push_expr(Span::new(op_pos, end), ExprKind::Star { x: y });
                Some((name, Some(star)))
            }
            ExprKind::Binary { x: bx, op: BinaryOp::Or, op_pos, y } => {
                let f = force || self.is_type_elem(y);
                let (name, lhs) = self.extract_name(bx, f)?;
                let lhs = lhs?;
                let span = self.espan(lhs).to(self.espan(y));
                let op = self.push_expr(span, ExprKind::Binary { x: lhs, op: BinaryOp::Or, op_pos, y });
                Some((name, Some(op)))
            }
            ExprKind::Call { fun, lparen, ref args, ellipsis: None, rparen } => {
                let name = self.as_ident(fun)?;
                if args.len() != 1 {
                    return None;
                }
                let arg = args[0];
                if !(force || self.is_type_elem(arg)) {
                    return None;
                }
                let paren = self.push_expr(Span::new(lparen, self.after(rparen)), ExprKind::Paren { x: arg });
                Some((name, Some(paren)))
            }
            _ => None,
        }
    }

    /// Whether `x` is certainly a type element (not also a value expression).
    fn is_type_elem(&self, x: ExprId) -> bool {
        let mut x = x;
        loop {
            match *self.ekind(x) {
                ExprKind::ArrayType { .. }
                | ExprKind::StructType { .. }
                | ExprKind::FuncType(_)
                | ExprKind::InterfaceType { .. }
                | ExprKind::MapType { .. }
                | ExprKind::ChanType { .. } => return true,
                ExprKind::Binary { x: bx, y, .. } => {
                    if self.stack_ok() && self.is_type_elem(y) {
                        return true;
                    }
                    x = bx;
                }
                ExprKind::Unary { op, .. } => return op == UnaryOp::Tilde,
                ExprKind::Paren { x: inner } => x = inner,
                _ => return false,
            }
        }
    }

    /// A const, type or var declaration (the keyword is the current token).
    pub(crate) fn parse_gen_decl_of(&mut self, keyword: Token) -> GenDecl {
        let pos = self.expect(keyword);
        let tok = match keyword {
            Token::Import => GenTok::Import,
            Token::Const => GenTok::Const,
            Token::Type => GenTok::Type,
            _ => GenTok::Var,
        };
        let mut specs = Vec::new();
        let mut lparen = None;
        let end;
        if self.tok == Token::LParen {
            lparen = Some(self.pos);
            self.next();
            while self.tok != Token::RParen && self.tok != Token::Eof {
                specs.push(self.parse_spec(keyword));
            }
            let rparen = self.expect(Token::RParen);
            self.expect_semi();
            end = self.after(rparen);
        } else {
            let s = self.parse_spec(keyword);
            end = spec_span(&s).end;
            specs.push(s);
        }
        GenDecl { span: Span::new(pos, end.max(pos).min(self.src.len() as u32).max(pos)), tok, lparen, specs }
    }

    fn parse_spec(&mut self, keyword: Token) -> Spec {
        match keyword {
            Token::Import => self.parse_import_spec(),
            Token::Type => self.parse_type_spec(),
            _ => self.parse_value_spec(keyword),
        }
    }

    /// Skips a function body to its matching brace; the body becomes an empty block with
    /// the same span (see [`crate::parse_declarations`]).
    fn skip_body(&mut self) -> StmtId {
        let lbrace = self.expect(Token::LBrace);
        let mut depth = 1u32;
        let mut rbrace = None;
        while self.tok != Token::Eof {
            match self.tok {
                Token::LBrace => depth += 1,
                Token::RBrace => {
                    depth -= 1;
                    if depth == 0 {
                        rbrace = Some(self.pos);
                        self.next();
                        break;
                    }
                }
                _ => {}
            }
            self.next();
        }
        self.block(lbrace, Vec::new(), rbrace)
    }

    fn parse_func_decl(&mut self) -> FuncDecl {
        let pos = self.expect(Token::Func);
        let mut recv = None;
        if self.tok == Token::LParen {
            recv = Some(self.parse_params());
        }
        let name = self.parse_ident();
        let mut type_params = None;
        if self.tok == Token::LBrack {
            type_params = self.parse_type_parameters();
            if let (Some(_), Some(tp)) = (&recv, &type_params) {
                let at = tp.span.start;
                self.error(at, "method must have no type parameters");
                type_params = None;
            }
        }
        let params = self.parse_params();
        let results = self.parse_results();
        let mut body = None;
        match self.tok {
            Token::LBrace if self.skip_func_bodies => {
                body = Some(self.skip_body());
                self.expect_semi();
            }
            Token::LBrace => {
                body = Some(self.parse_body());
                self.expect_semi();
            }
            Token::Semicolon => {
                self.next();
                if self.tok == Token::LBrace {
                    self.error(self.pos, "unexpected semicolon or newline before {");
                    body = Some(self.parse_body());
                    self.expect_semi();
                }
            }
            _ => self.expect_semi(),
        }
        let typ = self.func_type(Some(pos), type_params, params, results);
        let end = body.map_or(typ.span.end, |b| self.sspan(b).end);
        FuncDecl { span: Span::new(pos, end.max(pos)), recv, name, typ, body }
    }

    fn parse_decl(&mut self, sync: fn(Token) -> bool) -> Decl {
        match self.tok {
            Token::Import | Token::Const | Token::Var | Token::Type => Decl::Gen(self.parse_gen_decl_of(self.tok)),
            Token::Func => Decl::Func(self.parse_func_decl()),
            _ => {
                let pos = self.pos;
                self.error_expected(pos, "declaration");
                self.advance(sync);
                Decl::Bad(Span::new(pos, self.pos.max(pos)))
            }
        }
    }

    pub(crate) fn parse_file(&mut self, file: &mut File) {
        let pos = self.expect(Token::Package);
        file.package_pos = Span::new(pos, pos + "package".len() as u32).min_len(self.src.len() as u32);
        file.package_name = self.parse_ident();
        self.expect_semi();
        while self.tok == Token::Import {
            let d = self.parse_gen_decl_of(Token::Import);
            file.decls.push(Decl::Gen(d));
        }
        let mut prev = Token::Import;
        while self.tok != Token::Eof {
            if self.tok == Token::Import && prev != Token::Import {
                self.error(self.pos, "imports must appear before other declarations");
            }
            prev = self.tok;
            let d = self.parse_decl(super::is_decl_start);
            file.decls.push(d);
        }
    }
}

fn spec_span(s: &Spec) -> Span {
    match s {
        Spec::Import(i) => i.span,
        Spec::Value(v) => v.span,
        Spec::Type(t) => t.span,
    }
}

trait ClampSpan {
    fn min_len(self, len: u32) -> Span;
}

impl ClampSpan for Span {
    fn min_len(self, len: u32) -> Span {
        Span::new(self.start.min(len), self.end.min(len))
    }
}
