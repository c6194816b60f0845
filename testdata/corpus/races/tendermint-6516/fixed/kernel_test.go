//go:build corpusrace

package fixed

import "testing"

func TestKernel(t *testing.T) {
	r := &Reactor{
		blockchainCh: &Channel{In: make(chan Envelope), Out: make(chan Envelope, 8)},
		peerUpdates:  make(chan string),
		peerUpdateCh: make(chan Envelope),
		closeCh:      make(chan struct{}),
	}
	r.OnStart()
	r.peerUpdates <- "peer-1"
	close(r.closeCh)               // the service quits: processBlockchainCh returns
	for range r.blockchainCh.Out { // it closes Out on its way out
	}
	r.peerUpdates <- "peer-2" // a peer update still arrives during shutdown
	r.OnStop()
}
