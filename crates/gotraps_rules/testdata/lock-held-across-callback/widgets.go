package widgets

import "sync"

// A text field whose change callback is set by the application.
type Field struct {
	mu        sync.RWMutex
	text      string
	OnChanged func(string)
}

// Text is what callbacks typically call.
func (f *Field) Text() string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.text
}

func (f *Field) Backspace() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.text == "" {
		return
	}
	f.text = f.text[:len(f.text)-1]
	if f.OnChanged != nil {
		f.OnChanged(f.text) // want `GT425 lock-held-across-callback: .f\.OnChanged\(f\.text\). runs a callback .* if it calls back .*Text.*its RLock waits for the write lock held here`
	}
}

// A limiter whose rejection handler is registered through a setter; the callback runs
// two calls below the read lock.
type Limiter struct {
	sync.RWMutex
	status   int
	rejected func(key string)
}

func (l *Limiter) SetRejectHandler(fn func(key string)) {
	l.Lock()
	defer l.Unlock()
	l.rejected = fn
}

func (l *Limiter) Status() int {
	l.RLock()
	defer l.RUnlock()
	return l.status
}

func (l *Limiter) notify(key string) {
	if fn := l.rejected; fn != nil {
		fn(key)
	}
}

func (l *Limiter) Reject(key string) {
	l.RLock()
	defer l.RUnlock()
	l.notify(key) // want `GT425 lock-held-across-callback: .l\.notify\(key\). runs a callback supplied from outside the package \(.fn\(key\).* while .l. is held; if it calls back .SetRejectHandler., which takes .l. .*its Lock waits for the read lock held here`
}
