package fixed

import "time"

type Logging interface {
	Logf(format string, args ...any)
}

type request struct {
	id  int
	oid string
}

type Engine struct {
	log     Logging
	quit    chan struct{}
	done    chan struct{}
	pending map[int]request
}

func NewEngine(log Logging) *Engine {
	return &Engine{log: log, quit: make(chan struct{}), done: make(chan struct{}), pending: map[int]request{}}
}

func (e *Engine) Run() {
	defer close(e.done)
	for {
		select {
		case <-e.quit:
			e.teardown()
			return
		case <-time.After(time.Millisecond):
		}
	}
}

func (e *Engine) teardown() {
	time.Sleep(50 * time.Millisecond) // closes the UDP transport
	e.log.Logf("engine: teardown with %d pending requests", len(e.pending))
}

func (e *Engine) Close() {
	close(e.quit)
	<-e.done
}
