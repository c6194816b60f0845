//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	thc := &tabletHealthCheck{}
	hc := &HealthCheck{healthByAlias: map[string]*tabletHealthCheck{"zone1-100": thc}}
	stream := make(chan *StreamHealthResponse)
	go thc.checkConn(stream)
	stream <- &StreamHealthResponse{Target: &Target{Keyspace: "commerce", Shard: "0", TabletType: "REPLICA"}, Serving: true}
	time.Sleep(5 * time.Millisecond)
	hc.GetTabletHealthByAlias("zone1-100") // vtgate serving a query
	close(stream)
}
