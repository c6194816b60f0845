//! The deep detectors: each reads the whole-package facts and reports findings that name
//! both sides (the blocked operation, and why nothing can complete it).

mod channels;
mod cond;
mod counting;
mod locks;
mod selfsend;
mod semaphore;
mod serving;
mod syntax;
mod timers;

use channels::{no_partner, partner_exits};
use counting::{buffer_against_sends, wait_before_drain, wait_inside_receive_loop, waitgroup_paths};
use locks::{callback_under_lock, cond_signal_unlocked, held_across_blocking, lock_order, map_order, reentrant};

use crate::facts::{Analysis, Loc, Op};
use crate::graph::{CallKind, FuncId};
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Detector {
    /// A channel operation, `Cond.Wait` or `<-ctx.Done()` nothing in the package can
    /// complete.
    NoPartner,
    /// Two locks taken in opposite orders across functions.
    LockOrder,
    /// A lock taken again, through calls, by the goroutine that holds it.
    Reentrant,
    /// A lock held across a blocking operation whose partner needs that lock.
    HeldAcrossBlocking,
    /// A send whose only receivers may stop receiving first.
    PartnerExits,
    /// Sends a channel's buffer cannot hold once its only receiver has stopped.
    BufferTooSmall,
    /// A path that leaves a WaitGroup's `Add` without its `Done`.
    DoneSkipped,
    /// A receive from a timer channel that can never deliver (an `AfterFunc` timer's
    /// nil `C`, a drain after the value was already taken).
    TimerChannel,
    /// A path that leaves an `io.Pipe` writer open while a goroutine reads the pipe.
    PipeLeftOpen,
    /// `WaitGroup.Wait` for senders on a channel received from only after the `Wait`.
    WaitBeforeDrain,
    /// A callback supplied from outside the package run while a lock is held that an
    /// exported method takes.
    CallbackUnderLock,
    /// A `Cond.Signal`/`Broadcast` nothing orders after the waiter's check (made
    /// without the Cond's lock).
    CondSignalUnlocked,
    /// A write to state a `Cond.Wait` loop's condition reads, with no Signal/Broadcast
    /// after it.
    CondStateWithoutWakeup,
    /// `Cond.Signal` on a Cond whose waiters wait for different conditions.
    CondSignalWrongWaiter,
    /// The goroutine that wakes a Cond's waiter ends (or wakes only once) leaving it
    /// asleep.
    CondWakerExits,
    /// A receive whose only wakeup sends are non-blocking sends on an unbuffered channel.
    LossyWakeupSend,
    /// A select whose every case is fed only by goroutines that return on a stop
    /// signal the select does not watch.
    SelectOutlivesSenders,
    /// A receive loop counting on senders that a dispatcher can stop starting early.
    DispatcherStopsEarly,
    /// A send on an unbuffered channel from inside the loop of its only receiver
    /// (through calls, or a callback the loop runs): the goroutine waits for itself.
    SelfSend,
    /// A path that returns holding a slot of a buffered channel used as a counting
    /// semaphore, where other paths give it back.
    PermitLeaked,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub detector: Detector,
    pub at: Loc,
    pub message: String,
    pub labels: Vec<(Loc, String)>,
    pub help: String,
}

/// An operation together with the function holding it.
pub(crate) struct Site<'a> {
    pub(crate) func: FuncId,
    pub(crate) op: &'a Op,
}

pub fn run(a: &Analysis) -> Vec<Finding> {
    let mut by_class: FxHashMap<u32, Vec<Site>> = FxHashMap::default();
    for (fi, facts) in a.facts.iter().enumerate() {
        for op in &facts.ops {
            by_class.entry(a.g.u.root(op.class)).or_default().push(Site { func: fi as FuncId, op });
        }
    }
    let mut spawned = vec![false; a.g.funcs.len()];
    for c in &a.g.calls {
        if c.kind == CallKind::Go {
            for &f in &c.callees {
                spawned[f as usize] = true;
            }
        }
    }
    let mut out = Vec::new();
    let callers = channels::Callers::new(a);
    no_partner(a, &by_class, &spawned, &callers, &mut out);
    partner_exits(a, &by_class, &callers, &mut out);
    reentrant(a, &by_class, &mut out);
    lock_order(a, &mut out);
    map_order(a, &mut out);
    held_across_blocking(a, &by_class, &mut out);
    buffer_against_sends(a, &by_class, &mut out);
    waitgroup_paths(a, &by_class, &spawned, &mut out);
    timers::timer_channels(a, &mut out);
    timers::pipe_writer_paths(a, &mut out);
    wait_before_drain(a, &by_class, &mut out);
    wait_inside_receive_loop(a, &by_class, &mut out);
    callback_under_lock(a, &by_class, &mut out);
    cond_signal_unlocked(a, &by_class, &mut out);
    cond::cond_wakeups(a, &by_class, &spawned, &mut out);
    serving::select_outlives_senders(a, &by_class, &mut out);
    serving::dispatcher_stops_early(a, &by_class, &mut out);
    selfsend::self_send(a, &by_class, &callers, &mut out);
    semaphore::permit_paths(a, &by_class, &mut out);
    out
}

pub(crate) fn name(a: &Analysis, l: Loc) -> String {
    a.text(l).split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn place(a: &Analysis, l: Loc) -> String {
    let f = &a.g.m.files()[l.file as usize];
    let (line, _) = line_col(&f.src, l.span.start);
    format!(
        "{}:{line}",
        a.g.m
            .pkg
            .file_paths
            .get(l.file as usize)
            .and_then(|p| p.file_name())
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    )
}

pub(crate) fn line_col(src: &str, off: u32) -> (usize, usize) {
    let before = &src[..(off as usize).min(src.len())];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (line, before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1)
}

pub(crate) fn func_name(a: &Analysis, f: FuncId) -> String {
    a.g.funcs[f as usize].name.clone()
}
