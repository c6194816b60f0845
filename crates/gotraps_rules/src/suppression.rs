//! Suppression comments: `//gotraps:ignore RULE reason`, `//nolint:gotraps`, `//nolint:RULE`, and unused-suppression reports.
//!
//! Forms (rules are codes or names, case-insensitive, comma-separated):
//! - `//gotraps:ignore RULE[,RULE...] reason` at the end of the finding's line, or alone on
//!   the line above it. The reason is required: without one the directive is malformed,
//!   reported, and suppresses nothing (as staticcheck's `//lint:ignore`).
//! - `//gotraps:file-ignore RULE[,RULE...] reason` anywhere: the whole file.
//! - golangci-lint's `//nolint`, `//nolint:all`, `//nolint:gotraps` (every rule) and
//!   `//nolint:RULE,...` (an explanation may follow after ` //`). It covers its own line;
//!   alone on a line it also covers the declaration or statement starting on the next line
//!   (all of it); on the first line of a `func` declaration it covers the whole function.
//!
//! A directive whose rules never suppress anything is "unused". `//nolint` directives are
//! only reported as unused when they unambiguously target gotraps (`gotraps` or a `GT`
//! code): other names may belong to other golangci-lint linters.

use gotraps_syntax::ast::{CommentKind, Decl};
use gotraps_syntax::{File, LineIndex, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ignore,
    FileIgnore,
    Nolint,
}

#[derive(Clone, Debug)]
struct Directive {
    comment: Span,
    kind: Kind,
    /// Lower-cased keys; empty means every rule.
    rules: Vec<String>,
    used: Vec<bool>,
    used_any: bool,
    /// Byte range of covered source, inclusive of both ends.
    first: u32,
    last: u32,
}

/// A directive that suppressed nothing in this run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnusedDirective {
    pub span: Span,
    pub text: String,
    /// The listed rules that matched nothing (original spelling, lower-cased); empty when
    /// the directive names every rule.
    pub rules: Vec<String>,
}

/// A comment that looks like a directive but cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MalformedDirective {
    pub span: Span,
    pub text: String,
    pub message: String,
}

/// The suppression directives of one file.
#[derive(Clone, Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    malformed: Vec<MalformedDirective>,
}

impl Suppressions {
    pub fn collect(file: &File, lines: &LineIndex) -> Suppressions {
        let mut out = Suppressions::default();
        let src = &*file.src;
        for c in &file.comments {
            if c.kind != CommentKind::Line {
                continue;
            }
            let text = file.text(c.span);
            let Some(body) = text.strip_prefix("//") else { continue };
            if let Some(rest) = body.strip_prefix("gotraps:") {
                out.gotraps_directive(c.span, text, rest, src, lines);
            } else if body.trim_start().starts_with("gotraps:") {
                out.malformed(c.span, text, "write `//gotraps:` with no space after `//`");
            } else if let Some(rules) = parse_nolint(body) {
                let (first, last) = nolint_range(file, lines, c.span);
                out.push(c.span, Kind::Nolint, rules, first, last);
            }
        }
        out
    }

