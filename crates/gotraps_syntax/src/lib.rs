//! Go syntax: lexer, hand-written recursive-descent parser, arena AST with byte spans, comments and line/column mapping.
