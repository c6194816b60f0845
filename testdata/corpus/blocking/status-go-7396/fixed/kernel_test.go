package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		loading := make(chan struct{})
		pl := &PeriodicalLoader{interval: time.Hour, load: func() {
			close(loading)
			time.Sleep(30 * time.Millisecond) // Stop lands during the first load
		}}
		pl.Start()
		<-loading
		pl.Stop()
	})
}
