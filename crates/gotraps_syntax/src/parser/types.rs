//! Types: names, instances, arrays, structs, pointers, functions, interfaces, maps,
//! channels, and parameter lists (go/parser's "Types" section).

use super::Parser;
use crate::ast::*;
use crate::span::Span;
use crate::token::Token;

/// A parameter being collected: optional name, optional type.
type Param = (Option<Ident>, Option<ExprId>);

impl<'a> Parser<'a> {
    pub(crate) fn parse_type(&mut self) -> ExprId {
        match self.try_ident_or_type() {
            Some(t) => t,
            None => {
                let pos = self.pos;
                self.error_expected(pos, "type");
                self.advance(super::is_expr_end);
                self.bad_expr(pos, self.pos)
            }
        }
    }

    pub(crate) fn parse_qualified_ident(&mut self, ident: Option<Ident>) -> ExprId {
        let typ = self.parse_type_name(ident);
        if self.tok == Token::LBrack {
            return self.parse_type_instance(typ);
        }
        typ
    }

    pub(crate) fn parse_type_name(&mut self, ident: Option<Ident>) -> ExprId {
        let ident = match ident {
            Some(i) => i,
            None => self.parse_ident(),
        };
        let x = self.ident_expr(ident);
        if self.tok == Token::Period {
            self.next();
            let sel = self.parse_ident();
            return self.push_expr(ident.span.to(sel.span), ExprKind::Selector { x, sel });
        }
        x
    }

    /// `[` already consumed at `lbrack`; `len` is an already parsed length.
    pub(crate) fn parse_array_type(&mut self, lbrack: u32, len: Option<ExprId>) -> ExprId {
        let mut len = len;
        if len.is_none() {
            self.expr_lev += 1;
            if self.tok == Token::Ellipsis {
                let span = Span::new(self.pos, self.end);
                len = Some(self.push_expr(span, ExprKind::Ellipsis { elt: None }));
                self.next();
            } else if self.tok != Token::RBrack {
                len = Some(self.parse_rhs());
            }
            self.expr_lev -= 1;
        }
        if self.tok == Token::Comma {
            self.error(self.pos, "unexpected comma; expecting ]");
            self.next();
        }
        self.expect(Token::RBrack);
        let elt = self.parse_type();
        let end = self.espan(elt).end;
        self.push_expr(Span::new(lbrack, end), ExprKind::ArrayType { len, elt })
    }

    /// `x [` ...: an array/slice field type or an instantiated embedded type.
    pub(crate) fn parse_array_field_or_type_instance(&mut self, x: Ident) -> (Option<Ident>, ExprId) {
        let lbrack = self.expect(Token::LBrack);
        let mut trailing_comma = None;
        let mut args = Vec::new();
        if self.tok != Token::RBrack {
            self.expr_lev += 1;
            args.push(self.parse_rhs());
            while self.tok == Token::Comma {
                let comma = self.pos;
                self.next();
                if self.tok == Token::RBrack {
                    trailing_comma = Some(comma);
                    break;
                }
                args.push(self.parse_rhs());
            }
            self.expr_lev -= 1;
        }
        let rbrack = self.expect(Token::RBrack);
        if args.is_empty() {
            let elt = self.parse_type();
            let end = self.espan(elt).end;
            let t = self.push_expr(Span::new(lbrack, end), ExprKind::ArrayType { len: None, elt });
            return (Some(x), t);
        }
        if args.len() == 1 {
            if let Some(elt) = self.try_ident_or_type() {
                if let Some(c) = trailing_comma {
                    self.error(c, "unexpected comma; expecting ]");
                }
                let end = self.espan(elt).end;
                let t = self.push_expr(Span::new(lbrack, end), ExprKind::ArrayType { len: Some(args[0]), elt });
                return (Some(x), t);
            }
        }
        let xe = self.ident_expr(x);
        (None, self.pack_index_expr(xe, args, rbrack))
    }

    /// `x[a]` or `x[a, b, ...]`.
    pub(crate) fn pack_index_expr(&mut self, x: ExprId, mut exprs: Vec<ExprId>, rbrack: u32) -> ExprId {
        let span = Span::new(self.espan(x).start, self.after(rbrack));
        if exprs.len() == 1 {
            let index = exprs.pop().unwrap_or(x);
            self.push_expr(span, ExprKind::Index { x, index })
        } else {
            self.push_expr(span, ExprKind::IndexList { x, indices: exprs.into() })
        }
    }

