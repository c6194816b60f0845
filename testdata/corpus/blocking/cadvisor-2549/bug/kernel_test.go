package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		cmd := &remoteCommand{exit: make(chan error, 1)}
		if err := runWithTimeout(cmd, 5*time.Millisecond); err != errTimeout {
			t.Errorf("want timeout, got %v", err)
		}
		// The remote command exits after the caller gave up.
		cmd.exit <- nil
	})
}
