package bug

import (
	"io"
	"sync/atomic"
)

type IncomingTrafficMeter struct {
	countBytes int64
	io.ReadCloser
}

func (r *IncomingTrafficMeter) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	r.countBytes += int64(n) // corpus:race
	return n, err
}

func (r *IncomingTrafficMeter) BytesCount() int64 {
	return r.countBytes // corpus:race
}

type Request struct {
	Body io.ReadCloser
}

type Handler func(r *Request)

type connStats struct {
	totalInputBytes int64
}

func (s *connStats) incInputBytes(n int64) { atomic.AddInt64(&s.totalInputBytes, n) }

// setHTTPStatsHandler meters the request body and accounts it after the handler ran.
func setHTTPStatsHandler(stats *connStats, h Handler) Handler {
	return func(r *Request) {
		meteredRequest := &IncomingTrafficMeter{ReadCloser: r.Body}
		r.Body = meteredRequest
		h(r)
		stats.incInputBytes(meteredRequest.BytesCount())
	}
}