    pub(crate) fn make_field(&self, names: Vec<Ident>, typ: ExprId, tag: Option<ExprId>) -> Field {
        let ts = self.espan(typ);
        let start = names.first().map_or(ts.start, |n| n.span.start);
        let end = tag.map_or(ts.end, |t| self.espan(t).end);
        Field { span: Span::new(start.min(end), end), names, typ, tag }
    }

    fn parse_field_decl(&mut self) -> Field {
        let mut names = Vec::new();
        let typ;
        match self.tok {
            Token::Ident => {
                let name = self.parse_ident();
                if matches!(self.tok, Token::Period | Token::String | Token::Semicolon | Token::RBrace) {
                    // embedded type
                    typ = if self.tok == Token::Period {
                        self.parse_qualified_ident(Some(name))
                    } else {
                        self.ident_expr(name)
                    };
                } else {
                    names.push(name);
                    while self.tok == Token::Comma {
                        self.next();
                        names.push(self.parse_ident());
                    }
                    if names.len() == 1 && self.tok == Token::LBrack {
                        let (n, t) = self.parse_array_field_or_type_instance(name);
                        if n.is_none() {
                            names.clear();
                        }
                        typ = t;
                    } else {
                        typ = self.parse_type();
                    }
                }
            }
            Token::Mul => {
                let star = self.pos;
                self.next();
                let x = if self.tok == Token::LParen {
                    self.error(self.pos, "cannot parenthesize embedded type");
                    self.next();
                    let t = self.parse_qualified_ident(None);
                    if self.tok == Token::RParen {
                        self.next();
                    }
                    t
                } else {
                    self.parse_qualified_ident(None)
                };
                let end = self.espan(x).end;
                typ = self.push_expr(Span::new(star, end), ExprKind::Star { x });
            }
            Token::LParen => {
                self.error(self.pos, "cannot parenthesize embedded type");
                self.next();
                if self.tok == Token::Mul {
                    let star = self.pos;
                    self.next();
                    let x = self.parse_qualified_ident(None);
                    let end = self.espan(x).end;
                    typ = self.push_expr(Span::new(star, end), ExprKind::Star { x });
                } else {
                    typ = self.parse_qualified_ident(None);
                }
                if self.tok == Token::RParen {
                    self.next();
                }
            }
            _ => {
                let pos = self.pos;
                self.error_expected(pos, "field name or embedded type");
                self.advance(super::is_expr_end);
                typ = self.bad_expr(pos, self.pos);
            }
        }
        let mut tag = None;
        if self.tok == Token::String {
            let span = Span::new(self.pos, self.end);
            tag = Some(self.push_expr(span, ExprKind::BasicLit { kind: LitKind::String }));
            self.next();
        }
        self.expect_semi();
        self.make_field(names, typ, tag)
    }

    fn parse_struct_type(&mut self) -> ExprId {
        let pos = self.expect(Token::Struct);
        let lbrace = self.expect(Token::LBrace);
        let mut list = Vec::new();
        while matches!(self.tok, Token::Ident | Token::Mul | Token::LParen) {
            list.push(self.parse_field_decl());
        }
        let rbrace = self.expect(Token::RBrace);
        let fields = FieldList {
            span: Span::new(lbrace, self.after(rbrace)),
            opening: Some(lbrace),
            list,
            closing: Some(rbrace),
        };
        self.push_expr(Span::new(pos, self.after(rbrace)), ExprKind::StructType { fields: Box::new(fields) })
    }

    fn parse_pointer_type(&mut self) -> ExprId {
        let star = self.expect(Token::Mul);
        let x = self.parse_type();
        let end = self.espan(x).end;
        self.push_expr(Span::new(star, end), ExprKind::Star { x })
    }

    fn parse_dots_type(&mut self) -> ExprId {
        let pos = self.expect(Token::Ellipsis);
        let elt = self.parse_type();
        let end = self.espan(elt).end;
        self.push_expr(Span::new(pos, end), ExprKind::Ellipsis { elt: Some(elt) })
    }

