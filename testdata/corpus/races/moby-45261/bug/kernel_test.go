//go:build corpusrace

package bug

import "testing"

func TestKernel(t *testing.T) {
	r := &remote{launch: func() error { return errNoBinary }}
	if err := r.startContainerd(); err == nil {
		t.Fatal("expected the launch error")
	}
}
