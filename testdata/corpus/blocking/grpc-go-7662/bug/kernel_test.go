package bug

import (
	"errors"
	"net"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		// The server end is never read: the connection hangs.
		client, server := net.Pipe()
		defer server.Close()
		tr := newHTTP2Client(client, 10*time.Millisecond)
		tr.Close(errors.New("connection idle"))
	})
}
