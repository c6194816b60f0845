package bug

import (
	"io"
	"net"
)

// Engine proxies a PostgreSQL session and audits the server's messages.
type Engine struct {
	audited int
}

// receiveFromServer copies server messages to the client, teeing them into
// a pipe that an analysis goroutine reads for the audit log, and reports the
// end of the copy once the analysis is done.
func (e *Engine) receiveFromServer(serverConn, clientConn net.Conn, serverErrCh chan<- error) {
	copyReader, copyWriter := io.Pipe()
	defer copyWriter.Close()
	closeChan := make(chan struct{})
	go func() {
		defer close(closeChan)
		buf := make([]byte, 4096)
		for {
			n, err := copyReader.Read(buf) // corpus:blocks
			if err != nil {
				return
			}
			e.audited += n
		}
	}()

	_, err := io.Copy(clientConn, io.TeeReader(serverConn, copyWriter))
	<-closeChan // corpus:blocks
	serverErrCh <- err
}
