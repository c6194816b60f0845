//! Byte-oriented Go scanner with automatic semicolon insertion, following go/scanner:
//! the same tokens at the same offsets, the same literal validation and the same errors.
//! Comments are collected into a list instead of being returned as tokens.

mod unicode_tables;

use crate::ast::{Comment, CommentKind, SyntaxError};
use crate::span::Span;
use crate::token::Token;

/// One scanned token. Literal text is `src[pos..end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    pub tok: Token,
    pub pos: u32,
    pub end: u32,
    /// For [`Token::Semicolon`]: inserted automatically at a newline or EOF (go/scanner's
    /// literal "\n") rather than written as `;`.
    pub auto_semi: bool,
}

pub struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    off: usize,
    insert_semi: bool,
    /// A semicolon owed at the first newline of a `/*...*/` comment just scanned.
    pending_semi: Option<u32>,
    /// Whether the source has any carriage return (comment ends then need adjusting).
    has_cr: bool,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

const BOM: char = '\u{feff}';

/// ASCII bytes that continue an identifier.
static IDENT_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        in_table(unicode_tables::LETTER, c as u32)
    }
}

pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(unicode_tables::DIGIT, c as u32)
    }
}

fn in_table(table: &[(u32, u32)], c: u32) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[inline]
fn is_hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

fn lit_name(prefix: u8) -> &'static str {
    match prefix {
        b'x' => "hexadecimal literal",
        b'o' | b'0' => "octal literal",
        b'b' => "binary literal",
        _ => "decimal literal",
    }
}

