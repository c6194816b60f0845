//! The registry: every rule, one file each under `rules/`. Adding a rule = one file plus
//! one line here.

mod abandoned_send;
mod background_with_ctx_in_scope;
mod buffer_smaller_than_sends;
mod builtin_context_key;
mod busy_select_loop;
mod channel_double_close;
mod channel_without_partner;
mod close_while_sending;
mod cond_signal_without_lock;
mod cond_signal_wrong_waiter;
mod cond_state_without_wakeup;
mod cond_waker_exits;
mod copied_lock;
mod defer_in_loop;
mod deferred_release_used_by_goroutine;
mod dispatcher_stops_early;
mod double_lock;
mod errgroup_ignores_context;
mod exec_buffer_read_while_running;
mod exit_after_defer;
mod go_discards_error;
mod go_in_defer;
mod goroutine_map_write;
mod goroutine_shared_write;
mod goroutine_without_exit;
mod hardcoded_gomaxprocs;
mod http_client_without_timeout;
mod idle_conns_per_host_default;
mod inconsistent_lockset;
mod ineffective_recover;
mod io_without_context;
mod leaky_timer_call;
mod lock_held_across_callback;
mod lock_held_across_io;
mod lock_held_blocks_partner;
mod lock_not_released;
mod lock_order_across_calls;
mod lock_order_inversion;
mod loop_var_captured;
mod lossy_wakeup_send;
mod lost_cancel;
mod mixed_atomic_access;
mod nil_channel_op;
mod pipe_writer_left_open;
mod pool_use_after_put;
mod range_unclosed_channel;
mod reentrant_lock_via_call;
mod response_body_not_closed;
mod select_outlives_senders;
mod select_without_ctx_done;
mod semaphore_slot_leaked;
mod send_after_receiver_left;
mod send_to_own_receiver;
mod server_without_signal_handling;
mod shutdown_without_deadline;
mod swallowed_panic_in_worker;
mod testing_t_after_test;
mod ticker_not_stopped;
mod timer_channel_never_delivers;
mod unbounded_go_in_loop;
mod unbuffered_signal_channel;
mod unlock_of_unlocked;
mod unsynchronized_shared_access;
mod wait_before_drain;
mod waitgroup_add_in_goroutine;
mod waitgroup_add_races_wait;
mod waitgroup_done_skipped;
mod waitgroup_done_without_add;

use crate::rule::Rule;

