//! The registry: every rule, one file each under `rules/`. Adding a rule = one file plus
//! one line here.

mod abandoned_send;
mod background_with_ctx_in_scope;
mod builtin_context_key;
mod defer_in_loop;
mod double_lock;
mod exit_after_defer;
mod go_in_defer;
mod goroutine_without_exit;
mod http_client_without_timeout;
mod ineffective_recover;
mod io_without_context;
mod leaky_timer_call;
mod lost_cancel;
mod range_unclosed_channel;
mod select_without_ctx_done;
mod server_without_signal_handling;
mod shutdown_without_deadline;
mod ticker_not_stopped;
mod unbuffered_signal_channel;

use crate::rule::Rule;

/// All rules, ordered by code.
pub static RULES: &[&Rule] = &[
    &goroutine_without_exit::GOROUTINE_WITHOUT_EXIT,
    &abandoned_send::ABANDONED_SEND,
    &range_unclosed_channel::RANGE_UNCLOSED_CHANNEL,
    &ticker_not_stopped::TICKER_NOT_STOPPED,
    &lost_cancel::LOST_CANCEL,
    &background_with_ctx_in_scope::BACKGROUND_WITH_CTX_IN_SCOPE,
    &select_without_ctx_done::SELECT_WITHOUT_CTX_DONE,
    &io_without_context::IO_WITHOUT_CONTEXT,
    &builtin_context_key::BUILTIN_CONTEXT_KEY,
    &go_in_defer::GO_IN_DEFER,
    &defer_in_loop::DEFER_IN_LOOP,
    &exit_after_defer::EXIT_AFTER_DEFER,
    &unbuffered_signal_channel::UNBUFFERED_SIGNAL_CHANNEL,
    &ineffective_recover::INEFFECTIVE_RECOVER,
    &double_lock::DOUBLE_LOCK,
    &leaky_timer_call::LEAKY_TIMER_CALL,
    &http_client_without_timeout::HTTP_CLIENT_WITHOUT_TIMEOUT,
    &shutdown_without_deadline::SHUTDOWN_WITHOUT_DEADLINE,
    &server_without_signal_handling::SERVER_WITHOUT_SIGNAL_HANDLING,
];

/// The rule with this code or name (case-insensitive).
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.is_named(key))
}
