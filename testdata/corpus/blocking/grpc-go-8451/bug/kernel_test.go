package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		tr := &http2Server{
			state:         "reachable",
			activeStreams: map[uint32]*ServerStream{},
			controlBuf:    make(chan interface{}, 16),
		}
		handled := 0
		handle := func(*ServerStream) { handled++ }
		// A client whose deadline has already passed, then a normal one.
		tr.operateHeaders(&headersFrame{streamID: 1, timeout: -time.Second}, handle)
		tr.operateHeaders(&headersFrame{streamID: 3}, handle)
	})
}
