//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	tr := newHTTP2Client()
	frames := make(chan *goAwayFrame)
	done := make(chan struct{})
	go tr.reader(frames, done)
	go tr.NewStream() // an RPC starts
	time.Sleep(5 * time.Millisecond)
	frames <- &goAwayFrame{lastStreamID: 3} // the server sends GOAWAY
	close(frames)
	<-done
}
