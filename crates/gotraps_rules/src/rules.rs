//! The registry: every rule, one file each under `rules/`. Adding a rule = one file plus
//! one line here.

mod defer_in_loop;
mod exit_after_defer;
mod go_in_defer;
mod ineffective_recover;
mod unbuffered_signal_channel;

use crate::rule::Rule;

/// All rules, ordered by code.
pub static RULES: &[&Rule] = &[
    &go_in_defer::GO_IN_DEFER,
    &defer_in_loop::DEFER_IN_LOOP,
    &exit_after_defer::EXIT_AFTER_DEFER,
    &unbuffered_signal_channel::UNBUFFERED_SIGNAL_CHANNEL,
    &ineffective_recover::INEFFECTIVE_RECOVER,
];

/// The rule with this code or name (case-insensitive).
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.is_named(key))
}
