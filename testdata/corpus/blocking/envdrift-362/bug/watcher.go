package bug

import "sync"

type FileEvent struct {
	Path      string
	Operation string
}

// Watcher watches one project's files and reports changes on events.
type Watcher struct {
	fsEvents chan string // stands in for fsnotify's Events channel
	events   chan FileEvent
	done     chan struct{}
	stopOnce sync.Once
}

func NewWatcher() *Watcher {
	w := &Watcher{fsEvents: make(chan string), events: make(chan FileEvent, 100), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *Watcher) Events() <-chan FileEvent { return w.events }

func (w *Watcher) run() {
	for {
		select {
		case <-w.done:
			return // corpus:culprit
		case path := <-w.fsEvents:
			w.handleEvent(path)
		}
	}
}

func (w *Watcher) handleEvent(path string) {
	w.events <- FileEvent{Path: path, Operation: "WRITE"}
}

// Stop stops watching; the project was removed from the registry.
func (w *Watcher) Stop() {
	w.stopOnce.Do(func() { close(w.done) })
}

// Guardian forwards every project's events to the encryption checker.
type Guardian struct {
	out chan FileEvent
	wg  sync.WaitGroup
}

func (g *Guardian) forwardEvents(pw *Watcher) {
	defer g.wg.Done()
	for ev := range pw.Events() { // corpus:blocks
		g.out <- ev
	}
}