    fn parse_param_decl(&mut self, name: Option<Ident>, type_sets_ok: bool) -> Param {
        let mut f: Param = (None, None);
        if name.is_none() && type_sets_ok && self.tok == Token::Tilde {
            return (None, Some(self.embedded_elem(None)));
        }
        let ident_case = name.is_some() || self.tok == Token::Ident;
        if ident_case {
            f.0 = Some(match name {
                Some(n) => n,
                None => self.parse_ident(),
            });
            let n = f.0.unwrap_or_default();
            match self.tok {
                Token::Ident
                | Token::Mul
                | Token::Arrow
                | Token::Func
                | Token::Chan
                | Token::Map
                | Token::Struct
                | Token::Interface
                | Token::LParen => f.1 = Some(self.parse_type()),
                Token::LBrack => {
                    let (n2, t) = self.parse_array_field_or_type_instance(n);
                    f = (n2, Some(t));
                }
                Token::Ellipsis => {
                    f.1 = Some(self.parse_dots_type());
                    return f;
                }
                Token::Period => {
                    f.1 = Some(self.parse_qualified_ident(Some(n)));
                    f.0 = None;
                }
                Token::Tilde if type_sets_ok => {
                    f.1 = Some(self.embedded_elem(None));
                    return f;
                }
                Token::Or if type_sets_ok => {
                    let x = self.ident_expr(n);
                    f.1 = Some(self.embedded_elem(Some(x)));
                    f.0 = None;
                    return f;
                }
                _ => {}
            }
        } else {
            match self.tok {
                Token::Mul
                | Token::Arrow
                | Token::Func
                | Token::LBrack
                | Token::Chan
                | Token::Map
                | Token::Struct
                | Token::Interface
                | Token::LParen => f.1 = Some(self.parse_type()),
                Token::Ellipsis => {
                    f.1 = Some(self.parse_dots_type());
                    return f;
                }
                _ => {
                    self.error_expected(self.pos, "')'");
                    self.advance(super::is_expr_end);
                }
            }
        }
        if type_sets_ok && self.tok == Token::Or {
            if let Some(t) = f.1 {
                f.1 = Some(self.embedded_elem(Some(t)));
            }
        }
        f
    }

