//! Applying fixes: the edits of several diagnostics merged into one new source text.

use gotraps_diagnostics::{Diagnostic, Edit};

/// Applies the fixes of `diagnostics` to `src`. A fix whose edits overlap an edit already
/// taken is skipped whole (it applies on a later run). Returns the new text and how many
/// fixes were applied.
pub fn apply_fixes(src: &str, diagnostics: &[Diagnostic]) -> (String, usize) {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        let fits = fix.edits.iter().all(|e| {
            e.span.end as usize <= src.len()
                && src.is_char_boundary(e.span.start as usize)
                && src.is_char_boundary(e.span.end as usize)
                && taken.iter().all(|t| e.span.end <= t.span.start || e.span.start >= t.span.end)
        });
        if fits {
            taken.extend(fix.edits.iter());
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(src.len() + 64);
    let mut pos = 0usize;
    for e in taken {
        out.push_str(&src[pos..e.span.start as usize]);
        out.push_str(&e.replacement);
        pos = e.span.end as usize;
    }
    out.push_str(&src[pos..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gotraps_diagnostics::{Fix, Severity};
    use gotraps_syntax::Span;

    fn diag(start: u32, end: u32, text: &str) -> Diagnostic {
        Diagnostic::new("GT000", "t", &[], Severity::Warning, Span::new(start, end), "m").with_fix(Fix {
            message: "f".into(),
            edits: vec![Edit { span: Span::new(start, end), replacement: text.into() }],
        })
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let src = "make(chan os.Signal)";
        let (out, n) = apply_fixes(src, &[diag(19, 19, ", 1"), diag(0, 4, "new"), diag(2, 6, "x")]);
        assert_eq!(out, "new(chan os.Signal, 1)");
        assert_eq!(n, 2);
    }
}