/// Go's `%#U` rendering of a character.
fn fmt_unicode(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{}'", c as u32, c)
    }
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut off = 0;
        if src.starts_with(BOM) {
            off = BOM.len_utf8();
        }
        Lexer {
            src,
            bytes: src.as_bytes(),
            off,
            insert_semi: false,
            pending_semi: None,
            has_cr: memchr::memchr(b'\r', src.as_bytes()).is_some(),
            comments: Vec::with_capacity(src.len() / 256 + 4),
            errors: Vec::new(),
        }
    }

    fn error(&mut self, off: usize, msg: impl Into<String>) {
        self.errors.push(SyntaxError { span: Span::at(off as u32), message: msg.into() });
    }

    #[inline]
    fn peek(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(0)
    }

    #[inline]
    fn char_at(&self, at: usize) -> Option<char> {
        self.src.get(at..).and_then(|s| s.chars().next())
    }

    /// Scan the next token.
    pub fn next_token(&mut self) -> Tok {
        if let Some(p) = self.pending_semi.take() {
            return Tok { tok: Token::Semicolon, pos: p, end: p, auto_semi: true };
        }
        loop {
            // skip whitespace
            let bytes = self.bytes;
            let mut i = self.off;
            if self.insert_semi {
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r') {
                    i += 1;
                }
            } else {
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
            }
            self.off = i;
            let start = self.off;
            let mut insert_semi = false;
            let b = match self.bytes.get(start) {
                Some(&b) => b,
                None => {
                    let tok = if self.insert_semi {
                        self.insert_semi = false;
                        Token::Semicolon
                    } else {
                        Token::Eof
                    };
                    return Tok { tok, pos: start as u32, end: start as u32, auto_semi: tok == Token::Semicolon };
                }
            };
            let tok = if b.is_ascii_alphabetic() || b == b'_' {
                let t = self.scan_identifier();
                insert_semi =
                    matches!(t, Token::Ident | Token::Break | Token::Continue | Token::Fallthrough | Token::Return);
                t
            } else if b.is_ascii_digit() || (b == b'.' && self.peek(start + 1).is_ascii_digit()) {
                insert_semi = true;
                self.scan_number()
            } else if b >= 0x80 {
                let c = self.char_at(start).unwrap_or('\u{fffd}');
                if is_letter(c) {
                    insert_semi = true;
                    self.scan_identifier()
                } else {
                    self.off += c.len_utf8();
                    if c != BOM {
                        if c == '\u{201c}' || c == '\u{201d}' {
                            self.error(start, format!("curly quotation mark '{c}' (use neutral '\"')"));
                        } else {
                            self.error(start, format!("illegal character {}", fmt_unicode(c)));
                        }
                    }
                    insert_semi = self.insert_semi;
                    Token::Illegal
                }
            } else {
                self.off += 1;
                let at = self.off;
                let nb = self.peek(at);
                match b {
                    b'\n' => {
                        self.insert_semi = false;
                        return Tok { tok: Token::Semicolon, pos: start as u32, end: start as u32, auto_semi: true };
                    }
                    b'"' => {
                        insert_semi = true;
                        self.scan_string(start);
                        Token::String
                    }
                    b'\'' => {
                        insert_semi = true;
                        self.scan_rune(start);
                        Token::Char
                    }
                    b'`' => {
                        insert_semi = true;
                        self.scan_raw_string(start);
                        Token::String
                    }
                    b':' => self.switch2(Token::Colon, Token::Define),
                    b'.' => {
                        if nb == b'.' && self.peek(at + 1) == b'.' {
                            self.off += 2;
                            Token::Ellipsis
                        } else {
                            Token::Period
                        }
                    }
                    b',' => Token::Comma,
                    b';' => Token::Semicolon,
                    b'(' => Token::LParen,
                    b')' => {
                        insert_semi = true;
                        Token::RParen
                    }
                    b'[' => Token::LBrack,
                    b']' => {
                        insert_semi = true;
                        Token::RBrack
                    }
                    b'{' => Token::LBrace,
                    b'}' => {
                        insert_semi = true;
                        Token::RBrace
                    }
                    b'+' => {
                        let t = self.switch3(Token::Add, Token::AddAssign, b'+', Token::Inc);
                        insert_semi = t == Token::Inc;
                        t
                    }
                    b'-' => {
                        let t = self.switch3(Token::Sub, Token::SubAssign, b'-', Token::Dec);
                        insert_semi = t == Token::Dec;
                        t
                    }
                    b'*' => self.switch2(Token::Mul, Token::MulAssign),
                    b'/' => {
                        if nb == b'/' || nb == b'*' {
                            let nl = self.scan_comment(start);
                            if self.insert_semi && nl.is_some() {
                                self.pending_semi = nl;
                                self.insert_semi = false;
                                return self.next_token();
                            }
                            // a comment preserves the semicolon state
                            continue;
                        }
                        self.switch2(Token::Quo, Token::QuoAssign)
                    }
                    b'%' => self.switch2(Token::Rem, Token::RemAssign),
                    b'^' => self.switch2(Token::Xor, Token::XorAssign),
                    b'<' => {
                        if nb == b'-' {
                            self.off += 1;
                            Token::Arrow
                        } else {
                            self.switch4(Token::Lss, Token::Leq, b'<', Token::Shl, Token::ShlAssign)
                        }
                    }
                    b'>' => self.switch4(Token::Gtr, Token::Geq, b'>', Token::Shr, Token::ShrAssign),
                    b'=' => self.switch2(Token::Assign, Token::Eql),
                    b'!' => self.switch2(Token::Not, Token::Neq),
                    b'&' => {
                        if nb == b'^' {
                            self.off += 1;
                            self.switch2(Token::AndNot, Token::AndNotAssign)
                        } else {
                            self.switch3(Token::And, Token::AndAssign, b'&', Token::LAnd)
                        }
                    }
                    b'|' => self.switch3(Token::Or, Token::OrAssign, b'|', Token::LOr),
                    b'~' => Token::Tilde,
                    _ => {
                        if b == 0 {
                            // reported once for the whole file by the caller
                        } else {
                            self.error(start, format!("illegal character {}", fmt_unicode(b as char)));
                        }
                        insert_semi = self.insert_semi;
                        Token::Illegal
                    }
                }
            };
            self.insert_semi = insert_semi;
            return Tok { tok, pos: start as u32, end: self.off as u32, auto_semi: false };
        }
    }

    #[inline]
    fn switch2(&mut self, t0: Token, t1: Token) -> Token {
        if self.peek(self.off) == b'=' {
            self.off += 1;
            t1
        } else {
            t0
        }
    }

    #[inline]
    fn switch3(&mut self, t0: Token, t1: Token, c2: u8, t2: Token) -> Token {
        match self.peek(self.off) {
            b'=' => {
                self.off += 1;
                t1
            }
            c if c == c2 => {
                self.off += 1;
                t2
            }
            _ => t0,
        }
    }

    #[inline]
    fn switch4(&mut self, t0: Token, t1: Token, c2: u8, t2: Token, t3: Token) -> Token {
        match self.peek(self.off) {
            b'=' => {
                self.off += 1;
                t1
            }
            c if c == c2 => {
                self.off += 1;
                if self.peek(self.off) == b'=' {
                    self.off += 1;
                    t3
                } else {
                    t2
                }
            }
            _ => t0,
        }
    }

    fn scan_identifier(&mut self) -> Token {
        let start = self.off;
        let bytes = self.bytes;
        let mut i = start;
        while i < bytes.len() && IDENT_BYTE[bytes[i] as usize] {
            i += 1;
        }
        self.off = i;
        if i < bytes.len() && bytes[i] >= 0x80 {
            // non-ASCII letters and digits
            while let Some(c) = self.char_at(self.off) {
                if c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && (is_letter(c) || is_digit(c))) {
                    self.off += c.len_utf8();
                } else {
                    break;
                }
            }
            return Token::Ident;
        }
        let word = &bytes[start..i];
        if word.len() > 1 && word[0].is_ascii_lowercase() {
            if let Some(kw) = Token::keyword(word) {
                return kw;
            }
        }
        Token::Ident
    }

    /// Scan digits of `base` (and `_`); returns go/scanner's digsep bits.
    fn digits(&mut self, base: u32, invalid: &mut Option<usize>) -> u8 {
        let mut digsep = 0;
        if base <= 10 {
            let max = b'0' + base as u8;
            while let Some(&b) = self.bytes.get(self.off) {
                if !(b.is_ascii_digit() || b == b'_') {
                    break;
                }
                let mut ds = 1;
                if b == b'_' {
                    ds = 2;
                } else if b >= max && invalid.is_none() {
                    *invalid = Some(self.off);
                }
                digsep |= ds;
                self.off += 1;
            }
        } else {
            while let Some(&b) = self.bytes.get(self.off) {
                if !(is_hex(b) || b == b'_') {
                    break;
                }
                digsep |= if b == b'_' { 2 } else { 1 };
                self.off += 1;
            }
        }
        digsep
    }

    fn scan_number(&mut self) -> Token {
        let start = self.off;
        let mut tok = Token::Illegal;
        let mut base = 10;
        let mut prefix = 0u8;
        let mut digsep = 0u8;
        let mut invalid = None;

        if self.peek(self.off) != b'.' {
            tok = Token::Int;
            if self.peek(self.off) == b'0' {
                self.off += 1;
                match self.peek(self.off).to_ascii_lowercase() {
                    b'x' => {
                        self.off += 1;
                        base = 16;
                        prefix = b'x';
                    }
                    b'o' => {
                        self.off += 1;
                        base = 8;
                        prefix = b'o';
                    }
                    b'b' => {
                        self.off += 1;
                        base = 2;
                        prefix = b'b';
                    }
                    _ => {
                        base = 8;
                        prefix = b'0';
                        digsep = 1;
                    }
                }
            }
            digsep |= self.digits(base, &mut invalid);
        }
        if self.peek(self.off) == b'.' {
            tok = Token::Float;
            if prefix == b'o' || prefix == b'b' {
                self.error(self.off, format!("invalid radix point in {}", lit_name(prefix)));
            }
            self.off += 1;
            digsep |= self.digits(base, &mut invalid);
        }
        if digsep & 1 == 0 {
            self.error(self.off, format!("{} has no digits", lit_name(prefix)));
        }
        let e = self.peek(self.off);
        let el = e.to_ascii_lowercase();
        if el == b'e' || el == b'p' {
            if el == b'e' && prefix != 0 && prefix != b'0' {
                self.error(self.off, format!("'{}' exponent requires decimal mantissa", e as char));
            } else if el == b'p' && prefix != b'x' {
                self.error(self.off, format!("'{}' exponent requires hexadecimal mantissa", e as char));
            }
            self.off += 1;
            tok = Token::Float;
            let s = self.peek(self.off);
            if s == b'+' || s == b'-' {
                self.off += 1;
            }
            let mut none = None;
            let ds = self.digits(10, &mut none);
            digsep |= ds;
            if ds & 1 == 0 {
                self.error(self.off, "exponent has no digits");
            }
        } else if prefix == b'x' && tok == Token::Float {
            self.error(self.off, "hexadecimal mantissa requires a 'p' exponent");
        }
        if self.peek(self.off) == b'i' {
            tok = Token::Imag;
            self.off += 1;
        }
        if tok == Token::Int {
            if let Some(i) = invalid {
                self.error(i, format!("invalid digit '{}' in {}", self.bytes[i] as char, lit_name(prefix)));
            }
        }
        if digsep & 2 != 0 {
            if let Some(i) = invalid_sep(&self.bytes[start..self.off]) {
                self.error(start + i, "'_' must separate successive digits");
            }
        }
        tok
    }

    /// Scan an escape after `\` (self.off is at the char after the backslash).
    fn scan_escape(&mut self, quote: u8) -> bool {
        let start = self.off;
        let (mut n, base, max): (u32, u32, u32) = match self.peek(self.off) {
            b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'\\' => {
                self.off += 1;
                return true;
            }
            c if c == quote && self.off < self.bytes.len() => {
                self.off += 1;
                return true;
            }
            b'0'..=b'7' => (3, 8, 255),
            b'x' => {
                self.off += 1;
                (2, 16, 255)
            }
            b'u' => {
                self.off += 1;
                (4, 16, 0x10ffff)
            }
            b'U' => {
                self.off += 1;
                (8, 16, 0x10ffff)
            }
            _ => {
                let msg = if self.off >= self.bytes.len() {
                    "escape sequence not terminated"
                } else {
                    "unknown escape sequence"
                };
                self.error(start, msg);
                return false;
            }
        };
        let mut x: u32 = 0;
        while n > 0 {
            let b = self.peek(self.off);
            let d = match b {
                b'0'..=b'9' => (b - b'0') as u32,
                b'a'..=b'f' => (b - b'a' + 10) as u32,
                b'A'..=b'F' => (b - b'A' + 10) as u32,
                _ => 16,
            };
            if d >= base || self.off >= self.bytes.len() {
                let msg = if self.off >= self.bytes.len() {
                    "escape sequence not terminated".to_string()
                } else {
                    let c = self.char_at(self.off).unwrap_or('\u{fffd}');
                    format!("illegal character {} in escape sequence", fmt_unicode(c))
                };
                self.error(self.off, msg);
                return false;
            }
            x = x.wrapping_mul(base).wrapping_add(d);
            self.off += 1;
            n -= 1;
        }
        if x > max || (0xd800..0xe000).contains(&x) {
            self.error(start, "escape sequence is invalid Unicode code point");
            return false;
        }
        true
    }

    /// Advance over one character (not past EOF).
    #[inline]
    fn bump_char(&mut self) {
        let b = self.bytes[self.off];
        self.off += if b < 0x80 {
            1
        } else if b >= 0xf0 {
            4
        } else if b >= 0xe0 {
            3
        } else {
            2
        };
        self.off = self.off.min(self.bytes.len());
    }

    fn scan_rune(&mut self, start: usize) {
        let mut valid = true;
        let mut n = 0;
        loop {
            let b = match self.bytes.get(self.off) {
                Some(&b) if b != b'\n' => b,
                _ => {
                    if valid {
                        self.error(start, "rune literal not terminated");
                        valid = false;
                    }
                    break;
                }
            };
            self.bump_char();
            if b == b'\'' {
                break;
            }
            n += 1;
            if b == b'\\' && !self.scan_escape(b'\'') {
                valid = false;
            }
        }
        if valid && n != 1 {
            self.error(start, "illegal rune literal");
        }
    }

    fn scan_string(&mut self, start: usize) {
        loop {
            let b = match self.bytes.get(self.off) {
                Some(&b) if b != b'\n' => b,
                _ => {
                    self.error(start, "string literal not terminated");
                    break;
                }
            };
            self.off += 1;
            if b == b'"' {
                break;
            }
            if b == b'\\' {
                self.scan_escape(b'"');
            }
        }
    }

    fn scan_raw_string(&mut self, start: usize) {
        match memchr::memchr(b'`', &self.bytes[self.off..]) {
            Some(i) => self.off += i + 1,
            None => {
                self.off = self.bytes.len();
                self.error(start, "raw string literal not terminated");
            }
        }
    }

    /// Scan a comment starting at `start` (`//` or `/*`); records it and returns the
    /// offset of the first newline inside a `/*...*/` comment.
    fn scan_comment(&mut self, start: usize) -> Option<u32> {
        let block = self.bytes[start + 1] == b'*';
        let mut nl = None;
        let mut terminated = true;
        let lit_end;
        if !block {
            let rest = &self.bytes[start..];
            let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            self.off = start + len;
            let mut end = self.off;
            if end > start + 2 && self.bytes[end - 1] == b'\r' {
                end -= 1;
            }
            lit_end = end;
        } else {
            let mut i = start + 2;
            let n = self.bytes.len();
            loop {
                if i >= n {
                    terminated = false;
                    self.error(start, "comment not terminated");
                    break;
                }
                let b = self.bytes[i];
                if b == b'\n' && nl.is_none() {
                    nl = Some(i as u32);
                }
                i += 1;
                if b == b'*' && i < n && self.bytes[i] == b'/' {
                    i += 1;
                    break;
                }
            }
            self.off = i;
            lit_end = i;
        }
        let lit = &self.bytes[start..lit_end];
        if terminated
            && (block || start == 0 || self.bytes[start - 1] == b'\n')
            && lit.len() >= 7
            && &lit[2..7] == b"line "
        {
            self.check_line_directive(start, lit, block);
        }
        // go/ast's Comment.End is Slash+len(Text), and Text has carriage returns removed.
        let removed = if self.has_cr { count_stripped_cr(lit, block) } else { 0 };
        self.comments.push(Comment {
            span: Span::new(start as u32, (lit_end - removed) as u32),
            kind: if block { CommentKind::Block } else { CommentKind::Line },
        });
        nl
    }

    fn check_line_directive(&mut self, start: usize, lit: &[u8], block: bool) {
        let mut text = lit;
        if block {
            if text.len() < 9 {
                return;
            }
            text = &text[..text.len() - 2];
        }
        let text = &text[7..];
        let offs = start + 7;
        let (i, n, ok) = trailing_digits(text);
        if i == 0 {
            return;
        }
        if !ok {
            self.error(offs + i, format!("invalid line number: {}", String::from_utf8_lossy(&text[i..])));
            return;
        }
        const MAX: u64 = 1 << 30;
        let (i2, n2, ok2) = trailing_digits(&text[..i - 1]);
        let (line, i, text) = if ok2 {
            let col = n;
            if col == 0 || col > MAX {
                self.error(offs + i, format!("invalid column number: {}", String::from_utf8_lossy(&text[i..])));
                return;
            }
            (n2, i2, &text[..i - 1])
        } else {
            (n, i, text)
        };
        if line == 0 || line > MAX {
            self.error(offs + i, format!("invalid line number: {}", String::from_utf8_lossy(&text[i..])));
        }
    }
}

