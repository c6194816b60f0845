package bug

import (
	"errors"
	"fmt"
	"time"
)

// discoveryClient stands in for the proxy round trip to an aggregated API
// server's discovery endpoint.
type discoveryClient interface {
	Get(url string) (status int, err error)
}

type APIService struct {
	Group, Version string
	Available      bool
	Message        string
}

type AvailableConditionController struct {
	discovery      discoveryClient
	discoveryTimer time.Duration
}

// sync probes the service's discovery endpoint and records whether it
// answered in time.
func (c *AvailableConditionController) sync(svc *APIService) {
	url := "/apis/" + svc.Group + "/" + svc.Version
	errCh := make(chan error) // corpus:culprit
	go func() {
		status, err := c.discovery.Get(url)
		if err == nil && status != 200 {
			err = fmt.Errorf("bad status from %s: %d", url, status)
		}
		errCh <- err // corpus:blocks
	}()

	var err error
	select {
	case err = <-errCh:
	case <-time.After(c.discoveryTimer):
		err = errors.New("timed out waiting for " + url)
	}
	svc.Available = err == nil
	if err != nil {
		svc.Message = err.Error()
	}
}
