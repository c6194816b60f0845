package bug

import (
	"sync"
	"sync/atomic"
)

const blockSize = 32 << 10

type block struct {
	// written is the number of bytes of buf filled by the writer; accessed atomically.
	written int32
	// flushed is the number of bytes already written out by the flusher.
	flushed int32
	buf     [blockSize]byte
}

type LogWriter struct {
	mu      sync.Mutex
	block   *block
	flushCh chan struct{}
	out     []byte
}

// emitFragment copies p into the current block (under mu, on the writer's goroutine).
func (w *LogWriter) emitFragment(p []byte) {
	b := w.block
	i := b.written
	n := copy(b.buf[i:], p)
	b.written = i + int32(n) // corpus:race corpus:race-frame
}

func NewLogWriter(stop <-chan struct{}, done chan<- struct{}) *LogWriter {
	w := &LogWriter{block: &block{}, flushCh: make(chan struct{}, 1)}
	go w.flushLoop(stop, done) // corpus:race-frame
	return w
}

func (w *LogWriter) WriteRecord(p []byte) {
	w.mu.Lock()
	w.emitFragment(p)
	w.mu.Unlock()
	select {
	case w.flushCh <- struct{}{}:
	default:
	}
}

// flushLoop runs on its own goroutine.
func (w *LogWriter) flushLoop(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for {
		select {
		case <-stop:
			return
		case <-w.flushCh:
		}
		b := w.block
		written := atomic.LoadInt32(&b.written) // corpus:race
		w.out = append(w.out, b.buf[b.flushed:written]...)
		b.flushed = written
	}
}
