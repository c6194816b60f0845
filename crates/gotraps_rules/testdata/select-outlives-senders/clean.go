package scraper

import (
	"context"
	"errors"
	"time"
)

var ErrStopped = errors.New("stopped")

// The waiter also watches the stop channel: after Stop it returns.
type Poller struct {
	updates chan int
	errs    chan error
	stop    chan struct{}
}

func NewPoller() *Poller {
	p := &Poller{updates: make(chan int), errs: make(chan error), stop: make(chan struct{})}
	go p.run()
	return p
}

func (p *Poller) run() {
	for i := 0; ; i++ {
		select {
		case p.updates <- i:
		case <-p.stop:
			return
		}
	}
}

func (p *Poller) Wait() (int, error) {
	select {
	case v := <-p.updates:
		return v, nil
	case err := <-p.errs:
		return 0, err
	case <-p.stop:
		return 0, ErrStopped
	}
}

func (p *Poller) Stop() { close(p.stop) }

// The dispatcher's cancel path closes the result channel: the waiter wakes up.
type Dispatcher struct {
	results chan string
	errs    chan error
	cancel  chan struct{}
}

func NewDispatcher(jobs []string) *Dispatcher {
	d := &Dispatcher{results: make(chan string), errs: make(chan error), cancel: make(chan struct{})}
	go d.dispatch(jobs)
	return d
}

func (d *Dispatcher) dispatch(jobs []string) {
	defer close(d.results)
	for _, j := range jobs {
		select {
		case d.results <- j:
		case <-d.cancel:
			return
		}
	}
}

func (d *Dispatcher) Result() (string, bool, error) {
	select {
	case r, ok := <-d.results:
		return r, ok, nil
	case err := <-d.errs:
		return "", false, err
	}
}

func (d *Dispatcher) Cancel() { close(d.cancel) }

// A timeout that is always set ends the wait.
type Prober struct {
	acks chan struct{}
	done chan struct{}
}

func NewProber() *Prober {
	p := &Prober{acks: make(chan struct{}), done: make(chan struct{})}
	go p.probe()
	return p
}

func (p *Prober) probe() {
	for {
		select {
		case p.acks <- struct{}{}:
		case <-p.done:
			return
		}
	}
}

func (p *Prober) Await(d time.Duration) bool {
	select {
	case <-p.acks:
		return true
	case <-time.After(d):
		return false
	}
}

func (p *Prober) Close() { close(p.done) }

// The waiter watches its caller's context instead of the stop channel.
type Source struct {
	items chan int
	quit  chan struct{}
}

func NewSource() *Source {
	s := &Source{items: make(chan int), quit: make(chan struct{})}
	go s.produce()
	return s
}

func (s *Source) produce() {
	for i := 0; ; i++ {
		select {
		case s.items <- i:
		case <-s.quit:
			return
		}
	}
}

func (s *Source) Take(ctx context.Context) (int, error) {
	select {
	case v := <-s.items:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (s *Source) Close() { close(s.quit) }

// The waiting function stops the producer itself, after it got its value.
func firstOf(xs []int) (int, error) {
	found := make(chan int)
	fail := make(chan error)
	stop := make(chan struct{})
	go func() {
		for _, x := range xs {
			select {
			case found <- x:
			case <-stop:
				return
			}
		}
	}()
	var v int
	var err error
	select {
	case v = <-found:
	case err = <-fail:
	}
	close(stop)
	return v, err
}

// The waiter stops the producer through a helper of its own, after its wait.
type lookup struct {
	hits   chan string
	misses chan error
	cancel chan struct{}
}

func (l *lookup) search(keys []string) {
	for _, k := range keys {
		select {
		case l.hits <- k:
		case <-l.cancel:
			return
		}
	}
}

func (l *lookup) abort() { close(l.cancel) }

func (l *lookup) first(keys []string) (string, error) {
	go l.search(keys)
	defer l.abort()
	select {
	case k := <-l.hits:
		return k, nil
	case err := <-l.misses:
		return "", err
	}
}

func newLookup() *lookup {
	return &lookup{hits: make(chan string), misses: make(chan error), cancel: make(chan struct{})}
}
