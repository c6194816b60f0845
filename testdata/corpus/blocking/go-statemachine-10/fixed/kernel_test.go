package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		var sm *StateMachine
		// A deal subscriber that advances the deal when funds are reserved.
		sm = New(func(evt Event, st State) {
			if evt.Name == "FundsReserved" {
				sm.Send(Event{Name: "DealPublished"})
			}
		})
		go sm.run()
		sm.Send(Event{Name: "FundsReserved"})
		time.Sleep(5 * time.Millisecond)
		sm.Stop()
	})
}
