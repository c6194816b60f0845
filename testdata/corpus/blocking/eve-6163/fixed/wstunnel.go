package fixed

import "sync"

// WSTunnelClient keeps several tunnel connections to the controller for
// remote console sessions; each connection has its own serving goroutine.
type WSTunnelClient struct {
	conns      int
	stopSignal chan struct{}
	requests   chan string
	wg         sync.WaitGroup
	handle     func(req string)
}

func NewWSTunnelClient(conns int, handle func(string)) *WSTunnelClient {
	return &WSTunnelClient{conns: conns, stopSignal: make(chan struct{}), requests: make(chan string), handle: handle}
}

func (c *WSTunnelClient) Start() {
	for i := 0; i < c.conns; i++ {
		c.wg.Add(1)
		go c.serve()
	}
}

func (c *WSTunnelClient) serve() {
	defer c.wg.Done()
	for {
		select {
		case <-c.stopSignal:
			return
		case req := <-c.requests:
			c.handle(req)
		}
	}
}

// Stop tells the serving goroutines to end and waits for them.
func (c *WSTunnelClient) Stop() {
	// A close reaches every serving goroutine; a send reaches one.
	close(c.stopSignal)
	c.wg.Wait()
}
