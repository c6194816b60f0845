//! Test tooling: compares the model with the go/types oracle dump of
//! `tools/gotypesdump` (used by `scripts/oracle-types` and the oracle tests).
//!
//! For every identifier go/types resolves, the model must find an object of the same
//! kind whose type prints the same in the canonical form (see `display.rs`).

use crate::{ObjKind, Program};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Entry {
    pub offset: u32,
    pub kind: String,
    pub typ: String,
}

pub struct Pkg {
    pub dir: PathBuf,
    pub path: String,
    pub files: Vec<(PathBuf, Vec<Entry>)>,
}

#[derive(Default)]
pub struct Tally {
    pub all: u64,
    pub all_ok: u64,
    pub conc: u64,
    pub conc_ok: u64,
    /// Cause -> (count, examples).
    pub causes: BTreeMap<String, (u64, Vec<String>)>,
}

impl Tally {
    pub fn merge(&mut self, t: Tally, examples: usize) {
        self.all += t.all;
        self.all_ok += t.all_ok;
        self.conc += t.conc;
        self.conc_ok += t.conc_ok;
        for (k, (n, ex)) in t.causes {
            let e = self.causes.entry(k).or_default();
            e.0 += n;
            for x in ex {
                if e.1.len() < examples {
                    e.1.push(x);
                }
            }
        }
    }

    pub fn concurrency_pct(&self) -> f64 {
        pct(self.conc_ok, self.conc)
    }

    pub fn all_pct(&self) -> f64 {
        pct(self.all_ok, self.all)
    }

    /// The human report; its last line is `agreement: concurrency P% all Q%`.
    pub fn report(&self, packages: usize, max_causes: usize) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let mut causes: Vec<_> = self.causes.iter().collect();
        causes.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let _ =
            writeln!(out, "packages: {packages}  identifiers: {}  differences: {}", self.all, self.all - self.all_ok);
        let _ = writeln!(out, "differences by cause:");
        for (cause, (n, ex)) in causes.iter().take(max_causes) {
            let _ = writeln!(out, "  {n:>8}  {cause}");
            for x in ex {
                let _ = writeln!(out, "              {x}");
            }
        }
        let _ =
            writeln!(out, "concurrency identifiers: {}/{}  all: {}/{}", self.conc_ok, self.conc, self.all_ok, self.all);
        let _ = writeln!(out, "agreement: concurrency {:.1}% all {:.1}%", self.concurrency_pct(), self.all_pct());
        out
    }
}

fn pct(a: u64, b: u64) -> f64 {
    if b == 0 {
        100.0
    } else {
        a as f64 * 100.0 / b as f64
    }
}

/// Checks every package of a dump with `prog` and tallies the agreement.
pub fn compare_dump(prog: &Program, pkgs: &[Pkg], examples: usize) -> Tally {
    let tallies: Vec<Tally> = pkgs.par_iter().map(|p| compare(prog, p, examples)).collect();
    let mut total = Tally::default();
    for t in tallies {
        total.merge(t, examples);
    }
    total
}

pub fn parse_dump(text: &str) -> Vec<Pkg> {
    let mut pkgs: Vec<Pkg> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("P ") {
            let (dir, path) = rest.rsplit_once(' ').unwrap_or((rest, ""));
            pkgs.push(Pkg { dir: dir.into(), path: path.into(), files: Vec::new() });
        } else if let Some(f) = line.strip_prefix("F ") {
            if let Some(p) = pkgs.last_mut() {
                p.files.push((f.into(), Vec::new()));
            }
        } else {
            let mut it = line.splitn(3, ' ');
            let (Some(off), Some(kind), Some(typ)) = (it.next(), it.next(), it.next()) else { continue };
            let Ok(offset) = off.parse() else { continue };
            if let Some((_, entries)) = pkgs.last_mut().and_then(|p| p.files.last_mut()) {
                entries.push(Entry { offset, kind: kind.into(), typ: typ.into() });
            }
        }
    }
    pkgs
}

