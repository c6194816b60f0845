package bug

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
	closeCh      chan struct{}
	wg           sync.WaitGroup
}

func (r *Reactor) processBlockchainCh() {
	defer r.wg.Done()
	defer close(r.blockchainCh.Out) // corpus:culprit
	for {
		select {
		case <-r.blockchainCh.In:
		case <-r.closeCh:
			return
		}
	}
}

func (r *Reactor) processPeerUpdate(peer string) {
	r.blockchainCh.Out <- Envelope{To: peer, Message: "status request"} // corpus:panics
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
