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
	started := make(chan struct{})
	go func() { // an RPC starts
		tr.NewStream()
		close(started)
	}()
	time.Sleep(5 * time.Millisecond)
	frames <- &goAwayFrame{lastStreamID: 3} // the server sends GOAWAY
	close(frames)
	<-done
	<-started
}
