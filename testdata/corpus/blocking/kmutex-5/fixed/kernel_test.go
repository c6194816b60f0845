package fixed

import (
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		km := New()
		// X holds both rows; B waits for row "b", then A for row "a".
		km.Lock("a")
		km.Lock("b")
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			km.Lock("b")
			km.Unlock("b")
		}()
		time.Sleep(5 * time.Millisecond)
		result := make(chan int)
		go func() {
			defer wg.Done()
			km.Lock("a")
			result <- 42
			km.Unlock("a")
		}()
		time.Sleep(5 * time.Millisecond)
		// X hands row "a" over and keeps "b" until A has produced its result.
		km.Unlock("a")
		<-result
		km.Unlock("b")
		wg.Wait()
	})
}
