package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		m := &metaClass{
			Class:    Class{Name: "Article", MultiTenant: MultiTenancyConfig{Enabled: true}},
			Sharding: map[string]Physical{"t1": {Owner: "node-1", Status: "HOT"}},
		}
		applied := make(chan struct{})
		// The trace hook runs inside the first read lock; a schema update
		// arrives at that moment.
		m.trace = func(string, string) {
			go func() {
				m.AddTenant("t2", "node-2")
				close(applied)
			}()
			time.Sleep(20 * time.Millisecond)
		}
		if _, err := m.ShardOwner("t1"); err != nil {
			panic(err)
		}
		<-applied
	})
}
