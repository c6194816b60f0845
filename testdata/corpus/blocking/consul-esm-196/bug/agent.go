package bug

import (
	"context"
	"time"
)

type HealthCheck struct {
	Node, CheckID, Status string
}

// catalog stands in for Consul's health API with blocking queries.
type catalog interface {
	ChecksInState(ctx context.Context, waitIndex uint64) ([]HealthCheck, uint64, error)
}

// Agent is consul-esm's agent: it watches the health checks of external
// nodes and runs them.
type Agent struct {
	client     catalog
	shutdownCh chan struct{}
}

// getHealthChecks runs one blocking query for the checks ESM owns. A helper
// goroutine cancels the query when the agent shuts down.
func (a *Agent) getHealthChecks(waitIndex uint64) ([]HealthCheck, uint64) {
	ctx, cancelFunc := context.WithCancel(context.Background())
	go func() {
		<-a.shutdownCh // corpus:blocks
		cancelFunc()
	}()

	checks, lastIndex, err := a.client.ChecksInState(ctx, waitIndex)
	if err != nil {
		return nil, waitIndex
	}
	return checks, lastIndex
}

// watchHealthChecks polls for changes until shutdown.
func (a *Agent) watchHealthChecks(updates chan<- []HealthCheck) {
	var index uint64
	for {
		select {
		case <-a.shutdownCh:
			return
		default:
		}
		checks, next := a.getHealthChecks(index)
		if next != index {
			index = next
			updates <- checks
		}
		time.Sleep(time.Millisecond)
	}
}
