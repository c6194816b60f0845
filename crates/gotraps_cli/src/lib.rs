//! The library side of the `gotraps` command: the check [`driver`] (options in, findings
//! out) that the command line and the language server share, and its result [`cache`].

pub mod cache;
pub mod driver;
mod fix;

pub use driver::{check, CheckOptions, CheckResult, FileReport, UsageError};