    fn gotraps_directive(&mut self, span: Span, text: &str, rest: &str, src: &str, lines: &LineIndex) {
        let (verb, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let kind = match verb {
            "ignore" => Kind::Ignore,
            "file-ignore" => Kind::FileIgnore,
            _ => {
                let msg = format!("unknown directive `gotraps:{verb}`; use `gotraps:ignore` or `gotraps:file-ignore`");
                return self.malformed(span, text, &msg);
            }
        };
        let args = args.trim();
        let (list, reason) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
        let rules: Vec<String> =
            list.split(',').map(|r| r.trim().to_ascii_lowercase()).filter(|r| !r.is_empty()).collect();
        if rules.is_empty() {
            let msg = format!("`gotraps:{verb}` needs the rules to silence, e.g. `//gotraps:{verb} GT013 reason`");
            return self.malformed(span, text, &msg);
        }
        if reason.trim().is_empty() {
            let msg =
                format!("`gotraps:{verb}` needs a reason after the rules: `//gotraps:{verb} {list} why it is fine`");
            return self.malformed(span, text, &msg);
        }
        let (first, last) = match kind {
            Kind::FileIgnore => (0, u32::MAX),
            _ => {
                let (line, _) = lines.line_col(span.start);
                let covered = if alone_on_line(src, lines, span) { line + 1 } else { line };
                line_range(lines, line, covered)
            }
        };
        self.push(span, kind, rules, first, last);
    }

    fn push(&mut self, comment: Span, kind: Kind, rules: Vec<String>, first: u32, last: u32) {
        let used = vec![false; rules.len()];
        self.directives.push(Directive { comment, kind, rules, used, used_any: false, first, last });
    }

    fn malformed(&mut self, span: Span, text: &str, message: &str) {
        self.malformed.push(MalformedDirective { span, text: text.to_string(), message: message.to_string() });
    }

    /// Whether a finding of rule `code`/`name` starting at `offset` is suppressed; marks
    /// every matching directive as used.
    pub fn suppresses(&mut self, code: &str, name: &str, offset: u32) -> bool {
        let mut hit = false;
        for d in &mut self.directives {
            if offset < d.first || offset > d.last {
                continue;
            }
            if d.rules.is_empty() {
                d.used_any = true;
                hit = true;
                continue;
            }
            for (i, key) in d.rules.iter().enumerate() {
                let all = d.kind == Kind::Nolint && (key == "gotraps" || key == "all");
                if all || key.eq_ignore_ascii_case(code) || key.eq_ignore_ascii_case(name) {
                    d.used[i] = true;
                    d.used_any = true;
                    hit = true;
                }
            }
        }
        hit
    }

    /// Directives (or listed rules) that suppressed nothing, in source order. Needs the
    /// file's source for the directive text.
    pub fn unused(&self, src: &str) -> Vec<UnusedDirective> {
        let mut out = Vec::new();
        for d in &self.directives {
            let text = src.get(d.comment.range()).unwrap_or("").to_string();
            if d.kind == Kind::Nolint {
                let ours = d.rules.iter().any(|k| k == "gotraps" || is_gt_code(k));
                if ours && !d.used_any {
                    out.push(UnusedDirective { span: d.comment, text, rules: Vec::new() });
                }
                continue;
            }
            let rules: Vec<String> = d.rules.iter().zip(&d.used).filter(|(_, &u)| !u).map(|(k, _)| k.clone()).collect();
            if !rules.is_empty() {
                out.push(UnusedDirective { span: d.comment, text, rules });
            }
        }
        out
    }

    /// Rules named in directives that `is_known` does not know, one per directive and name,
    /// in source order. `//nolint` lists are checked only for `GT` codes: other names may
    /// belong to other golangci-lint linters.
    pub fn unknown_rules(&self, src: &str, is_known: impl Fn(&str) -> bool) -> Vec<MalformedDirective> {
        let mut out = Vec::new();
        for d in &self.directives {
            for key in &d.rules {
                let ours = d.kind != Kind::Nolint || is_gt_code(key);
                if ours && !(d.kind == Kind::Nolint && key == "gotraps") && !is_known(key) {
                    out.push(MalformedDirective {
                        span: d.comment,
                        text: src.get(d.comment.range()).unwrap_or("").to_string(),
                        message: format!(
                            "unknown rule `{key}` in suppression; `gotraps rules` lists the codes and names"
                        ),
                    });
                }
            }
        }
        out
    }

    /// Directives that could not be applied, in source order.
    pub fn malformed_directives(&self) -> &[MalformedDirective] {
        &self.malformed
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.malformed.is_empty()
    }
}

fn is_gt_code(k: &str) -> bool {
    k.len() == 5 && k.starts_with("gt") && k[2..].bytes().all(|b| b.is_ascii_digit())
}

/// golangci-lint's reading: `nolint` after optional spaces; `nolint:a,b` names linters,
/// anything else (bare, `nolint // why`, `nolint:all`) means all. `None` if not a nolint.
fn parse_nolint(body: &str) -> Option<Vec<String>> {
    let text = body.trim_start_matches([' ', '/']);
    let rest = text.strip_prefix("nolint")?;
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with(':') || rest.starts_with('\t')) {
        return None;
    }
    let Some(list) = rest.strip_prefix(':') else { return Some(Vec::new()) };
    let list = list.split("//").next().unwrap_or("");
    let mut rules = Vec::new();
    for item in list.split(',') {
        let key = item.trim().to_ascii_lowercase();
        // `nolint:a b` ends the list at the space, like golangci-lint's word match.
        let key = key.split_whitespace().next().unwrap_or("").to_string();
        if key == "all" {
            return Some(Vec::new());
        }
        if !key.is_empty() {
            rules.push(key);
        }
    }
    Some(rules)
}

