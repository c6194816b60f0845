// Package bug models an HTTP rate limiter: a token bucket per client key,
// and an application callback run when a request is rejected.
package bug

import (
	"net/http"
	"sync"
	"time"
)

type bucket struct {
	tokens float64
	last   time.Time
}

type Limiter struct {
	sync.RWMutex
	max            float64 // requests per second
	statusCode     int
	message        string
	onLimitReached func(w http.ResponseWriter, r *http.Request)
	tokenBuckets   map[string]*bucket
}

func NewLimiter(max float64) *Limiter {
	return &Limiter{max: max, statusCode: http.StatusTooManyRequests, message: "You have reached maximum request limit.", tokenBuckets: map[string]*bucket{}}
}

func (l *Limiter) SetOnLimitReached(fn func(w http.ResponseWriter, r *http.Request)) {
	l.Lock()
	defer l.Unlock()
	l.onLimitReached = fn
}

func (l *Limiter) GetStatusCode() int {
	l.RLock() // corpus:blocks
	defer l.RUnlock()
	return l.statusCode
}

// LimitReached takes a token from key's bucket; true if none was left.
func (l *Limiter) LimitReached(key string, now time.Time) bool {
	l.Lock() // corpus:blocks
	defer l.Unlock()
	b, ok := l.tokenBuckets[key]
	if !ok {
		b = &bucket{tokens: l.max, last: now}
		l.tokenBuckets[key] = b
	}
	b.tokens += now.Sub(b.last).Seconds() * l.max
	if b.tokens > l.max {
		b.tokens = l.max
	}
	b.last = now
	if b.tokens < 1 {
		return true
	}
	b.tokens--
	return false
}

// ExecOnLimitReached runs the application's callback for a rejected request.
func (l *Limiter) ExecOnLimitReached(w http.ResponseWriter, r *http.Request) {
	l.RLock()
	defer l.RUnlock()
	fn := l.onLimitReached
	if fn != nil {
		fn(w, r) // corpus:culprit
	}
}

// LimitHandler wraps next with the limiter, keyed by client address.
func LimitHandler(l *Limiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l.LimitReached(r.RemoteAddr, time.Now()) {
			l.ExecOnLimitReached(w, r)
			http.Error(w, l.message, l.GetStatusCode())
			return
		}
		next.ServeHTTP(w, r)
	})
}
