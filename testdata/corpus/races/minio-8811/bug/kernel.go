package bug

import (
	"errors"
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
	lastError  error
}

func (client *storageRESTClient) call(method string) error {
	err := client.restClient.Call(method)
	if err == nil {
		return nil
	}
	client.lastError = err // corpus:race
	atomic.StoreInt32(&client.connected, 0)
	return err
}

func (client *storageRESTClient) DiskInfo() error { return client.call("diskinfo") }

func (client *storageRESTClient) LastError() error {
	return client.lastError // corpus:race
}

type offlineRemote struct{}

func (offlineRemote) Call(string) error { return errDiskNotFound }