/// Whether a type string involves channels or the concurrency-relevant packages.
pub fn is_concurrency(t: &str) -> bool {
    if t.contains("chan ") || t.contains("chan<-") {
        return true;
    }
    for pkg in ["sync.", "sync/atomic.", "context.", "time.", "net/http."] {
        let mut from = 0;
        while let Some(i) = t[from..].find(pkg) {
            let at = from + i;
            let prev = t[..at].chars().next_back();
            if prev.is_none_or(|c| !(c.is_alphanumeric() || c == '/' || c == '_' || c == '.')) {
                return true;
            }
            from = at + pkg.len();
        }
    }
    false
}

pub fn compare(prog: &Program, p: &Pkg, examples: usize) -> Tally {
    let mut t = Tally::default();
    let files: Vec<(PathBuf, Arc<gotraps_syntax::File>)> = p
        .files
        .iter()
        .map(|(path, _)| {
            let src = std::fs::read(path).unwrap_or_default();
            (path.clone(), Arc::new(gotraps_syntax::parse_file(&src)))
        })
        .collect();
    let srcs: Vec<Arc<gotraps_syntax::File>> = files.iter().map(|(_, f)| f.clone()).collect();
    let id = prog.add_target(&p.dir, Some(&p.path), files, None);
    let Some(model) = prog.check(id) else { return t };
    // The model's file order is the package's; map the dump's files onto it.
    for (fi, (path, entries)) in p.files.iter().enumerate() {
        let mfi = model.pkg.file_paths.iter().position(|q| q == path).unwrap_or(fi);
        for e in entries {
            let (kind, typ) = match model.object_at(mfi, e.offset) {
                Some(o) => {
                    let k = prog.obj(o).kind;
                    let ty = match k {
                        ObjKind::PkgName | ObjKind::Label | ObjKind::Builtin(_) => "-".to_owned(),
                        _ => prog.type_string(prog.obj_type(o)),
                    };
                    (k.dump_name().to_owned(), ty)
                }
                None => ("none".to_owned(), "-".to_owned()),
            };
            let conc = is_concurrency(&e.typ);
            t.all += 1;
            if conc {
                t.conc += 1;
            }
            if kind == e.kind && typ == e.typ {
                t.all_ok += 1;
                if conc {
                    t.conc_ok += 1;
                }
                continue;
            }
            let cause = classify(&e.kind, &e.typ, &kind, &typ);
            let entry = t.causes.entry(cause).or_default();
            entry.0 += 1;
            if entry.1.len() < examples {
                let name = ident_at(&srcs[fi], e.offset);
                entry.1.push(format!(
                    "{}:{} {name}: want {} {}, got {kind} {typ}",
                    path.display(),
                    line_of(&srcs[fi], e.offset),
                    e.kind,
                    e.typ
                ));
            }
        }
    }
    t
}

fn ident_at(f: &gotraps_syntax::File, off: u32) -> &str {
    let s = &f.src[(off as usize).min(f.src.len())..];
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    &s[..end]
}

fn line_of(f: &gotraps_syntax::File, off: u32) -> usize {
    f.src.as_bytes()[..(off as usize).min(f.src.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Groups a difference by its likely cause.
fn classify(want_kind: &str, want: &str, got_kind: &str, got: &str) -> String {
    if got_kind == "none" {
        return format!("unresolved {want_kind}");
    }
    if got_kind != want_kind {
        return format!("kind: want {want_kind}, got {got_kind}");
    }
    if got == "invalid type" {
        let shape = if want.starts_with("func") {
            "func"
        } else if want.contains('[') && !want.starts_with('[') && !want.starts_with("map[") {
            "generic instance"
        } else if want.starts_with("struct") {
            "struct"
        } else {
            "other"
        };
        return format!("unknown type ({want_kind}, want {shape})");
    }
    if got.contains("invalid type") {
        return format!("partly unknown type ({want_kind})");
    }
    if got.starts_with("untyped") != want.starts_with("untyped") {
        return format!("untyped vs typed ({want_kind})");
    }
    if got.contains("[?]") {
        return "array length not evaluated".into();
    }
    if want.contains('[')
        && (want.contains("func[") || got.contains('[') || want.contains(']'))
        && got != want
        && want.chars().filter(|&c| c == '[').count() != got.chars().filter(|&c| c == '[').count()
    {
        return format!("generics ({want_kind})");
    }
    format!("type mismatch ({want_kind})")
}
