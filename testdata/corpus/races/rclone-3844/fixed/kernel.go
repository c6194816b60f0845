package fixed

import "sync"

type StatsInfo struct {
	mu         sync.RWMutex
	errors     int64
	fatalError bool
	lastError  error
	bytes      int64
}

// Error records an error; walk calls it from its listing goroutines.
func (s *StatsInfo) Error(err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errors++
	s.lastError = err
	s.fatalError = true
	return err
}

type statsGroups struct {
	mu    sync.Mutex
	m     map[string]*StatsInfo
	order []string
}

func (sg *statsGroups) set(group string, s *StatsInfo) {
	sg.mu.Lock()
	defer sg.mu.Unlock()
	sg.m[group] = s
	sg.order = append(sg.order, group)
}

// sum adds up all groups for the core/stats rc call.
func (sg *statsGroups) sum() *StatsInfo {
	sg.mu.Lock()
	defer sg.mu.Unlock()
	sum := &StatsInfo{}
	for _, name := range sg.order {
		s := sg.m[name]
		s.mu.RLock()
		sum.bytes += s.bytes
		sum.errors += s.errors
		sum.fatalError = sum.fatalError || s.fatalError
		s.mu.RUnlock()
	}
	return sum
}

type listFn func(dir string) error

// walk lists dirs concurrently and reports failures through errorFn.
func walk(dirs []string, list listFn, errorFn func(error) error) *sync.WaitGroup {
	var wg sync.WaitGroup
	for _, d := range dirs {
		wg.Add(1)
		go func(dir string) {
			defer wg.Done()
			if err := list(dir); err != nil {
				_ = errorFn(err)
			}
		}(d)
	}
	return &wg
}
