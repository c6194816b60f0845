package bug

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// clientConn delivers one message, then blocks until the proxy closes it.
type clientConn struct {
	sent   bool
	closed chan struct{}
}

func (c *clientConn) NextReader() (int, io.Reader, error) {
	if !c.sent {
		c.sent = true
		return 1, strings.NewReader("print(1)\n"), nil
	}
	<-c.closed
	return 0, nil, errors.New("websocket: close 1000 (normal)")
}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		conn := &clientConn{closed: make(chan struct{})}
		cr := &codeOceanToRawReader{connection: conn, buffer: make(chan byte, 64)}
		ctx, cancel := context.WithCancel(context.Background())
		go cr.readInputLoop(ctx)
		time.Sleep(2 * time.Millisecond)
		cancel() // the execution ended
		time.Sleep(2 * time.Millisecond)
		close(conn.closed) // then the proxy closes the client connection
	})
}
