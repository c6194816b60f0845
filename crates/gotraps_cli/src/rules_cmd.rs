//! `gotraps rules` and `gotraps rule NAME`.

use clap::{Args, ValueEnum};
use gotraps_rules::{find, RULES};
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

pub fn run_rules(args: RulesArgs) -> ExitCode {
    match args.format {
        ListFormat::Json => {
            let list: Vec<_> = RULES
                .iter()
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
            println!("{}", serde_json::to_string_pretty(&list).expect("rule list serializes"));
        }
        ListFormat::Human => {
            let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
            for r in RULES {
                let flags =
                    format!("{}{}", if r.default_on { "on " } else { "opt" }, if r.fixable { " fix" } else { "    " });
                println!(
                    "{}  {:width$}  {}  {:7}  {:<11}  {}",
                    r.code,
                    r.name,
                    flags,
                    r.severity.as_str(),
                    r.traps.join(","),
                    r.summary
                );
            }
            println!("\n{} rules. `gotraps rule NAME` prints one rule's documentation.", RULES.len());
        }
    }
    ExitCode::SUCCESS
}

pub fn run_rule(args: RuleArgs) -> ExitCode {
    match find(&args.rule) {
        Some(r) => {
            println!("# {} {}\n", r.code, r.name);
            println!(
                "Traps: {}. Severity: {}. {}{}\n",
                r.traps.join(", "),
                r.severity,
                if r.default_on { "On by default." } else { "Opt-in (`--select " },
                if r.default_on { String::new() } else { format!("{}`).", r.name) }
            );
            println!("{}", r.summary);
            println!();
            print!("{}", r.doc);
            ExitCode::SUCCESS
        }
        None => {
            let names: Vec<_> = RULES.iter().map(|r| r.name).collect();
            let close: Vec<_> =
                names.iter().filter(|n| n.contains(args.rule.to_ascii_lowercase().as_str())).copied().collect();
            eprintln!("error: no rule named `{}`", args.rule);
            if !close.is_empty() {
                eprintln!("  did you mean: {}", close.join(", "));
            }
            eprintln!("  `gotraps rules` lists all rules");
            ExitCode::from(2)
        }
    }
}