    pub(crate) fn parse_parameter_list(
        &mut self,
        name0: Option<Ident>,
        typ0: Option<ExprId>,
        closing: Token,
        dddok: bool,
    ) -> Vec<Field> {
        let tparams = closing == Token::RBrack;
        let pos0 = match (name0, typ0) {
            (Some(n), _) => n.span.start,
            (None, Some(t)) => self.espan(t).start,
            _ => self.pos,
        };
        let mut name0 = name0;
        let mut typ0 = typ0;
        let mut list: Vec<Param> = Vec::new();
        let mut named = 0;
        let mut typed = 0;
        while name0.is_some() || (self.tok != closing && self.tok != Token::Eof) {
            let par = if let Some(t) = typ0 {
                let t = if tparams { self.embedded_elem(Some(t)) } else { t };
                (name0, Some(t))
            } else {
                self.parse_param_decl(name0, tparams)
            };
            name0 = None;
            typ0 = None;
            if par.0.is_some() || par.1.is_some() {
                list.push(par);
                if par.0.is_some() && par.1.is_some() {
                    named += 1;
                }
                if par.1.is_some() {
                    typed += 1;
                }
            }
            if !self.at_comma("parameter list", closing) {
                break;
            }
            self.next();
        }
        if list.is_empty() {
            return Vec::new();
        }

        if named == 0 {
            for par in list.iter_mut() {
                if let Some(n) = par.0.take() {
                    par.1 = Some(self.ident_expr(n));
                }
            }
            if tparams {
                let (err_pos, msg) = if named == typed {
                    (self.pos, "missing type constraint".to_string())
                } else {
                    let mut m = "missing type parameter name".to_string();
                    if list.len() == 1 {
                        m.push_str(" or invalid array length");
                    }
                    (pos0, m)
                };
                self.error(err_pos, msg);
            }
        } else if named != list.len() {
            let mut err_pos = None;
            let mut typ: Option<ExprId> = None;
            for i in (0..list.len()).rev() {
                let par = list[i];
                if let Some(t) = par.1 {
                    typ = Some(t);
                    if par.0.is_none() {
                        let p = self.espan(t).start;
                        err_pos = Some(p);
                        list[i].0 = Some(Ident { span: Span::at(p) });
                    }
                } else if typ.is_some() {
                    list[i].1 = typ;
                } else {
                    let p = par.0.map_or(self.pos, |n| n.span.start);
                    err_pos = Some(p);
                    list[i].1 = Some(self.bad_expr(p, self.pos));
                }
            }
            if let Some(mut ep) = err_pos {
                let msg = if named == typed {
                    ep = self.pos;
                    if tparams {
                        "missing type constraint".to_string()
                    } else {
                        "missing parameter type".to_string()
                    }
                } else if tparams {
                    let mut m = "missing type parameter name".to_string();
                    if list.len() == 1 {
                        m.push_str(" or invalid array length");
                    }
                    m
                } else {
                    "missing parameter name".to_string()
                };
                self.error(ep, msg);
            }
        }

        // check use of ...
        let mut first = true;
        let n = list.len();
        for i in 0..n {
            let Some(t) = list[i].1 else { continue };
            if matches!(self.ekind(t), ExprKind::Ellipsis { .. }) && (!dddok || i + 1 < n) {
                let s = self.espan(t);
                if first {
                    first = false;
                    if dddok {
                        self.error(s.start, "can only use ... with final parameter");
                    } else {
                        self.error(s.start, "invalid use of ...");
                    }
                }
                list[i].1 = Some(self.bad_expr(s.start, s.end));
            }
        }

        let mut params = Vec::new();
        if named == 0 {
            for par in list {
                if let Some(t) = par.1 {
                    params.push(self.make_field(Vec::new(), t, None));
                }
            }
            return params;
        }
        let mut names: Vec<Ident> = Vec::new();
        let mut typ: Option<ExprId> = None;
        for par in list {
            if par.1 != typ {
                if let (false, Some(t)) = (names.is_empty(), typ) {
                    let f = self.make_field(std::mem::take(&mut names), t, None);
                    params.push(f);
                }
                typ = par.1;
            }
            names.push(par.0.unwrap_or_default());
        }
        if let (false, Some(t)) = (names.is_empty(), typ) {
            params.push(self.make_field(names, t, None));
        }
        params
    }

    pub(crate) fn parse_type_parameters(&mut self) -> Option<FieldList> {
        let lbrack = self.expect(Token::LBrack);
        let mut list = Vec::new();
        if self.tok != Token::RBrack {
            list = self.parse_parameter_list(None, None, Token::RBrack, false);
        }
        let rbrack = self.expect(Token::RBrack);
        if list.is_empty() {
            self.error(rbrack, "empty type parameter list");
            return None;
        }
        Some(FieldList {
            span: Span::new(lbrack, self.after(rbrack)),
            opening: Some(lbrack),
            list,
            closing: Some(rbrack),
        })
    }

    /// A parenthesised parameter list (go/parser's parseParameters(false)).
    pub(crate) fn parse_params(&mut self) -> FieldList {
        let lparen = self.expect(Token::LParen);
        let mut list = Vec::new();
        if self.tok != Token::RParen {
            list = self.parse_parameter_list(None, None, Token::RParen, true);
        }
        let rparen = self.expect(Token::RParen);
        FieldList { span: Span::new(lparen, self.after(rparen)), opening: Some(lparen), list, closing: Some(rparen) }
    }

    /// Function results (go/parser's parseParameters(true)).
    pub(crate) fn parse_results(&mut self) -> Option<FieldList> {
        if self.tok == Token::LParen {
            let lparen = self.expect(Token::LParen);
            let mut list = Vec::new();
            if self.tok != Token::RParen {
                list = self.parse_parameter_list(None, None, Token::RParen, false);
            }
            let rparen = self.expect(Token::RParen);
            return Some(FieldList {
                span: Span::new(lparen, self.after(rparen)),
                opening: Some(lparen),
                list,
                closing: Some(rparen),
            });
        }
        let typ = self.try_ident_or_type()?;
        let field = self.make_field(Vec::new(), typ, None);
        Some(FieldList { span: field.span, opening: None, list: vec![field], closing: None })
    }

