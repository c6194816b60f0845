package fixtures

import "sync"

type conn struct{ closed chan struct{} }

func (c *conn) Close() { close(c.closed) }

type pool struct {
	mu    sync.Mutex
	conns []*conn
}

// Closes every connection in parallel and waits for all of them before returning:
// the goroutines do not outlive the deferred call.
func (p *pool) closeAllAndWait() {
	p.mu.Lock()
	conns := p.conns
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Close()
		}()
	}
	wg.Wait()
}

func (p *pool) serve(work func() error) error {
	defer p.closeAllAndWait()
	return work()
}
