package bug

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		i := &Impi{numWorkers: 2, readFile: func(string) string { return "package x" }}
		// A large codebase: more failing files than the results buffer holds.
		paths := []string{"a.go", "b.go", "c.go", "d.go", "e.go", "f.go"}
		if errs := i.Verify(paths); len(errs) != len(paths) {
			t.Errorf("got %d errors", len(errs))
		}
	})
}
