package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// etcdProcess exits promptly on interrupt.
type etcdProcess struct{ exited chan struct{} }

func (p *etcdProcess) Interrupt() error { close(p.exited); return nil }
func (p *etcdProcess) Kill() error      { return nil }
func (p *etcdProcess) Wait() error      { <-p.exited; return nil }

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		s := &EtcdMigrateServer{cmd: &etcdProcess{exited: make(chan struct{})}, gracefulWait: 50 * time.Millisecond}
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
	})
}
