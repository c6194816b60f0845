package fixed

import (
	"sync"
	"time"
)

// TestReporter is the part of *testing.T the mock controller uses.
type TestReporter interface {
	Fatalf(format string, args ...any)
}

type Backend interface {
	Post(ev any)
}

// MockBackend mirrors a gomock mock: calls beyond the expected ones fail the test.
type MockBackend struct {
	t        TestReporter
	mu       sync.Mutex
	expected int
	calls    int
}

func (m *MockBackend) Post(ev any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.calls > m.expected {
		m.t.Fatalf("unexpected call to Post(%v)", ev)
	}
}

type timeoutEvent struct {
	round int64
	step  string
}

type core struct {
	backend        Backend
	round          int64
	precommitTimer *time.Timer
}

func (c *core) startRound(round int64) {
	c.round = round
	c.precommitTimer = time.AfterFunc(50*time.Millisecond, func() {
		c.backend.Post(timeoutEvent{round: round, step: "precommit"})
	})
}

func (c *core) stopTimer() {
	c.precommitTimer.Stop()
}
