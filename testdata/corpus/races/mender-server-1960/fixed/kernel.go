package fixed

import (
	"io"
	"sync"
)

type PipeWriter struct {
	mu     sync.Mutex
	closed bool
	w      io.Writer
}

func NewPipeWriter(w io.Writer) *PipeWriter {
	p := &PipeWriter{w: w}
	return p
}

func (r *PipeWriter) Write(d []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, io.ErrClosedPipe
	}
	return r.w.Write(d)
}

func (r *PipeWriter) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	return nil
}
