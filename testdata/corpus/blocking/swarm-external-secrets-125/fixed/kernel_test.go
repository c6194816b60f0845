package fixed

import (
	"io"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// healthHook forwards each log line together with the current health
// figures, as an application hook might.
type healthHook struct{ m *Monitor }

func (h healthHook) Fire(string, Fields) error {
	h.m.GetMetrics()
	return nil
}

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		log := &Logger{out: io.Discard}
		m := &Monitor{metrics: &Metrics{}, log: log, logEvery: 5 * time.Minute}
		log.AddHook(healthHook{m})
		m.IncrementSecretRotations()
		m.collectMetrics(time.Now())
	})
}
