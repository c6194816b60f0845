package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// slowDiscovery answers after the controller's timeout.
type slowDiscovery struct{ delay time.Duration }

func (d slowDiscovery) Get(string) (int, error) {
	time.Sleep(d.delay)
	return 200, nil
}

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		c := &AvailableConditionController{discovery: slowDiscovery{50 * time.Millisecond}, discoveryTimer: 2 * time.Millisecond}
		svc := &APIService{Group: "metrics.k8s.io", Version: "v1beta1"}
		c.sync(svc)
		if svc.Available {
			t.Error("a service slower than the timeout was marked available")
		}
	})
}
