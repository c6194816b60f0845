package fixtures

import (
	"context"
	"io"
	"net"
	"sync"
)

// Waits for the goroutine.
func copyBoth(a, b net.Conn) {
	defer a.Close()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		io.Copy(a, b)
	}()
	io.Copy(b, a)
	wg.Wait()
}

// A watcher meant to stop with the function.
func serveConn(ctx context.Context, c net.Conn, handle func(context.Context, net.Conn) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		c.Close()
	}()
	return handle(ctx, c)
}

// Receives the result before returning.
func (h *Handler) archiveNow(ctx context.Context, id string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- h.store.Archive(ctx, id) }()
	return <-errc
}

// The goroutine owns and closes the connection.
func handoff(c net.Conn, serve func(net.Conn)) {
	defer func() {}()
	go func() {
		defer c.Close()
		serve(c)
	}()
}
