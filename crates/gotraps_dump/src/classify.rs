//! What each frame and bucket is: runtime, standard library or user code; what a goroutine is
//! blocked on (from the wait reason, or inferred from runtime/sync frames when the format has
//! none); where the user's code blocks.

use crate::intern::{FrameId, Tables};
use crate::snapshot::{Bucket, Snapshot};
use crate::text::{ELIDED, OTHER_THREAD};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Runtime,
    Std,
    User,
}

/// What a goroutine waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Block {
    ChanSend,
    ChanRecv,
    Select,
    NilChan,
    WaitGroup,
    Cond,
    Mutex,
    RLock,
    Lock,
    Semacquire,
    /// Parked inside runtime frames the format hid (debug=1).
    Parked,
    SelectNoCases,
    IoWait,
    Sleep,
    Syscall,
    Active,
    System,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Channel,
    Sync,
    Lock,
    Parked,
    Deliberate,
    Io,
    Sleep,
    Active,
    System,
    Unknown,
}

impl Block {
    pub fn category(self) -> Category {
        use Block::*;
        match self {
            ChanSend | ChanRecv | Select | NilChan => Category::Channel,
            WaitGroup | Cond => Category::Sync,
            Mutex | RLock | Lock | Semacquire => Category::Lock,
            Parked => Category::Parked,
            SelectNoCases => Category::Deliberate,
            IoWait => Category::Io,
            Sleep => Category::Sleep,
            Syscall | Active => Category::Active,
            System => Category::System,
            Unknown => Category::Unknown,
        }
    }

    /// How strongly goroutines parked this way point at a bug (see docs/goroutines.md).
    pub fn weight(self) -> f64 {
        match self.category() {
            Category::Channel | Category::Sync | Category::Lock => 1.0,
            Category::Parked => 0.8,
            Category::Unknown => 0.5,
            Category::Io | Category::Deliberate => 0.2,
            Category::Sleep => 0.05,
            Category::Active => 0.02,
            Category::System => 0.0,
        }
    }

    /// The runtime's wording for this wait (used when the format printed none).
    pub fn reason(self) -> &'static str {
        use Block::*;
        match self {
            ChanSend => "chan send",
            ChanRecv => "chan receive",
            Select => "select",
            NilChan => "chan send/receive (nil chan)",
            WaitGroup => "sync.WaitGroup.Wait",
            Cond => "sync.Cond.Wait",
            Mutex => "sync.Mutex.Lock",
            RLock => "sync.RWMutex.RLock",
            Lock => "sync.RWMutex.Lock",
            Semacquire => "semacquire",
            Parked => "parked (runtime frames hidden)",
            SelectNoCases => "select (no cases)",
            IoWait => "IO wait",
            Sleep => "sleep",
            Syscall => "syscall",
            Active => "running",
            System => "runtime",
            Unknown => "unknown",
        }
    }
}

/// Maps a printed status or wait reason to a [`Block`].
pub fn block_of_reason(reason: &str) -> Block {
    let r = reason
        .strip_suffix(" (durable)")
        .or_else(|| reason.strip_suffix(" (synctest)"))
        .or_else(|| reason.strip_suffix(" (leaked)"))
        .unwrap_or(reason);
    match r {
        "chan send" => Block::ChanSend,
        "chan receive" => Block::ChanRecv,
        "select" => Block::Select,
        "chan send (nil chan)" | "chan receive (nil chan)" => Block::NilChan,
        "select (no cases)" => Block::SelectNoCases,
        "sync.WaitGroup.Wait" => Block::WaitGroup,
        "sync.Cond.Wait" => Block::Cond,
        "sync.Mutex.Lock" => Block::Mutex,
        "sync.RWMutex.RLock" => Block::RLock,
        "sync.RWMutex.Lock" => Block::Lock,
        "semacquire" => Block::Semacquire,
        "IO wait" => Block::IoWait,
        "sleep" => Block::Sleep,
        "syscall" => Block::Syscall,
        "running" | "runnable" | "preempted" | "copystack" => Block::Active,
        "idle"
        | "dead"
        | "GC assist marking"
        | "garbage collection"
        | "garbage collection scan"
        | "GC assist wait"
        | "GC sweep wait"
        | "GC scavenge wait"
        | "finalizer wait"
        | "force gc (idle)"
        | "GOMAXPROCS updater (idle)"
        | "trace reader (blocked)"
        | "wait for GC cycle"
        | "GC worker (idle)"
        | "GC worker (active)"
        | "debug call"
        | "GC mark termination"
        | "stopping the world"
        | "flushing proc caches"
        | "trace goroutine status"
        | "trace proc status"
        | "page trace flush"
        | "coroutine"
        | "GC weak to strong wait"
        | "cleanup wait"
        | "dumping heap"
        | "panicwait" => Block::System,
        _ => Block::Unknown,
    }
}

