//! One diagnostic model and its renderers: human (source excerpts), JSON, SARIF 2.1.0 and GitHub Actions annotations.
//!
//! Rules produce [`Diagnostic`]s with byte spans; renderers turn them into text using the
//! file's source (for line/column and excerpts). Output order is decided by the caller
//! (sorted by path, then offset) so every format is byte-stable across runs.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// How serious a finding is. Ordered: `Error > Warning > Info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use gotraps_syntax::Span as ByteSpan;

/// A secondary location with a short note ("mutex locked here", "goroutine started here").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    #[serde(with = "span_pair")]
    pub span: ByteSpan,
    pub message: String,
}

/// A text edit: replace `span` with `replacement`. Edits of one fix never overlap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    #[serde(with = "span_pair")]
    pub span: ByteSpan,
    pub replacement: String,
}

/// A mechanical fix the user can apply with `--fix`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
}

/// One finding in one file.
///
/// `code` is the stable rule code (`GT0xx`, or `E001` for syntax errors), `name` its
/// kebab-case name, `traps` the catalog IDs (`T11`, ...) it stands for.
///
/// It serialises as itself (the result cache stores it so). Read back, its code, name and
/// traps are interned: each distinct string is allocated once per process, however many
/// diagnostics carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    #[serde(deserialize_with = "interned")]
    pub code: StaticStr,
    #[serde(deserialize_with = "interned")]
    pub name: StaticStr,
    #[serde(deserialize_with = "interned_list", skip_serializing_if = "<[_]>::is_empty", default)]
    pub traps: &'static [&'static str],
    pub severity: Severity,
    #[serde(with = "span_pair")]
    pub span: ByteSpan,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// `&'static str` under another name: serde's derive takes a field spelt `&'static str`
/// as borrowed from the input, which would make only `'static` input readable; these are
/// interned instead.
pub type StaticStr = &'static str;

/// Spans serialise as `[start, end]`: a cache of a whole tree holds millions of them.
mod span_pair {
    use super::*;

    pub fn serialize<S: Serializer>(span: &ByteSpan, s: S) -> Result<S::Ok, S::Error> {
        (span.start, span.end).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ByteSpan, D::Error> {
        let (start, end) = <(u32, u32)>::deserialize(d)?;
        if start > end {
            return Err(serde::de::Error::custom("span ends before it starts"));
        }
        Ok(ByteSpan::new(start, end))
    }
}

/// The one `'static` copy of `s`. Codes, names and trap IDs are a few hundred distinct
/// strings, so what is leaked stays bounded.
pub fn intern(s: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static TABLE: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut table = TABLE.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = table.get(s) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
    table.insert(leaked);
    leaked
}

fn intern_list(list: &[&str]) -> &'static [&'static str] {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static TABLE: OnceLock<Mutex<HashMap<Vec<&'static str>, &'static [&'static str]>>> = OnceLock::new();
    let key: Vec<&'static str> = list.iter().map(|s| intern(s)).collect();
    let mut table = TABLE.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = table.get(&key) {
        return known;
    }
    let leaked: &'static [&'static str] = Box::leak(key.clone().into_boxed_slice());
    table.insert(key, leaked);
    leaked
}

fn interned<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    Ok(intern(&s))
}

fn interned_list<'de, D: Deserializer<'de>>(d: D) -> Result<&'static [&'static str], D::Error> {
    let v = Vec::<std::borrow::Cow<str>>::deserialize(d)?;
    let v: Vec<&str> = v.iter().map(|s| &**s).collect();
    Ok(intern_list(&v))
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        name: &'static str,
        traps: &'static [&'static str],
        severity: Severity,
        span: ByteSpan,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            name,
            traps,
            severity,
            span,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn with_label(mut self, span: ByteSpan, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// What renderers need to know about a rule (SARIF's `rules` array, `--format json` docs).
/// Filled by the rules crate from its registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Markdown documentation.
    pub doc: &'static str,
    pub severity: Severity,
    pub traps: &'static [&'static str],
}

impl Diagnostic {
    /// Adds a secondary label in place (for use on `&mut Diagnostic`).
    pub fn with_label_mut(&mut self, start: u32, end: u32, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label { span: ByteSpan::new(start, end), message: message.into() });
        self
    }
}

pub mod render;

pub use render::{ColorChoice, FileResult, RunInfo};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_round_trip_through_json() {
        let d = Diagnostic::new("GT024", "lock-order-inversion", &["T24"], Severity::Error, ByteSpan::new(10, 20), "m")
            .with_label(ByteSpan::new(1, 2), "held here")
            .with_help("take them in one order")
            .with_fix(Fix {
                message: "swap".into(),
                edits: vec![Edit { span: ByteSpan::new(3, 4), replacement: "x".into() }],
            });
        let plain = Diagnostic::new("E001", "syntax-error", &[], Severity::Warning, ByteSpan::new(0, 0), "e");
        for d in [d, plain] {
            let text = serde_json::to_string(&d).unwrap();
            let back: Diagnostic = serde_json::from_str(&text).unwrap();
            assert_eq!(back, d, "{text}");
        }
        // Read back twice, the strings are shared, not allocated per diagnostic.
        let text = r#"{"code":"GT001","name":"n","traps":["T01"],"severity":"info","span":[1,2],"message":"m"}"#;
        let (a, b): (Diagnostic, Diagnostic) =
            (serde_json::from_str(text).unwrap(), serde_json::from_str(text).unwrap());
        assert!(std::ptr::eq(a.code, b.code) && std::ptr::eq(a.traps, b.traps));
        assert!(serde_json::from_str::<Diagnostic>(&text.replace("[1,2]", "[2,1]")).is_err());
    }
}
