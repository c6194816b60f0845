package fixed

import (
	"errors"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		e := &Entry{Text: "hello world", CursorColumn: 11}
		e.Validator = func(s string) error {
			if s == "" {
				return errors.New("required")
			}
			return nil
		}
		e.OnChanged = func(string) { e.Validate() }
		e.Select(5, 11)
		e.TypedKey(KeyBackspace)
	})
}
