package bug

import (
	"net"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		serverConn, server := net.Pipe()
		clientConn, client := net.Pipe()
		e := &Engine{}
		errCh := make(chan error, 1)
		go e.receiveFromServer(serverConn, clientConn, errCh)

		go func() {
			server.Write([]byte("RowDescription"))
			server.Write([]byte("DataRow")) // after the client left
		}()
		buf := make([]byte, 64)
		client.Read(buf)
		client.Close() // psql exits mid-result
	})
}
