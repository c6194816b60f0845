package fixtures

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

type Store struct{}

func (s *Store) Archive(ctx context.Context, id string) error { return ctx.Err() }

type Handler struct {
	store *Store
}

// The archive job is cancelled as soon as upload returns.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	id := r.URL.Query().Get("id")
	go h.store.Archive(ctx, id) // want `this goroutine uses .ctx., which the deferred cancel cancels`
	w.WriteHeader(http.StatusAccepted)
}

// The copy goroutine reads a file that is closed when tail returns.
func tail(path string, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	go func() { // want `this goroutine uses .f., which the deferred .Close. closes`
		if _, err := io.Copy(out, f); err != nil {
			log.Print(err)
		}
	}()
	return nil
}

// The greeting is written after the connection is closed.
func greet(c net.Conn, name string) {
	defer c.Close()
	go func() { // want `this goroutine uses .c., which the deferred .Close. closes`
		time.Sleep(10 * time.Millisecond)
		c.Write([]byte("hello " + name))
	}()
}

// The deferred wait is for the upload goroutine only: the progress reporter may still
// write to out after out.Close() has run.
func export(out io.WriteCloser, rows []string, send func(string) error) error {
	defer out.Close()
	progress := make(chan int, 8)
	defer close(progress)
	go func() { // want `this goroutine uses .out., which the deferred .Close. closes`
		for n := range progress {
			io.WriteString(out, strings.Repeat(".", n))
		}
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i, r := range rows {
			if send(r) == nil {
				progress <- i
			}
		}
		io.WriteString(out, "uploaded\n")
	}()
	defer func() {
		<-done
	}()
	return nil
}
