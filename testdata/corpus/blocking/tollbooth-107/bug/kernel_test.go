package bug

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		lmt := NewLimiter(1)
		var mu sync.Mutex
		rejected := map[int]int{}
		lmt.SetOnLimitReached(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(20 * time.Millisecond) // log the rejection
			code := lmt.GetStatusCode()       // count it per status code
			mu.Lock()
			rejected[code]++
			mu.Unlock()
		})
		h := LimitHandler(lmt, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		request := func() {
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = "192.0.2.7:40000"
			h.ServeHTTP(httptest.NewRecorder(), req)
		}
		request() // allowed
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); request() }() // rejected
		time.Sleep(5 * time.Millisecond)
		go func() { defer wg.Done(); request() }() // arrives meanwhile
		wg.Wait()
	})
}
