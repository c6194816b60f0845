package doublelock

import (
	"errors"
	"sync"
)

// rpcConn multiplexes requests over one connection; replies arrive on the reader goroutine.
type rpcConn struct {
	mu      sync.Mutex
	pending map[uint32]func(reply []byte, err error)
	nextID  uint32
}

func (c *rpcConn) send(id uint32, payload []byte) error { return nil }

// Call blocks until the reply callback runs: the callback unlocks `done`, the second
// Lock waits for it. Not a double lock.
func (c *rpcConn) Call(payload []byte) ([]byte, error) {
	var done sync.Mutex
	var reply []byte
	var replyErr error
	done.Lock()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.pending[id] = func(r []byte, err error) {
		reply, replyErr = r, err
		done.Unlock()
	}
	c.mu.Unlock()
	if err := c.send(id, payload); err != nil {
		return nil, err
	}
	done.Lock() // wait for the reply
	return reply, replyErr
}

// Flush hands the release to a goroutine and waits by locking again.
func (c *rpcConn) Flush(frames [][]byte) {
	var gate sync.Mutex
	gate.Lock()
	go func() {
		defer gate.Unlock()
		for i, f := range frames {
			_ = c.send(uint32(i), f)
		}
	}()
	gate.Lock()
}

// nameSet releases its lock once through a sync.Once shared with a deferred call.
type nameSet struct {
	mu    sync.Mutex
	names map[string]bool
}

func (r *nameSet) lock()   { r.mu.Lock() }
func (r *nameSet) unlock() { r.mu.Unlock() }

func (r *nameSet) report(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	_ = msg
}

var errMissing = errors.New("missing")

func (r *nameSet) Remove(name string) error {
	var once sync.Once
	r.lock()
	defer once.Do(r.unlock)
	if !r.names[name] {
		once.Do(r.unlock)
		r.report("remove of unknown " + name) // locks r.mu after the release above
		return errMissing
	}
	delete(r.names, name)
	return nil
}
