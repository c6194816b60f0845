package bug

import "context"

type Event struct {
	Type string
	Name string
}

// watcher implements a Kubernetes-style watch over the database: its
// forwarding goroutine streams change records to result until the watch's
// context ends.
type watcher struct {
	result chan Event
	cancel context.CancelFunc
}

func (w *watcher) ResultChan() <-chan Event { return w.result }
func (w *watcher) Stop()                    { w.cancel() }

// Watch starts forwarding changes from records.
func Watch(ctx context.Context, records <-chan Event) *watcher {
	ctx, cancel := context.WithCancel(ctx)
	w := &watcher{result: make(chan Event), cancel: cancel}
	go func() { // corpus:culprit
		for {
			select {
			case <-ctx.Done():
				return
			case rec := <-records:
				select {
				case w.result <- rec:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return w
}

// drain is how the API server's watch handler consumes a watch: until the
// result channel is closed.
func drain(w *watcher, send func(Event)) {
	for e := range w.ResultChan() { // corpus:blocks
		send(e)
	}
}
