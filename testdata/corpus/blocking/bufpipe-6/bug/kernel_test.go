package bug

import (
	"io"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		r, w := New()
		w.Write([]byte("hello"))
		go func() {
			time.Sleep(30 * time.Millisecond) // the reader is waiting for more
			w.Close()
		}()
		got, err := io.ReadAll(r)
		if string(got) != "hello" || err != nil {
			t.Errorf("ReadAll = %q, %v", got, err)
		}
	})
}
