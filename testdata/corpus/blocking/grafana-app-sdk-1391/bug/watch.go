package bug

// Event is one watch notification.
type Event struct {
	Type   string
	Object string
}

// upstreamWatch stands in for the Kubernetes client's watch.Interface.
type upstreamWatch interface {
	ResultChan() <-chan Event
	Stop()
}

// WatchResponse converts the upstream watch's events for the SDK's
// consumers, forwarding them on its own channel.
type WatchResponse struct {
	watch  upstreamWatch
	ch     chan Event
	stopCh chan struct{}
}

func NewWatchResponse(w upstreamWatch) *WatchResponse {
	r := &WatchResponse{watch: w, ch: make(chan Event), stopCh: make(chan struct{})}
	go r.start()
	return r
}

func (w *WatchResponse) start() {
	for {
		select {
		case evt, ok := <-w.watch.ResultChan():
			if !ok {
				return
			}
			evt.Object = "converted:" + evt.Object
			w.ch <- evt // corpus:blocks
		case <-w.stopCh:
			w.watch.Stop()
			return
		}
	}
}

func (w *WatchResponse) ResultChan() <-chan Event { return w.ch }

func (w *WatchResponse) Stop() {
	w.stopCh <- struct{}{} // corpus:blocks
	close(w.ch)
}
