//! `gotraps rules` and `gotraps rule NAME`.

use clap::{Args, ValueEnum};
use gotraps_rules::{find_any, Rule, DRIVER_RULES, RULES};
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: ListFormat,
}

#[derive(Args)]
pub struct RuleArgs {
    /// Rule code (GT013) or name (defer-in-loop).
    rule: String,
}

/// Every registry entry: the selectable rules, then the driver's own findings.
fn all_rules() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().chain(DRIVER_RULES).copied()
}

/// Ends a command that printed to stdout: a reader that closed the pipe early (`| head`)
/// is not an error.
fn finish(result: std::io::Result<()>) -> ExitCode {
    match result.and_then(|_| std::io::stdout().lock().flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: writing output: {e}");
            ExitCode::from(2)
        }
    }
}

pub fn run_rules(args: RulesArgs) -> ExitCode {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = match args.format {
        ListFormat::Json => {
            let list: Vec<_> = all_rules()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "traps": r.traps,
                        "default": r.default_on,
                        "severity": r.severity.as_str(),
                        "fixable": r.fixable,
                        "summary": r.summary,
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&list).expect("rule list serializes");
            writeln!(out, "{text}")
        }
        ListFormat::Human => (|| {
            let width = all_rules().map(|r| r.name.len()).max().unwrap_or(0);
            for r in RULES {
                let flags =
                    format!("{}{}", if r.default_on { "on " } else { "opt" }, if r.fixable { " fix" } else { "    " });
                writeln!(
                    out,
                    "{}  {:width$}  {}  {:7}  {:<11}  {}",
                    r.code,
                    r.name,
                    flags,
                    r.severity.as_str(),
                    r.traps.join(","),
                    r.summary
                )?;
            }
            writeln!(out, "\nReported by check itself:")?;
            for r in DRIVER_RULES {
                writeln!(
                    out,
                    "{}   {:width$}  {:7}  {:7}  {:<11}  {}",
                    r.code,
                    r.name,
                    "",
                    r.severity.as_str(),
                    "",
                    r.summary
                )?;
            }
            writeln!(out, "\n{} rules. `gotraps rule NAME` prints one rule's documentation.", RULES.len())
        })(),
    };
    finish(result.and_then(|_| out.flush()))
}

/// The line under a rule's title: traps, severity, and how it is turned on.
fn status_line(r: &Rule) -> String {
    let traps = if r.traps.is_empty() { String::new() } else { format!("Traps: {}. ", r.traps.join(", ")) };
    let how = if DRIVER_RULES.iter().any(|d| d.code == r.code) {
        if r.default_on {
            "Always reported.".to_string()
        } else {
            "Reported with `--report-unused-suppressions`.".to_string()
        }
    } else if r.default_on {
        "On by default.".to_string()
    } else {
        format!("Opt-in: `--extend-select {}` (or `extend-select` in gotraps.toml).", r.name)
    };
    format!("{traps}Severity: {}. {how}", r.severity)
}

pub fn run_rule(args: RuleArgs) -> ExitCode {
    match find_any(&args.rule) {
        Some(r) => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let result = write!(out, "# {} {}\n\n{}\n\n{}\n\n{}", r.code, r.name, status_line(r), r.summary, r.doc);
            finish(result.and_then(|_| out.flush()))
        }
        None => {
            let close: Vec<_> =
                all_rules().map(|r| r.name).filter(|n| n.contains(args.rule.to_ascii_lowercase().as_str())).collect();
            eprintln!("error: no rule named `{}`", args.rule);
            if !close.is_empty() {
                eprintln!("  did you mean: {}", close.join(", "));
            }
            eprintln!("  `gotraps rules` lists all rules");
            ExitCode::from(2)
        }
    }
}
