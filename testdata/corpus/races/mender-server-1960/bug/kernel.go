package bug

import (
	"io"
)

type PipeWriter struct {
	mu chan struct{}
	w  io.Writer
}

func NewPipeWriter(w io.Writer) *PipeWriter {
	p := &PipeWriter{w: w}
	p.mu = make(chan struct{}, 1)
	p.mu <- struct{}{}
	return p
}

func (r *PipeWriter) Write(d []byte) (int, error) {
	if _, ok := <-r.mu; !ok {
		return 0, io.ErrClosedPipe
	}
	defer func() { r.mu <- struct{}{} }() // corpus:panics
	return r.w.Write(d)
}

func (r *PipeWriter) Close() error {
	close(r.mu) // corpus:culprit
	return nil
}
