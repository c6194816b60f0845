package bug

import (
	"io"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	lookupEnv = func(string) (string, bool) { return "/var/log/dcal.log", true }
	openFile = func(string) (io.Writer, error) { return io.Discard, nil }
	prove.Blocks(t, func() {
		GetLogger().Printf("starting")
	})
}
