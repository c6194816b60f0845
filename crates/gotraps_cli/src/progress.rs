//! A one-line progress indicator on stderr for long interactive runs: `[312/1406]
//! packages`. Only for a terminal and the human format (the caller decides) and runs
//! with many packages; it redraws at most ten times a second and erases itself before the
//! findings are printed.

use gotraps_cli::driver::ProgressFn;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Fewer packages than this finish too fast to need a progress line.
const MIN_PACKAGES: usize = 20;
const REDRAW: Duration = Duration::from_millis(100);

pub struct Progress {
    state: Arc<State>,
}

struct State {
    started: Instant,
    /// Milliseconds since `started` of the last redraw.
    last_draw: AtomicU64,
    drawn: AtomicBool,
}

impl Progress {
    pub fn new() -> Progress {
        Progress {
            state: Arc::new(State {
                started: Instant::now(),
                last_draw: AtomicU64::new(0),
                drawn: AtomicBool::new(false),
            }),
        }
    }

    pub fn callback(&self) -> ProgressFn {
        let state = self.state.clone();
        Arc::new(move |done, total| {
            if total < MIN_PACKAGES {
                return;
            }
            // Milliseconds, plus one so that the first call always draws.
            let now_ms = state.started.elapsed().as_millis() as u64 + 1 + REDRAW.as_millis() as u64;
            let last = state.last_draw.load(Ordering::Relaxed);
            if done < total && now_ms < last + REDRAW.as_millis() as u64 {
                return;
            }
            if state.last_draw.compare_exchange(last, now_ms, Ordering::Relaxed, Ordering::Relaxed).is_err() {
                return;
            }
            state.drawn.store(true, Ordering::Relaxed);
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K[{done}/{total}] packages checked");
            let _ = err.flush();
        })
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.state.drawn.load(Ordering::Relaxed) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}
