package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		// Writing the log line takes a moment; the program starts meanwhile.
		s := &Supervisor{logf: func(string, ...any) { time.Sleep(10 * time.Millisecond) }}
		s.startProcess(&Process{name: "web"})
	})
}
