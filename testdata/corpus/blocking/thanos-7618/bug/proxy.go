package bug

import (
	"context"
	"errors"
	"time"
)

type Series struct{ Labels string }

// storeStream stands in for a gRPC Series stream from one store.
type storeStream interface {
	Recv(ctx context.Context) (*Series, error)
}

type recvResult struct {
	s   *Series
	err error
}

var errRespTimeout = errors.New("failed to receive any data in time from the store")

// recvWithTimeout receives one frame, giving up when the store sends
// nothing for responseTimeout. On timeout the stream context is cancelled
// and the receiver goroutine leaves the report to the timeout case.
func recvWithTimeout(ctx context.Context, st storeStream, responseTimeout time.Duration) (*Series, error) {
	streamCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	timer := time.AfterFunc(responseTimeout, cancel) // corpus:culprit
	defer timer.Stop()

	frames := make(chan recvResult, 1)
	go func() {
		s, err := st.Recv(streamCtx)
		if streamCtx.Err() != nil {
			return
		}
		frames <- recvResult{s, err}
	}()

	select { // corpus:blocks
	case r := <-frames:
		return r.s, r.err
	case <-timer.C:
		return nil, errRespTimeout
	}
}