    pub(crate) fn func_type(
        &self,
        func_pos: Option<u32>,
        type_params: Option<FieldList>,
        params: FieldList,
        results: Option<FieldList>,
    ) -> FuncType {
        let start = func_pos.unwrap_or(params.span.start);
        let end = results.as_ref().map_or(params.span.end, |r| r.span.end);
        FuncType { span: Span::new(start, end), func_pos, type_params, params, results }
    }

    pub(crate) fn parse_func_type(&mut self) -> FuncType {
        let pos = self.expect(Token::Func);
        if self.tok == Token::LBrack {
            if let Some(tp) = self.parse_type_parameters() {
                let at = tp.opening.unwrap_or(tp.span.start);
                self.error(at, "function type must have no type parameters");
            }
        }
        let params = self.parse_params();
        let results = self.parse_results();
        self.func_type(Some(pos), None, params, results)
    }

    fn parse_method_spec(&mut self) -> Field {
        let x = self.parse_type_name(None);
        let mut names = Vec::new();
        let typ;
        if let Some(ident) = self.as_ident(x) {
            match self.tok {
                Token::LBrack => {
                    let lbrack = self.pos;
                    self.next();
                    self.expr_lev += 1;
                    let x2 = self.parse_expr();
                    self.expr_lev -= 1;
                    let name0 = self.as_ident(x2);
                    if let (Some(name0), true) = (name0, self.tok != Token::Comma && self.tok != Token::RBrack) {
                        // generic method m[T any]: not allowed, parsed for recovery
                        self.parse_parameter_list(Some(name0), None, Token::RBrack, false);
                        self.expect(Token::RBrack);
                        self.error(lbrack, "interface method must have no type parameters");
                        let params = self.parse_params();
                        let results = self.parse_results();
                        names.push(ident);
                        let ft = self.func_type(None, None, params, results);
                        typ = self.push_expr(ft.span, ExprKind::FuncType(Box::new(ft)));
                    } else {
                        let mut list = vec![x2];
                        if self.at_comma("type argument list", Token::RBrack) {
                            self.expr_lev += 1;
                            self.next();
                            while self.tok != Token::RBrack && self.tok != Token::Eof {
                                list.push(self.parse_type());
                                if !self.at_comma("type argument list", Token::RBrack) {
                                    break;
                                }
                                self.next();
                            }
                            self.expr_lev -= 1;
                        }
                        let rbrack = self.expect_closing(Token::RBrack, "type argument list");
                        typ = self.pack_index_expr(x, list, rbrack);
                    }
                }
                Token::LParen => {
                    let params = self.parse_params();
                    let results = self.parse_results();
                    names.push(ident);
                    let ft = self.func_type(None, None, params, results);
                    typ = self.push_expr(ft.span, ExprKind::FuncType(Box::new(ft)));
                }
                _ => typ = x,
            }
        } else {
            typ = if self.tok == Token::LBrack { self.parse_type_instance(x) } else { x };
        }
        self.make_field(names, typ, None)
    }

    pub(crate) fn embedded_elem(&mut self, x: Option<ExprId>) -> ExprId {
        let mut x = match x {
            Some(x) => x,
            None => self.embedded_term(),
        };
        while self.tok == Token::Or {
            let op_pos = self.pos;
            self.next();
            let y = self.embedded_term();
            let span = self.espan(x).to(self.espan(y));
            x = self.push_expr(span, ExprKind::Binary { x, op: BinaryOp::Or, op_pos, y });
        }
        x
    }

    fn embedded_term(&mut self) -> ExprId {
        if self.tok == Token::Tilde {
            let op_pos = self.pos;
            self.next();
            let x = self.parse_type();
            let end = self.espan(x).end;
            return self.push_expr(Span::new(op_pos, end), ExprKind::Unary { op: UnaryOp::Tilde, op_pos, x });
        }
        match self.try_ident_or_type() {
            Some(t) => t,
            None => {
                let pos = self.pos;
                self.error_expected(pos, "~ term or type");
                self.advance(super::is_expr_end);
                self.bad_expr(pos, self.pos)
            }
        }
    }

