package worker

import (
	"bufio"
	"context"
	"io"
	"sync"
)

// Tailer streams the lines of a log to whoever ranges over Lines. Its reader
// goroutine stops on Close but never closes lines: a consumer ranging over
// Lines waits forever once the reader is gone.
type Tailer struct {
	lines chan string
	stop  chan struct{}
	once  sync.Once
}

func NewTailer(r io.Reader) *Tailer {
	t := &Tailer{lines: make(chan string, 16), stop: make(chan struct{})}
	go t.read(bufio.NewScanner(r))
	return t
}

func (t *Tailer) Lines() <-chan string { return t.lines }

func (t *Tailer) read(sc *bufio.Scanner) {
	for sc.Scan() {
		select {
		case t.lines <- sc.Text():
		case <-t.stop:
			return
		}
	}
}

func (t *Tailer) Close() { t.once.Do(func() { close(t.stop) }) }

func countLines(t *Tailer) int {
	n := 0
	for range t.Lines() { // want `GT403 channel-without-partner: .range. over .t\.Lines\(\). never ends: its only senders run in the goroutine .read. started at lifecycle.go:\d+, which can return at lifecycle.go:\d+ without closing it`
		n++
	}
	return n
}

// Follower is the same stream with the close where the sender ends.
type Follower struct {
	lines chan string
	stop  chan struct{}
}

func NewFollower(r io.Reader) *Follower {
	f := &Follower{lines: make(chan string), stop: make(chan struct{})}
	go f.read(bufio.NewScanner(r))
	return f
}

func (f *Follower) Lines() <-chan string { return f.lines }

func (f *Follower) read(sc *bufio.Scanner) {
	defer close(f.lines)
	for sc.Scan() {
		select {
		case f.lines <- sc.Text():
		case <-f.stop:
			return
		}
	}
}

func (f *Follower) Stop() { close(f.stop) }

func countFollowed(f *Follower) int {
	n := 0
	for range f.Lines() { // the reader closes lines on every exit
		n++
	}
	return n
}

// Bus: anyone may publish at any time, so a subscriber ranging over the feed is
// a long-lived consumer, not a hang.
type Bus struct {
	feed chan string
}

func NewBus() *Bus { return &Bus{feed: make(chan string)} }

func (b *Bus) Publish(s string) { b.feed <- s }

func (b *Bus) consume(handle func(string)) {
	for s := range b.feed {
		handle(s)
	}
}

// Crawler starts a fixed set of fetchers and stops them with a single send:
// one fetcher takes it, the others wait for it forever.
type Crawler struct {
	quit  chan struct{}
	urls  chan string
	wg    sync.WaitGroup
	fetch func(string)
}

func NewCrawler(fetch func(string)) *Crawler {
	return &Crawler{quit: make(chan struct{}), urls: make(chan string), fetch: fetch}
}

func (c *Crawler) Start(n int) {
	for i := 0; i < n; i++ {
		c.wg.Add(1)
		go c.fetcher()
	}
}

func (c *Crawler) fetcher() {
	defer c.wg.Done()
	for {
		select {
		case <-c.quit:
			return
		case u := <-c.urls:
			c.fetch(u)
		}
	}
}

func (c *Crawler) Stop() {
	c.quit <- struct{}{} // want `GT403 channel-without-partner: one send on .c\.quit. wakes only one of the goroutines running .fetcher. \(started in a loop at lifecycle.go:\d+\): every other one waits on .c\.quit. forever`
	c.wg.Wait()
}

// Spider stops its fetchers by closing quit, which wakes every one of them.
type Spider struct {
	quit chan struct{}
	urls chan string
	wg   sync.WaitGroup
}

func NewSpider() *Spider { return &Spider{quit: make(chan struct{}), urls: make(chan string)} }

func (s *Spider) Start(n int) {
	for i := 0; i < n; i++ {
		s.wg.Add(1)
		go s.fetcher()
	}
}

func (s *Spider) fetcher() {
	defer s.wg.Done()
	for {
		select {
		case <-s.quit:
			return
		case u := <-s.urls:
			_ = u
		}
	}
}

func (s *Spider) Stop() {
	close(s.quit)
	s.wg.Wait()
}

// Reaper has one janitor goroutine: a single send stops it.
type Reaper struct {
	quit chan struct{}
}

func NewReaper() *Reaper {
	r := &Reaper{quit: make(chan struct{})}
	go r.janitor()
	return r
}

func (r *Reaper) janitor() {
	<-r.quit
}

func (r *Reaper) Stop() { r.quit <- struct{}{} }

// Indexer runs with a context; the convenience entry point passes one nothing
// cancels, so the watcher goroutine it starts never ends.
type Indexer struct {
	stopped chan struct{}
}

func (ix *Indexer) Rebuild(docs []string) int {
	return ix.RebuildContext(context.Background(), docs)
}

func (ix *Indexer) RebuildContext(ctx context.Context, docs []string) int {
	ix.stopped = make(chan struct{})
	go func() {
		<-ctx.Done() // want `GT403 channel-without-partner: .<-ctx\.Done\(\). blocks forever when .RebuildContext. is called from .Rebuild. \(lifecycle.go:\d+\): .ctx. is then .context\.Background\(\)., which nothing can cancel`
		close(ix.stopped)
	}()
	n := 0
	for range docs {
		n++
	}
	return n
}

// Compactor's wrapper passes its caller's context on, and the worker derives a
// context it cancels itself.
type Compactor struct{}

func (c *Compactor) Compact(ctx context.Context) { c.compact(ctx) }

func (c *Compactor) compact(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
	}()
}

func compactAll() {
	var c Compactor
	c.compact(context.Background())
}

// Agent's helper waits for a shutdown channel the package never makes, sends
// on or closes: one helper per query stays parked forever.
type Agent struct {
	shutdownCh chan struct{}
	query      func(ctx context.Context) error
}

func (a *Agent) runQuery() error {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-a.shutdownCh // want `GT403 channel-without-partner: receive from .a\.shutdownCh. blocks forever: nothing in the package sends on it or closes it`
		cancel()
	}()
	return a.query(ctx)
}
