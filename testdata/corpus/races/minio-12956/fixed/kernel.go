package fixed

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
	atomic.AddInt64(&r.countBytes, int64(n))
	return n, err
}

func (r *IncomingTrafficMeter) BytesCount() int64 {
	return atomic.LoadInt64(&r.countBytes)
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