/// go/scanner's trailingDigits: (index after the last ':', value, parsed ok).
fn trailing_digits(text: &[u8]) -> (usize, u64, bool) {
    let Some(i) = text.iter().rposition(|&b| b == b':') else {
        return (0, 0, false);
    };
    let digits = &text[i + 1..];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return (i + 1, 0, false);
    }
    let mut n: u64 = 0;
    for &d in digits {
        match n.checked_mul(10).and_then(|n| n.checked_add((d - b'0') as u64)) {
            Some(v) => n = v,
            None => return (i + 1, u64::MAX, false),
        }
    }
    (i + 1, n, true)
}

/// Number of `\r` go/scanner's stripCR removes from a comment's text.
fn count_stripped_cr(lit: &[u8], block: bool) -> usize {
    if !lit.contains(&b'\r') {
        return 0;
    }
    let mut kept: Vec<u8> = Vec::with_capacity(lit.len());
    for (j, &ch) in lit.iter().enumerate() {
        let keep = ch != b'\r'
            || (block && kept.len() > 2 && kept[kept.len() - 1] == b'*' && j + 1 < lit.len() && lit[j + 1] == b'/');
        if keep {
            kept.push(ch);
        }
    }
    lit.len() - kept.len()
}

/// go/scanner's invalidSep: index of the first misplaced `_`, if any.
fn invalid_sep(x: &[u8]) -> Option<usize> {
    let mut x1 = b' ';
    let mut d = b'.';
    let mut i = 0;
    if x.len() >= 2 && x[0] == b'0' {
        x1 = x[1].to_ascii_lowercase();
        if x1 == b'x' || x1 == b'o' || x1 == b'b' {
            d = b'0';
            i = 2;
        }
    }
    while i < x.len() {
        let p = d;
        d = x[i];
        if d == b'_' {
            if p != b'0' {
                return Some(i);
            }
        } else if d.is_ascii_digit() || (x1 == b'x' && is_hex(d)) {
            d = b'0';
        } else {
            if p == b'_' {
                return Some(i - 1);
            }
            d = b'.';
        }
        i += 1;
    }
    if d == b'_' {
        return Some(x.len() - 1);
    }
    None
}

#[cfg(test)]
mod tests;
