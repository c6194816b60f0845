package fixed

import (
	"errors"
	"sync"
	"sync/atomic"
)

var errDiskNotFound = errors.New("drive not found")

type restClient interface {
	Call(method string) error
}

type storageRESTClient struct {
	endpoint   string
	restClient restClient
	connected  int32
	mu         sync.Mutex
	lastError  error
}

func (client *storageRESTClient) call(method string) error {
	err := client.restClient.Call(method)
	if err == nil {
		return nil
	}
	client.mu.Lock()
	client.lastError = err
	client.mu.Unlock()
	atomic.StoreInt32(&client.connected, 0)
	return err
}

func (client *storageRESTClient) DiskInfo() error { return client.call("diskinfo") }

func (client *storageRESTClient) LastError() error {
	client.mu.Lock()
	defer client.mu.Unlock()
	return client.lastError
}

type offlineRemote struct{}

func (offlineRemote) Call(string) error { return errDiskNotFound }
