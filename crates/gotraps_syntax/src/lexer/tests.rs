//! Scanner cases checked against go/scanner behaviour.

use super::*;

fn toks(src: &str) -> Vec<(Token, &str, bool)> {
    let mut lx = Lexer::new(src);
    let mut out = Vec::new();
    loop {
        let t = lx.next_token();
        if t.tok == Token::Eof {
            break;
        }
        out.push((t.tok, &src[t.pos as usize..t.end as usize], t.auto_semi));
    }
    out
}

#[test]
fn semicolons_are_inserted_after_line_final_tokens() {
    let t = toks("x++\nreturn\n}\n");
    let kinds: Vec<Token> = t.iter().map(|t| t.0).collect();
    use Token::*;
    assert_eq!(kinds, [Ident, Inc, Semicolon, Return, Semicolon, RBrace, Semicolon]);
    assert!(t[2].2);
}

#[test]
fn block_comment_with_newline_inserts_semicolon_at_first_newline() {
    let mut lx = Lexer::new("x /* a\nb */ y");
    assert_eq!(lx.next_token().tok, Token::Ident);
    let semi = lx.next_token();
    assert_eq!((semi.tok, semi.pos), (Token::Semicolon, 6));
    assert_eq!(lx.comments.len(), 1);
}

#[test]
fn number_literals_validate_like_go() {
    for ok in ["0x1p-2", "1_000", "0b1010", "0o17", "017", "1e9i", ".5", "0x_1F", "089.5"] {
        let mut lx = Lexer::new(ok);
        lx.next_token();
        assert!(lx.errors.is_empty(), "{ok}: {:?}", lx.errors);
    }
    for bad in ["0x1.0", "1__0", "08", "0b2", "1e", "0x", "1_", "0o1e3"] {
        let mut lx = Lexer::new(bad);
        lx.next_token();
        assert!(!lx.errors.is_empty(), "{bad} accepted");
    }
}

#[test]
fn string_and_rune_escapes_validate_like_go() {
    for ok in [r#""\u00e9\x41\101\n""#, r"'\''", "'é'", "`raw\\q`"] {
        let mut lx = Lexer::new(ok);
        lx.next_token();
        assert!(lx.errors.is_empty(), "{ok}: {:?}", lx.errors);
    }
    for bad in [r#""\q""#, r"'ab'", r"'\uD800'", "\"abc", "''", r#""\400""#] {
        let mut lx = Lexer::new(bad);
        lx.next_token();
        assert!(!lx.errors.is_empty(), "{bad} accepted");
    }
}

#[test]
fn line_comment_span_excludes_newline_and_cr() {
    let mut lx = Lexer::new("// hi\r\nx");
    lx.next_token();
    assert_eq!(lx.comments[0].span, Span::new(0, 5));
}
