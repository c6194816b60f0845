//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	client := &storageRESTClient{endpoint: "http://node2:9000/disk1", restClient: offlineRemote{}, connected: 1}
	done := make(chan struct{})
	go func() { // a request handler using the remote drive
		_ = client.DiskInfo()
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	_ = client.LastError() // the admin info handler
	<-done
}
