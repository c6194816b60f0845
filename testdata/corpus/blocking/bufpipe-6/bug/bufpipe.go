package bug

import (
	"bytes"
	"io"
	"sync"
)

// pipe is an in-memory pipe whose writer never blocks: writes go to a
// buffer, and readers wait on cond until there is data or an error.
type pipe struct {
	cond *sync.Cond
	buf  *bytes.Buffer
	rerr error // error readers see once the buffer is drained
}

type PipeReader struct{ *pipe }
type PipeWriter struct{ *pipe }

func New() (*PipeReader, *PipeWriter) {
	p := &pipe{buf: new(bytes.Buffer), cond: sync.NewCond(new(sync.Mutex))}
	return &PipeReader{p}, &PipeWriter{p}
}

func (r *PipeReader) Read(data []byte) (int, error) {
	r.cond.L.Lock()
	defer r.cond.L.Unlock()
	for r.buf.Len() == 0 && r.rerr == nil {
		r.cond.Wait() // corpus:blocks
	}
	if r.buf.Len() == 0 {
		return 0, r.rerr
	}
	return r.buf.Read(data)
}

func (w *PipeWriter) Write(data []byte) (int, error) {
	w.cond.L.Lock()
	defer w.cond.L.Unlock()
	n, err := w.buf.Write(data)
	w.cond.Broadcast()
	return n, err
}

// CloseWithError makes readers return err (io.EOF when nil) once they have
// drained the buffer.
func (w *PipeWriter) CloseWithError(err error) error {
	w.cond.L.Lock()
	defer w.cond.L.Unlock()
	if err == nil {
		err = io.EOF
	}
	w.rerr = err // corpus:culprit
	return nil
}

func (w *PipeWriter) Close() error { return w.CloseWithError(nil) }
