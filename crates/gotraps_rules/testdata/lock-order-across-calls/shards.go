package store

import "sync"

// A metrics registry keeps one series per name; Snapshot freezes every series so
// the exported values are consistent with each other.
type series struct {
	mu     sync.Mutex
	points []float64
}

// freeze stops writers to the series until thaw.
func (s *series) freeze() {
	s.mu.Lock()
}

func (s *series) thaw() {
	s.mu.Unlock()
}

func (s *series) add(v float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.points = append(s.points, v)
}

type Registry struct {
	mu     sync.RWMutex
	series map[string]*series
}

// Snapshot is called concurrently by every exporter.
func (r *Registry) Snapshot() map[string]int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	frozen := make([]*series, 0, len(r.series))
	for _, s := range r.series { // want `GT424 lock-order-across-calls: .s\.freeze\(\). \(in .Snapshot.\) locks each value of the map .r\.series. and keeps the locks held across iterations: they are taken in map iteration order`
		s.freeze()
		frozen = append(frozen, s)
	}
	out := make(map[string]int, len(r.series))
	for name, s := range r.series {
		out[name] = len(s.points)
	}
	for _, s := range frozen {
		s.thaw()
	}
	return out
}

// A bank transfer batch locks every account it touches before moving money.
type account struct {
	mu      sync.Mutex
	balance int64
}

type Ledger struct {
	accounts map[string]*account
}

func (l *Ledger) SettleAll(fee int64) {
	var locked []*account
	for _, acct := range l.accounts { // want `GT424 lock-order-across-calls: .acct\.mu\.Lock\(\). \(in .SettleAll.\) locks each value of the map .l\.accounts.`
		acct.mu.Lock()
		locked = append(locked, acct)
	}
	for _, acct := range locked {
		acct.balance -= fee
		acct.mu.Unlock()
	}
}
