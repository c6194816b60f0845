package bug

import "context"

// aFew is how many channels watchFew can wait on at once (32 in go-memdb,
// whose watchFew is a generated select; two here).
const aFew = 2

// WatchSet is a set of channels that are closed when the data they guard
// changes.
type WatchSet map[<-chan struct{}]struct{}

func (w WatchSet) Add(ch <-chan struct{}) { w[ch] = struct{}{} }

// WatchCtx blocks until any channel of the set is closed or ctx ends.
func (w WatchSet) WatchCtx(ctx context.Context) error {
	if len(w) <= aFew {
		chs := make([]<-chan struct{}, 0, len(w))
		for ch := range w {
			chs = append(chs, ch)
		}
		return watchFew(ctx, chs)
	}
	return w.watchMany(ctx)
}

// watchMany watches the set in chunks, one goroutine per chunk, and returns
// when any chunk fires.
func (w WatchSet) watchMany(ctx context.Context) error {
	triggerCh := make(chan struct{}, 1) // corpus:culprit
	watcher := func(chunk []<-chan struct{}) {
		if err := watchFew(ctx, chunk); err == nil {
			select {
			case triggerCh <- struct{}{}:
			default:
			}
		}
	}

	chunk := make([]<-chan struct{}, 0, aFew)
	for ch := range w {
		chunk = append(chunk, ch)
		if len(chunk) == aFew {
			go watcher(chunk)
			chunk = make([]<-chan struct{}, 0, aFew)
		}
	}
	if len(chunk) > 0 {
		go watcher(chunk)
	}

	select {
	case <-triggerCh:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func watchFew(ctx context.Context, chs []<-chan struct{}) error {
	var a, b <-chan struct{}
	a = chs[0]
	if len(chs) > 1 {
		b = chs[1]
	}
	select { // corpus:blocks
	case <-a:
		return nil
	case <-b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
