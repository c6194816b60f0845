package fixed

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		tab := newTable()
		waited := make(chan error)
		go func() { waited <- tab.waitForNodes(context.Background(), 2) }()
		time.Sleep(10 * time.Millisecond) // the iterator is subscribed and waiting
		tab.loadSeedNodes([]*Node{{ID: "a"}, {ID: "b"}})
		if err := <-waited; err != nil {
			panic(err)
		}
	})
}
