package fixed

import "sync"

type Envelope struct {
	To      string
	Message string
}

type Channel struct {
	In  chan Envelope
	Out chan Envelope
}

type Reactor struct {
	blockchainCh *Channel
	peerUpdates  chan string
	peerUpdateCh chan Envelope
	closeCh      chan struct{}
	wg           sync.WaitGroup
}

func (r *Reactor) processBlockchainCh() {
	defer r.wg.Done()
	defer close(r.blockchainCh.Out)
	for {
		select {
		case <-r.blockchainCh.In:
		case env := <-r.peerUpdateCh:
			r.blockchainCh.Out <- env
		case <-r.closeCh:
			return
		}
	}
}

func (r *Reactor) processPeerUpdate(peer string) {
	select {
	case r.peerUpdateCh <- Envelope{To: peer, Message: "status request"}:
	case <-r.closeCh:
	}
}

func (r *Reactor) processPeerUpdates() {
	defer r.wg.Done()
	for peer := range r.peerUpdates {
		r.processPeerUpdate(peer)
	}
}

func (r *Reactor) OnStart() {
	r.wg.Add(2)
	go r.processBlockchainCh()
	go r.processPeerUpdates()
}

// OnStop runs after the service's quit channel (closeCh) was closed.
func (r *Reactor) OnStop() {
	close(r.peerUpdates)
	r.wg.Wait()
}
