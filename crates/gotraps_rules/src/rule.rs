//! What a rule is: stable code, kebab-case name, the catalog traps it stands for, its
//! docs, and the check function the linter calls once per file.

use crate::checker::Checker;
use gotraps_diagnostics::Severity;

/// A rule, declared as a `pub static` in its own file under `rules/`.
pub struct Rule {
    /// Stable code, `GT` + three digits; never reused.
    pub code: &'static str,
    /// kebab-case name describing what is flagged.
    pub name: &'static str,
    /// Trap IDs of ../shared/TRAPS.md this rule stands for.
    pub traps: &'static [&'static str],
    pub severity: Severity,
    /// On unless the user selects it (`--select`/`extend-select`). A rule is on by default
    /// only when triage on real code showed at least 9 in 10 findings are real.
    pub default_on: bool,
    /// Whether findings carry a mechanical fix applied by `--fix`.
    pub fixable: bool,
    /// One line, shown in `gotraps rules`.
    pub summary: &'static str,
    /// Markdown with fixed headings: What it does / Why is this bad? / Example /
    /// Use instead / Go versions. Printed by `gotraps rule NAME`.
    pub doc: &'static str,
    pub check: fn(&mut Checker),
}

impl Rule {
    /// Whether `key` names this rule (code or name, case-insensitive).
    pub fn is_named(&self, key: &str) -> bool {
        self.code.eq_ignore_ascii_case(key) || self.name.eq_ignore_ascii_case(key)
    }

    pub fn meta(&self) -> gotraps_diagnostics::RuleMeta {
        gotraps_diagnostics::RuleMeta {
            code: self.code,
            name: self.name,
            summary: self.summary,
            doc: self.doc,
            severity: self.severity,
            traps: self.traps,
        }
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}
