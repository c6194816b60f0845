//! The trap rules: registry with docs, the per-file checker, suppressions, and one file per rule.

pub mod suppression;