fn alone_on_line(src: &str, lines: &LineIndex, comment: Span) -> bool {
    let (line, _) = lines.line_col(comment.start);
    let start = lines.line_span(line).map_or(comment.start, |s| s.start);
    src.get(start as usize..comment.start as usize).is_some_and(|p| p.trim().is_empty())
}

/// Byte range from the start of `first_line` to the end of `last_line`.
fn line_range(lines: &LineIndex, first_line: u32, last_line: u32) -> (u32, u32) {
    let first = lines.line_span(first_line).map_or(0, |s| s.start);
    let last = lines.line_span(last_line).or_else(|| lines.line_span(first_line)).map_or(first, |s| s.end);
    (first, last)
}

/// What a `//nolint` comment covers: its line, widened to the whole node it introduces.
fn nolint_range(file: &File, lines: &LineIndex, comment: Span) -> (u32, u32) {
    let (line, _) = lines.line_col(comment.start);
    let (mut first, mut last) = line_range(lines, line, line);
    if alone_on_line(&file.src, lines, comment) {
        let (next_start, next_end) = line_range(lines, line + 1, line + 1);
        last = next_end;
        let on_next = |s: Span| s.start >= next_start && s.start <= next_end;
        let decls = file.decls.iter().map(Decl::span);
        let stmts = file.stmts.iter().map(|s| s.span);
        for span in decls.chain(stmts).filter(|&s| on_next(s)) {
            last = last.max(span.end);
        }
    } else {
        for decl in &file.decls {
            if let Decl::Func(f) = decl {
                if f.span.start >= first && f.span.start <= last {
                    first = first.min(f.span.start);
                    last = last.max(f.span.end);
                }
            }
        }
    }
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gotraps_syntax::parse_file;

    struct Fx {
        src: &'static str,
        sup: Suppressions,
    }

    fn fx(src: &'static str) -> Fx {
        let file = parse_file(src.as_bytes());
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        let lines = LineIndex::new(src.as_bytes());
        Fx { src, sup: Suppressions::collect(&file, &lines) }
    }

    impl Fx {
        /// Offset of the `nth` occurrence of `needle`.
        fn at(&self, needle: &str, nth: usize) -> u32 {
            self.src.match_indices(needle).nth(nth).expect("needle").0 as u32
        }
        fn hit(&mut self, code: &str, name: &str, needle: &str) -> bool {
            let off = self.at(needle, 0);
            self.sup.suppresses(code, name, off)
        }
        fn unused(&self) -> Vec<(String, Vec<String>)> {
            self.sup.unused(self.src).into_iter().map(|u| (u.text, u.rules)).collect()
        }
    }

    const IGNORE: &str = "package p

func f() {
\tfor {
\t\tdefer a() //gotraps:ignore GT013 closed at exit on purpose
\t\t//gotraps:ignore defer-in-loop,GT001 loop runs once
\t\tdefer b()
\t\tdefer c()
\t}
}
";

    #[test]
    fn ignore_same_line_and_line_above() {
        let mut f = fx(IGNORE);
        assert!(f.hit("GT013", "defer-in-loop", "defer a"));
        assert!(f.hit("gt013", "DEFER-IN-LOOP", "defer b"));
        assert!(!f.hit("GT013", "defer-in-loop", "defer c"));
        assert!(!f.hit("GT002", "other", "defer a"));
        assert_eq!(
            f.unused(),
            [("//gotraps:ignore defer-in-loop,GT001 loop runs once".to_string(), vec!["gt001".to_string()])]
        );
        assert!(f.sup.malformed_directives().is_empty());
    }

    #[test]
    fn reason_and_rules_are_required() {
        let mut f = fx("package p\n\n//gotraps:ignore GT013\nvar a = 1\n\n//gotraps:ignore\nvar b = 2\n// gotraps:ignore GT013 x\n//gotraps:silence GT013 x\nvar c = 3\n");
        assert!(!f.hit("GT013", "x", "var a"));
        let msgs: Vec<&str> = f.sup.malformed_directives().iter().map(|m| m.message.as_str()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs[0].contains("needs a reason"));
        assert!(msgs[1].contains("needs the rules"));
        assert!(msgs[2].contains("no space"));
        assert!(msgs[3].contains("unknown directive `gotraps:silence`"));
        assert_eq!(f.sup.malformed_directives()[0].text, "//gotraps:ignore GT013");
        assert!(f.unused().is_empty());
    }

    #[test]
    fn file_ignore_covers_everything() {
        let mut f = fx("package p\n\nfunc f() {\n\tgo g()\n}\n\n//gotraps:file-ignore GT005,gt006 generated code\n");
        assert!(f.hit("GT005", "x", "go g"));
        assert!(f.hit("GT005", "x", "package"));
        assert!(!f.hit("GT007", "x", "go g"));
        assert_eq!(
            f.unused(),
            [("//gotraps:file-ignore GT005,gt006 generated code".to_string(), vec!["gt006".to_string()])]
        );
    }

    const NOLINT: &str = "package p

//nolint:gotraps // legacy
func a() {
\tgo x()
}

func b() { //nolint:GT005,errcheck
\tgo x()
}

func c() {
\tgo x() //nolint
\tgo y() // nolint:all
\t//nolint:defer-in-loop
\tfor {
\t\tdefer z()
\t}
\tdefer w()
\tgo v()
}

//nolint:gt099
var unused = 1

//nolint:errcheck
var foreign = 2
";

    #[test]
    fn nolint_forms_and_ranges() {
        let mut f = fx(NOLINT);
        assert!(f.hit("GT005", "n", "go x"), "line above a func covers its body");
        assert!(f.hit("GT005", "n", "func b"));
        assert!(f.sup.suppresses("GT005", "n", f.at("go x", 1)), "func header line covers the body");
        assert!(!f.sup.suppresses("GT006", "n", f.at("go x", 1)), "only the listed rules");
        assert!(f.sup.suppresses("GT999", "n", f.at("go x", 2)), "bare nolint: every rule");
        assert!(f.hit("GT999", "n", "go y"), "nolint:all");
        assert!(f.hit("GT013", "defer-in-loop", "defer z"), "statement after an own-line nolint");
        assert!(!f.hit("GT013", "defer-in-loop", "defer w"));
        assert!(!f.hit("GT005", "n", "go v"));
        let unused = f.unused();
        assert_eq!(unused, [("//nolint:gt099".to_string(), vec![])], "foreign linters are not ours to report");
    }

    #[test]
    fn unknown_rules_are_named_known_and_foreign_ones_are_not() {
        let src = "package p\n\n//gotraps:ignore GT013,gt999 kept open on purpose\nvar a = 1\n\n//gotraps:file-ignore no-such-rule reason\n\n//nolint:GT998,errcheck,gotraps\nvar b = 2\n\n//nolint:defer-in-loop\nvar c = 3\n";
        let f = fx(src);
        let known = |k: &str| k == "gt013" || k == "defer-in-loop";
        let unknown: Vec<String> = f.sup.unknown_rules(src, known).into_iter().map(|m| m.message).collect();
        assert_eq!(unknown.len(), 3, "{unknown:?}");
        assert!(unknown[0].contains("`gt999`"), "{unknown:?}");
        assert!(unknown[1].contains("`no-such-rule`"), "{unknown:?}");
        assert!(unknown[2].contains("`gt998`"), "errcheck belongs to another linter: {unknown:?}");
    }

    #[test]
    fn nolint_parsing_follows_golangci_lint() {
        let p = |s: &str| parse_nolint(s.strip_prefix("//").unwrap());
        assert_eq!(p("//nolint"), Some(vec![]));
        assert_eq!(p("//nolint // because"), Some(vec![]));
        assert_eq!(p("// nolint:a, B // why"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(p("//nolint:a,all"), Some(vec![]));
        assert_eq!(p("//nolintx"), None);
        assert_eq!(p("// not nolint"), None);
    }
}
