package bug

import (
	"context"
	"io"
)

// wsConnection stands in for the client's *websocket.Conn.
type wsConnection interface {
	NextReader() (messageType int, r io.Reader, err error)
}

// codeOceanToRawReader turns the client's websocket messages into a byte
// stream for the runner's stdin.
type codeOceanToRawReader struct {
	connection wsConnection
	buffer     chan byte
}

func (cr *codeOceanToRawReader) readInputLoop(ctx context.Context) {
	readMessage := make(chan bool)
	for {
		var messageType int
		var reader io.Reader
		var err error
		go func() {
			messageType, reader, err = cr.connection.NextReader()
			readMessage <- true // corpus:blocks
		}()
		select {
		case <-readMessage:
		case <-ctx.Done():
			return
		}
		if err != nil || messageType != 1 {
			return
		}
		data, _ := io.ReadAll(reader)
		for _, b := range data {
			select {
			case cr.buffer <- b:
			case <-ctx.Done():
				return
			}
		}
	}
}