/// All rules, ordered by code.
pub static RULES: &[&Rule] = &[
    &unbounded_go_in_loop::UNBOUNDED_GO_IN_LOOP,
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
    &deferred_release_used_by_goroutine::DEFERRED_RELEASE_USED_BY_GOROUTINE,
    &defer_in_loop::DEFER_IN_LOOP,
    &loop_var_captured::LOOP_VAR_CAPTURED,
    &exit_after_defer::EXIT_AFTER_DEFER,
    &unbuffered_signal_channel::UNBUFFERED_SIGNAL_CHANNEL,
    &ineffective_recover::INEFFECTIVE_RECOVER,
    &swallowed_panic_in_worker::SWALLOWED_PANIC_IN_WORKER,
    &go_discards_error::GO_DISCARDS_ERROR,
    &goroutine_shared_write::GOROUTINE_SHARED_WRITE,
    &goroutine_map_write::GOROUTINE_MAP_WRITE,
    &double_lock::DOUBLE_LOCK,
    &lock_not_released::LOCK_NOT_RELEASED,
    &lock_order_inversion::LOCK_ORDER_INVERSION,
    &copied_lock::COPIED_LOCK,
    &waitgroup_add_in_goroutine::WAITGROUP_ADD_IN_GOROUTINE,
    &channel_double_close::CHANNEL_DOUBLE_CLOSE,
    &nil_channel_op::NIL_CHANNEL_OP,
    &busy_select_loop::BUSY_SELECT_LOOP,
    &response_body_not_closed::RESPONSE_BODY_NOT_CLOSED,
    &idle_conns_per_host_default::IDLE_CONNS_PER_HOST_DEFAULT,
    &hardcoded_gomaxprocs::HARDCODED_GOMAXPROCS,
    &pool_use_after_put::POOL_USE_AFTER_PUT,
    &lock_held_across_io::LOCK_HELD_ACROSS_IO,
    &errgroup_ignores_context::ERRGROUP_IGNORES_CONTEXT,
    &unsynchronized_shared_access::UNSYNCHRONIZED_SHARED_ACCESS,
    &inconsistent_lockset::INCONSISTENT_LOCKSET,
    &mixed_atomic_access::MIXED_ATOMIC_ACCESS,
    &close_while_sending::CLOSE_WHILE_SENDING,
    &waitgroup_add_races_wait::WAITGROUP_ADD_RACES_WAIT,
    &waitgroup_done_without_add::WAITGROUP_DONE_WITHOUT_ADD,
    &testing_t_after_test::TESTING_T_AFTER_TEST,
    &exec_buffer_read_while_running::EXEC_BUFFER_READ_WHILE_RUNNING,
    &leaky_timer_call::LEAKY_TIMER_CALL,
    &http_client_without_timeout::HTTP_CLIENT_WITHOUT_TIMEOUT,
    &shutdown_without_deadline::SHUTDOWN_WITHOUT_DEADLINE,
    &unlock_of_unlocked::UNLOCK_OF_UNLOCKED,
    &server_without_signal_handling::SERVER_WITHOUT_SIGNAL_HANDLING,
    &channel_without_partner::CHANNEL_WITHOUT_PARTNER,
    &send_to_own_receiver::SEND_TO_OWN_RECEIVER,
    &reentrant_lock_via_call::REENTRANT_LOCK_VIA_CALL,
    &lock_order_across_calls::LOCK_ORDER_ACROSS_CALLS,
    &lock_held_across_callback::LOCK_HELD_ACROSS_CALLBACK,
    &cond_signal_without_lock::COND_SIGNAL_WITHOUT_LOCK,
    &cond_state_without_wakeup::COND_STATE_WITHOUT_WAKEUP,
    &cond_signal_wrong_waiter::COND_SIGNAL_WRONG_WAITER,
    &lock_held_blocks_partner::LOCK_HELD_BLOCKS_PARTNER,
    &buffer_smaller_than_sends::BUFFER_SMALLER_THAN_SENDS,
    &waitgroup_done_skipped::WAITGROUP_DONE_SKIPPED,
    &timer_channel_never_delivers::TIMER_CHANNEL_NEVER_DELIVERS,
    &pipe_writer_left_open::PIPE_WRITER_LEFT_OPEN,
    &wait_before_drain::WAIT_BEFORE_DRAIN,
    &semaphore_slot_leaked::SEMAPHORE_SLOT_LEAKED,
    &cond_waker_exits::COND_WAKER_EXITS,
    &lossy_wakeup_send::LOSSY_WAKEUP_SEND,
    &send_after_receiver_left::SEND_AFTER_RECEIVER_LEFT,
    &select_outlives_senders::SELECT_OUTLIVES_SENDERS,
    &dispatcher_stops_early::DISPATCHER_STOPS_EARLY,
];

/// The findings the check driver reports itself (E001, S001, S002): documented like
/// rules, always on, not selectable.
pub static DRIVER_RULES: &[&Rule] = &[
    &crate::driver_rules::SYNTAX_ERROR,
    &crate::driver_rules::UNUSED_SUPPRESSION,
    &crate::driver_rules::INVALID_SUPPRESSION,
];

/// The selectable rule with this code or name (case-insensitive).
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.is_named(key))
}

/// A rule that was removed: its code and name still parse in selections and
/// suppressions (selecting nothing), so configurations that name it keep working.
pub struct Retired {
    pub code: &'static str,
    pub name: &'static str,
    pub replaced_by: &'static str,
}

/// Removed rules; codes are never reused.
pub static RETIRED: &[Retired] =
    &[Retired { code: "GT029", name: "lock-held-across-channel-op", replaced_by: "GT429" }];

/// The retired rule with this code or name (case-insensitive).
pub fn retired(key: &str) -> Option<&'static Retired> {
    RETIRED.iter().find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

/// Any registry entry with this code or name, the driver's E001/S001/S002 included.
pub fn find_any(key: &str) -> Option<&'static Rule> {
    find(key).or_else(|| DRIVER_RULES.iter().copied().find(|r| r.is_named(key)))
}
