//! Go syntax: lexer, hand-written recursive-descent parser, arena AST with byte spans,
//! comments and line/column mapping.
//!
//! Entry point: [`parse_file`]. It never panics and always returns a complete [`ast::File`];
//! syntax errors are listed in [`ast::File::errors`] and the gaps filled with Bad nodes.

pub mod ast;
pub mod dump;
pub mod lexer;
mod parser;
pub mod span;
pub mod token;
pub mod tree;
pub mod visit;

pub use ast::File;
pub use span::{LineIndex, Span};
pub use tree::check_span_invariants;

/// Parse one Go source file. `src` may be any bytes: invalid UTF-8 is reported as a
/// syntax error (at the first bad byte, like go/scanner) and replaced before lexing.
pub fn parse_file(src: &[u8]) -> File {
    parse_with(src, false)
}

/// Like [`parse_file`], but every function declaration's body becomes an empty block
/// spanning its braces (tokens inside are lexed to find the closing brace, not parsed).
/// For packages that are only imported: their declarations' types never depend on a
/// function body, and the bodies are most of the nodes.
pub fn parse_declarations(src: &[u8]) -> File {
    parse_with(src, true)
}

fn parse_with(src: &[u8], skip_func_bodies: bool) -> File {
    let mut file = File::default();
    let text: Box<str> = match std::str::from_utf8(src) {
        Ok(s) => s.into(),
        Err(e) => {
            file.errors.push(ast::SyntaxError {
                span: Span::at(e.valid_up_to() as u32),
                message: "illegal UTF-8 encoding".into(),
            });
            String::from_utf8_lossy(src).into_owned().into_boxed_str()
        }
    };
    let bytes = text.as_bytes();
    if let Some(i) = memchr::memchr(0, bytes) {
        file.errors.push(ast::SyntaxError { span: Span::at(i as u32), message: "illegal character NUL".into() });
    }
    // A byte order mark is only allowed as the very first character.
    let bom = find_bom_after_start(bytes);
    if let Some(i) = bom {
        file.errors.push(ast::SyntaxError { span: Span::at(i as u32), message: "illegal byte order mark".into() });
    }
    parser::parse_source(&text, &mut file, skip_func_bodies);
    file.src = text;
    file
}

/// Offset of a U+FEFF byte order mark anywhere but at the very start.
fn find_bom_after_start(bytes: &[u8]) -> Option<usize> {
    let mut from = 1;
    while let Some(i) = memchr::memchr(0xef, bytes.get(from..)?) {
        let at = from + i;
        if bytes.get(at + 1..at + 3) == Some(&[0xbb, 0xbf]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}
