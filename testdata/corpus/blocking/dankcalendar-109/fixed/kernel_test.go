package fixed

import (
	"io"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	lookupEnv = func(string) (string, bool) { return "/var/log/dcal.log", true }
	openFile = func(string) (io.Writer, error) { return io.Discard, nil }
	prove.Completes(t, func() {
		GetLogger().Printf("starting")
	})
}
