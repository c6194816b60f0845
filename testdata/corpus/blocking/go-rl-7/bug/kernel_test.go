package bug

import (
	"strings"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		c := newCtx(strings.NewReader("ls -l\n"))
		if line, err := c.ReadLine(); line != "ls -l" || err != nil {
			t.Errorf("ReadLine = %q, %v", line, err)
		}
	})
}
