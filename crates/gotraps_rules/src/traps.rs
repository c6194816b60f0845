//! The trap catalog's IDs and titles (T01-T38 in source, D01-D06 in production), so that
//! docs and `gotraps rules` can say which rule stands for which trap.

/// (ID, one-line title) for every source trap.
pub static SOURCE_TRAPS: &[(&str, &str)] = &[
    ("T01", "unbounded goroutine spawning"),
    ("T02", "goroutine loop with no exit path"),
    ("T03", "goroutine blocked forever on a channel"),
    ("T04", "range over a channel nobody closes"),
    ("T05", "timers and tickers never stopped"),
    ("T06", "lost cancel"),
    ("T07", "broken context chain"),
    ("T08", "blocking select or loop ignoring ctx.Done()"),
    ("T09", "I/O with no deadline"),
    ("T10", "context.WithValue with a built-in key type"),
    ("T11", "go statement inside a deferred function"),
    ("T12", "deferred release of something a goroutine still uses"),
    ("T13", "defer inside a loop"),
    ("T14", "loop variable captured by go/defer closures (before Go 1.22)"),
    ("T15", "os.Exit / log.Fatal with pending defers"),
    ("T16", "signal handling: unbuffered Notify channel, no SIGTERM handling, Shutdown without deadline"),
    ("T17", "recover() that cannot recover"),
    ("T18", "worker goroutine that swallows panics"),
    ("T19", "errors dropped inside goroutines"),
    ("T20", "variable written in a goroutine without synchronisation"),
    ("T21", "map written from goroutines without a lock"),
    ("T22", "double lock"),
    ("T23", "lock not released on some path / unlock of an unheld lock"),
    ("T24", "locks taken in opposite orders"),
    ("T25", "lock or WaitGroup copied"),
    ("T26", "WaitGroup counted wrong"),
    ("T27", "send after close, double close"),
    ("T28", "operation on a nil channel"),
    ("T29", "lock held while blocking on a channel or Wait"),
    ("T30", "busy select loop with default"),
    ("T31", "response body not closed; client or transport per request"),
    ("T32", "shared transport with the default idle connections per host"),
    ("T33", "hard-coded GOMAXPROCS"),
    ("T34", "sync.Pool misuse"),
    ("T35", "lock held across sleep or I/O"),
    ("T36", "worker goroutines ignoring the group's context"),
    ("T37", "sync.Cond wait that nothing wakes, or a wakeup lost before it"),
    ("T38", "testing.T used from a goroutine that can outlive the test"),
];

/// Production traps and where gotraps handles them.
pub static PRODUCTION_TRAPS: &[(&str, &str, &str)] = &[
    ("D01", "goroutine count keeps growing", "`gotraps watch` (growth over polls)"),
    ("D02", "many goroutines parked at one site", "`gotraps goroutines` suspects"),
    ("D03", "stack groups that grew between two snapshots", "`gotraps goroutines --diff`"),
    ("D04", "mutex and block profiles", "`gotraps goroutines` (lock convoys)"),
    ("D05", "connections growing with parked net/http loops", "`gotraps goroutines` (connection-leak suspects)"),
    ("D06", "a dump suspect tied back to source", "`gotraps goroutines --source DIR`"),
];