/// Infers the wait from the functions on the stack (leaf first).
pub fn block_of_frames(t: &Tables, frames: &[FrameId]) -> Option<Block> {
    for &f in frames {
        let b = match t.func(f) {
            "runtime.chansend1" | "runtime.chansend" => Block::ChanSend,
            "runtime.chanrecv1" | "runtime.chanrecv2" | "runtime.chanrecv" => Block::ChanRecv,
            "runtime.selectgo" => Block::Select,
            "runtime.block" => Block::SelectNoCases,
            "sync.(*WaitGroup).Wait" => Block::WaitGroup,
            "sync.(*Cond).Wait" => Block::Cond,
            "sync.(*Mutex).Lock" | "sync.(*Mutex).lockSlow" | "internal/sync.(*Mutex).lockSlow" => Block::Mutex,
            "sync.(*RWMutex).RLock" => Block::RLock,
            "sync.(*RWMutex).Lock" => Block::Lock,
            "internal/poll.runtime_pollWait" => Block::IoWait,
            "time.Sleep" => Block::Sleep,
            "syscall.Syscall"
            | "syscall.Syscall6"
            | "syscall.RawSyscall"
            | "syscall.RawSyscall6"
            | "internal/runtime/syscall.Syscall6" => Block::Syscall,
            "runtime/pprof.writeRuntimeProfile"
            | "runtime/pprof.writeGoroutineStacks"
            | "runtime.Stack"
            | "runtime.goroutineProfileWithLabels" => Block::Active,
            _ => continue,
        };
        return Some(b);
    }
    None
}

/// Per-frame origin for one snapshot, plus the GOROOT it inferred.
pub struct Classifier {
    origin: Vec<Origin>,
    pub goroot_src: Option<String>,
}

/// Import path of a Go function symbol: `net/http.(*conn).serve` → `net/http`.
pub fn package_of(func: &str) -> &str {
    let slash = func.rfind('/').map_or(0, |i| i + 1);
    match func[slash..].find('.') {
        Some(i) => &func[..slash + i],
        None => func,
    }
}

fn looks_std_package(pkg: &str) -> bool {
    let first = pkg.split('/').next().unwrap_or("");
    !first.contains('.') && pkg != "main" && !first.is_empty()
}

