package fixed

import (
	"errors"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		m := &ExpirationManager{loadEntry: func(string) error { return errors.New("storage unavailable") }}
		if err := m.Restore([]string{"a", "b", "c", "d", "e", "f"}); err == nil {
			t.Error("want the first load error")
		}
	})
}
