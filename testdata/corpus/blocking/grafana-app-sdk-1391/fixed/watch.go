package fixed

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
	r := &WatchResponse{watch: w, ch: make(chan Event), stopCh: make(chan struct{}, 1)}
	go r.start()
	return r
}

func (w *WatchResponse) start() {
	// The only sender closes the channel.
	defer close(w.ch)
	for {
		select {
		case evt, ok := <-w.watch.ResultChan():
			if !ok {
				return
			}
			evt.Object = "converted:" + evt.Object
			select {
			case w.ch <- evt:
			case <-w.stopCh:
				w.watch.Stop()
				return
			}
		case <-w.stopCh:
			w.watch.Stop()
			return
		}
	}
}

func (w *WatchResponse) ResultChan() <-chan Event { return w.ch }

func (w *WatchResponse) Stop() {
	select {
	case w.stopCh <- struct{}{}:
	default: // already stopping
	}
}
