package bug

import (
	"errors"
	"time"
)

// view is one watched dependency (a Consul key, a Vault secret...); its
// poller reports changes on dataCh.
type view struct {
	name string
}

// Watcher watches dependencies for templates; Wait blocks until one of them
// changes.
type Watcher struct {
	dataCh chan *view
	stopCh chan struct{}
	errCh  chan error
}

func NewWatcher() *Watcher {
	return &Watcher{dataCh: make(chan *view), stopCh: make(chan struct{}), errCh: make(chan error)}
}

// poll stands in for a view's polling goroutine.
func (w *Watcher) poll(v *view, every time.Duration) {
	for {
		select {
		case <-w.stopCh:
			return
		case <-time.After(every):
			select {
			case w.dataCh <- v:
			case <-w.stopCh:
				return
			}
		}
	}
}

var errTimeout = errors.New("timed out waiting for a change")

// Wait blocks until a watched dependency changes, an error occurs, or the
// timeout elapses (no timeout when it is zero).
func (w *Watcher) Wait(timeout time.Duration) error {
	var timeoutCh <-chan time.Time
	if timeout > 0 {
		timeoutCh = time.After(timeout)
	}
	select { // corpus:blocks
	case <-w.dataCh:
		return nil
	case err := <-w.errCh:
		return err
	case <-timeoutCh:
		return errTimeout
	}
}

// Stop stops every view.
func (w *Watcher) Stop() {
	close(w.stopCh)
}
