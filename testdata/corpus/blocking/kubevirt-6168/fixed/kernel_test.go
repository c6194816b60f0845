package fixed

import (
	"net"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		client, clientPeer := net.Pipe()
		console, consolePeer := net.Pipe()
		go func() {
			// The VM keeps its console open; the user disconnects.
			time.Sleep(2 * time.Millisecond)
			clientPeer.Close()
		}()
		serialConsole(client, console)
		consolePeer.Close()
	})
}
