package fixed

type headersFrame struct {
	grpcEncoding string
}

type Stream struct {
	headerChan   chan struct{}
	recvCompress string
}

func newStream() *Stream {
	return &Stream{headerChan: make(chan struct{})}
}

// operateHeaders runs on the transport's reader goroutine.
func (s *Stream) operateHeaders(f *headersFrame) {
	s.recvCompress = f.grpcEncoding
	close(s.headerChan)
}

func (s *Stream) waitOnHeader() {
	<-s.headerChan
}

// RecvCompress is called by the RPC's goroutine to pick the decompressor.
func (s *Stream) RecvCompress() string {
	s.waitOnHeader()
	return s.recvCompress
}

type csAttempt struct {
	s *Stream
}

func (a *csAttempt) recvMsg() string {
	return a.s.RecvCompress()
}