    fn parse_interface_type(&mut self) -> ExprId {
        let pos = self.expect(Token::Interface);
        let lbrace = self.expect(Token::LBrace);
        let mut list = Vec::new();
        loop {
            match self.tok {
                Token::Ident => {
                    let mut f = self.parse_method_spec();
                    if f.names.is_empty() {
                        let t = self.embedded_elem(Some(f.typ));
                        f = self.make_field(Vec::new(), t, None);
                    }
                    self.expect_semi();
                    list.push(f);
                }
                Token::Tilde => {
                    let t = self.embedded_elem(None);
                    self.expect_semi();
                    list.push(self.make_field(Vec::new(), t, None));
                }
                _ => {
                    if let Some(t) = self.try_ident_or_type() {
                        let t = self.embedded_elem(Some(t));
                        self.expect_semi();
                        list.push(self.make_field(Vec::new(), t, None));
                    } else {
                        break;
                    }
                }
            }
        }
        let rbrace = self.expect(Token::RBrace);
        let methods = FieldList {
            span: Span::new(lbrace, self.after(rbrace)),
            opening: Some(lbrace),
            list,
            closing: Some(rbrace),
        };
        self.push_expr(Span::new(pos, self.after(rbrace)), ExprKind::InterfaceType { methods: Box::new(methods) })
    }

    fn parse_map_type(&mut self) -> ExprId {
        let pos = self.expect(Token::Map);
        self.expect(Token::LBrack);
        let key = self.parse_type();
        self.expect(Token::RBrack);
        let value = self.parse_type();
        let end = self.espan(value).end;
        self.push_expr(Span::new(pos, end), ExprKind::MapType { key, value })
    }

    fn parse_chan_type(&mut self) -> ExprId {
        let pos = self.pos;
        let mut dir = ChanDir::Both;
        let mut arrow = None;
        if self.tok == Token::Chan {
            self.next();
            if self.tok == Token::Arrow {
                arrow = Some(self.pos);
                self.next();
                dir = ChanDir::Send;
            }
        } else {
            arrow = Some(self.expect(Token::Arrow));
            self.expect(Token::Chan);
            dir = ChanDir::Recv;
        }
        let value = self.parse_type();
        let end = self.espan(value).end;
        self.push_expr(Span::new(pos, end), ExprKind::ChanType { dir, arrow, value })
    }

    pub(crate) fn parse_type_instance(&mut self, typ: ExprId) -> ExprId {
        let opening = self.expect(Token::LBrack);
        self.expr_lev += 1;
        let mut list = Vec::new();
        while self.tok != Token::RBrack && self.tok != Token::Eof {
            list.push(self.parse_type());
            if !self.at_comma("type argument list", Token::RBrack) {
                break;
            }
            self.next();
        }
        self.expr_lev -= 1;
        let closing = self.expect_closing(Token::RBrack, "type argument list");
        if list.is_empty() {
            self.error_expected(closing, "type argument list");
            let index = self.bad_expr(self.after(opening), closing);
            let start = self.espan(typ).start;
            return self.push_expr(Span::new(start, self.after(closing)), ExprKind::Index { x: typ, index });
        }
        self.pack_index_expr(typ, list, closing)
    }

    pub(crate) fn try_ident_or_type(&mut self) -> Option<ExprId> {
        if !self.inc_nest() {
            self.dec_nest();
            return None;
        }
        let r = match self.tok {
            Token::Ident => {
                let typ = self.parse_type_name(None);
                Some(if self.tok == Token::LBrack { self.parse_type_instance(typ) } else { typ })
            }
            Token::LBrack => {
                let lbrack = self.expect(Token::LBrack);
                Some(self.parse_array_type(lbrack, None))
            }
            Token::Struct => Some(self.parse_struct_type()),
            Token::Mul => Some(self.parse_pointer_type()),
            Token::Func => {
                let ft = self.parse_func_type();
                Some(self.push_expr(ft.span, ExprKind::FuncType(Box::new(ft))))
            }
            Token::Interface => Some(self.parse_interface_type()),
            Token::Map => Some(self.parse_map_type()),
            Token::Chan | Token::Arrow => Some(self.parse_chan_type()),
            Token::LParen => {
                let lparen = self.pos;
                self.next();
                let x = self.parse_type();
                let rparen = self.expect(Token::RParen);
                Some(self.push_expr(Span::new(lparen, self.after(rparen)), ExprKind::Paren { x }))
            }
            _ => None,
        };
        self.dec_nest();
        r
    }
}
