//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	sub := &subscription{ch: make(chan *ChaincodeEvent, 8)}
	d := &Dispatcher{events: make(chan *ChaincodeEvent), listeners: []EventListener{sub}}
	done := make(chan struct{})
	go func() {
		d.Run()
		close(done)
	}()
	d.Dispatch(&ChaincodeEvent{TxID: "tx1", EventName: "transfer"})
	sub.CloseChaincodeEvents()
	time.Sleep(5 * time.Millisecond)
	d.Dispatch(&ChaincodeEvent{TxID: "tx2", EventName: "transfer"})
	d.Stop()
	<-done
}