impl Classifier {
    pub fn new(t: &Tables) -> Classifier {
        // GOROOT: the prefix before /src/<pkg>/ for frames of standard-looking packages.
        let mut counts: Vec<(String, u32)> = Vec::new();
        for id in 0..t.frame_count() as FrameId {
            let (func, file) = (t.func(id), t.file(id));
            let pkg = package_of(func);
            if !looks_std_package(pkg) {
                continue;
            }
            if let Some(i) = file.find(&format!("/src/{pkg}/")) {
                let prefix = &file[..i + 5];
                match counts.iter_mut().find(|(p, _)| p == prefix) {
                    Some(c) => c.1 += 1,
                    None => counts.push((prefix.to_string(), 1)),
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let goroot_src = counts.into_iter().next().map(|c| c.0);
        let origin = (0..t.frame_count() as FrameId).map(|id| Self::origin_of(t, id, goroot_src.as_deref())).collect();
        Classifier { origin, goroot_src }
    }

    fn origin_of(t: &Tables, id: FrameId, goroot_src: Option<&str>) -> Origin {
        let (func, file) = (t.func(id), t.file(id));
        if func.starts_with("runtime.") || func.starts_with("internal/runtime/") {
            return Origin::Runtime;
        }
        if func == ELIDED || func == OTHER_THREAD || file == "_testmain.go" || file.ends_with("/_testmain.go") {
            return Origin::Std;
        }
        if let Some(root) = goroot_src {
            if file.starts_with(root) {
                return Origin::Std;
            }
            if file.starts_with('/') || file.as_bytes().get(1) == Some(&b':') {
                return Origin::User;
            }
        }
        if looks_std_package(package_of(func)) {
            Origin::Std
        } else {
            Origin::User
        }
    }

    pub fn origin(&self, f: FrameId) -> Origin {
        self.origin.get(f as usize).copied().unwrap_or(Origin::User)
    }

    /// Index (in `frames`) of the first frame in user code.
    pub fn first_user(&self, frames: &[FrameId]) -> Option<usize> {
        frames.iter().position(|&f| self.origin(f) == Origin::User)
    }
}

/// What the analysis knows about one bucket.
#[derive(Clone, Debug)]
pub struct BucketInfo {
    pub block: Block,
    /// Wait reason as printed, or the inferred one.
    pub reason: String,
    pub reason_inferred: bool,
    /// First user frame: where the user's code waits.
    pub user_site: Option<FrameId>,
    /// User code waits directly (chan op, select, sync primitive, sleep) rather than inside a
    /// library call (net/http, testing, bufio ...).
    pub direct: bool,
    /// Only runtime frames: a runtime-internal goroutine.
    pub system: bool,
    /// Position in a net/http client connection loop, if any.
    pub conn_loop: Option<ConnLoop>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnLoop {
    /// `persistConn.readLoop` waiting for the response body to be read or closed.
    ReadAwaitingBody(FrameId),
    /// `persistConn.readLoop` reading the idle connection (normal pooled connection).
    ReadIdle(FrameId),
    /// `persistConn.writeLoop` (two per live connection).
    Write(FrameId),
}

fn sync_like(func: &str) -> bool {
    func.starts_with("sync.") || func.starts_with("internal/sync.") || func == "time.Sleep"
}

pub fn bucket_info(s: &Snapshot, c: &Classifier, b: &Bucket) -> BucketInfo {
    let t = &s.tables;
    let printed = s.state_str(b);
    let from_frames = block_of_frames(t, &b.frames);
    let (mut block, reason, inferred) = match printed {
        Some(r) => (block_of_reason(r), r.to_string(), false),
        None => {
            let blk = match from_frames {
                Some(x) => x,
                None if b.hidden_runtime => Block::Parked,
                None => Block::Unknown,
            };
            (blk, blk.reason().to_string(), true)
        }
    };
    if block == Block::Semacquire {
        if let Some(x @ (Block::WaitGroup | Block::Cond | Block::Mutex | Block::RLock | Block::Lock)) = from_frames {
            block = x;
        }
    }
    let system = !b.frames.is_empty() && b.frames.iter().all(|&f| c.origin(f) == Origin::Runtime);
    if system && matches!(block.category(), Category::Unknown | Category::Parked) {
        block = Block::System;
    }
    let user = c.first_user(&b.frames);
    let direct = match user {
        Some(i) => b.frames[..i].iter().all(|&f| c.origin(f) == Origin::Runtime || sync_like(t.func(f))),
        None => false,
    };
    let mut conn_loop = None;
    for (i, &f) in b.frames.iter().enumerate() {
        match t.func(f) {
            "net/http.(*persistConn).readLoop" => {
                let idle = b.frames[..i].iter().any(|&g| {
                    let n = t.func(g);
                    n.starts_with("bufio.") || n.starts_with("internal/poll.") || n.starts_with("net.")
                }) || block == Block::IoWait;
                conn_loop = Some(if idle { ConnLoop::ReadIdle(f) } else { ConnLoop::ReadAwaitingBody(f) });
                break;
            }
            "net/http.(*persistConn).writeLoop" => {
                conn_loop = Some(ConnLoop::Write(f));
                break;
            }
            _ => {}
        }
    }
    BucketInfo {
        block,
        reason,
        reason_inferred: inferred,
        user_site: user.map(|i| b.frames[i]),
        direct,
        system,
        conn_loop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_and_packages() {
        assert_eq!(block_of_reason("chan send (durable)"), Block::ChanSend);
        assert_eq!(block_of_reason("chan receive (leaked)"), Block::ChanRecv);
        assert_eq!(block_of_reason("GC sweep wait"), Block::System);
        assert_eq!(block_of_reason("waiting for godot"), Block::Unknown);
        assert_eq!(package_of("net/http.(*conn).serve"), "net/http");
        assert_eq!(package_of("gotraps.test/leaky/scenarios.ABBA.func1"), "gotraps.test/leaky/scenarios");
        assert_eq!(package_of("main.main"), "main");
        assert!(looks_std_package("net/http") && !looks_std_package("main") && !looks_std_package("github.com/x/y"));
    }

    #[test]
    fn origins_with_inferred_goroot() {
        let mut t = Tables::default();
        let std = t.frame(b"net/http.(*conn).serve", b"/opt/go/src/net/http/server.go", 1);
        let user = t.frame(b"leaky/worker.run", b"/home/u/leaky/worker/w.go", 2);
        let rt = t.frame(b"runtime.gopark", b"/opt/go/src/runtime/proc.go", 3);
        let c = Classifier::new(&t);
        assert_eq!(c.goroot_src.as_deref(), Some("/opt/go/src/"));
        assert_eq!(c.origin(std), Origin::Std);
        // dot-less module path outside GOROOT is still user code
        assert_eq!(c.origin(user), Origin::User);
        assert_eq!(c.origin(rt), Origin::Runtime);
    }
}
