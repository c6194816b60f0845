package bug

import (
	"context"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

// quickCatalog answers every blocking query at once with a new index.
type quickCatalog struct{}

func (quickCatalog) ChecksInState(_ context.Context, waitIndex uint64) ([]HealthCheck, uint64, error) {
	return []HealthCheck{{Node: "ext-db", CheckID: "tcp", Status: "passing"}}, waitIndex + 1, nil
}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		a := &Agent{client: quickCatalog{}, shutdownCh: make(chan struct{})}
		// Two rounds of the watch loop on the golden path; the agent keeps
		// running.
		for i := uint64(0); i < 2; i++ {
			a.getHealthChecks(i)
		}
	})
}
