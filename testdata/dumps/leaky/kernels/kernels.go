// Package kernels holds small blocking bugs reduced from the shapes that recur in public
// Go bug reports since 2020 (lock-order inversions between two objects, a helper that takes
// the lock its caller holds, RLock re-entered while a writer waits, a lock held across a
// blocking call, an error path that forgets Unlock, a result channel whose reader gave up).
// The code is written for gotraps; no project's source is copied.
//
// Each kernel's blocking line carries `// MECHANISM: <name>`: the mechanism gotraps must
// name in its top suspect. Start runs one kernel and returns once it is stuck.
package kernels

import (
	"errors"
	"sort"
	"sync"
	"time"
)

// Kernels maps a kernel name to the function that starts it.
var Kernels = map[string]func(){
	"transfer_abba":        TransferABBA,
	"reload_abba":          ReloadABBA,
	"evict_double_lock":    EvictDoubleLock,
	"typo_double_lock":     TypoDoubleLock,
	"upgrade_rlock":        UpgradeRLock,
	"recursive_rlock":      RecursiveRLock,
	"snapshot_convoy":      SnapshotConvoy,
	"flush_convoy":         FlushConvoy,
	"error_path_unlock":    ErrorPathUnlock,
	"result_after_timeout": ResultAfterTimeout,
	"done_never_sent":      DoneNeverSent,
	"errgroup_first_error": FirstErrorOnly,
}

// Names lists the kernels in a stable order.
func Names() []string {
	var v []string
	for k := range Kernels {
		v = append(v, k)
	}
	sort.Strings(v)
	return v
}

// Start runs kernel name; false if there is no such kernel.
func Start(name string) bool {
	k, ok := Kernels[name]
	if !ok {
		return false
	}
	k()
	time.Sleep(150 * time.Millisecond)
	return true
}

// --- lock-order inversion between two instances of one type (account transfer) ---

type Account struct {
	mu      sync.Mutex
	balance int
}

func transfer(from, to *Account, amount int, gate *sync.WaitGroup) {
	from.mu.Lock()
	defer from.mu.Unlock()
	gate.Done()
	gate.Wait()
	to.mu.Lock() // MECHANISM: ab_ba_cycle
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

func TransferABBA() {
	a, b := &Account{balance: 100}, &Account{balance: 100}
	var gate sync.WaitGroup
	gate.Add(2)
	go transfer(a, b, 10, &gate)
	go transfer(b, a, 20, &gate)
}

// --- config reload against stats collection: two package-level locks ---

var (
	configMu sync.Mutex
	statsMu  sync.Mutex
	config   = map[string]string{}
	stats    = map[string]int{}
)

func reloadConfig(gate *sync.WaitGroup) {
	configMu.Lock()
	defer configMu.Unlock()
	config["reloaded"] = "yes"
	gate.Done()
	gate.Wait()
	statsMu.Lock() // MECHANISM: ab_ba_cycle
	stats["reloads"]++
	statsMu.Unlock()
}

func collectStats(gate *sync.WaitGroup) {
	statsMu.Lock()
	defer statsMu.Unlock()
	gate.Done()
	gate.Wait()
	configMu.Lock() // MECHANISM: ab_ba_cycle
	stats["keys"] = len(config)
	configMu.Unlock()
}

func ReloadABBA() {
	var gate sync.WaitGroup
	gate.Add(2)
	go reloadConfig(&gate)
	go collectStats(&gate)
}

// --- a helper that takes the lock its caller already holds ---

type LRU struct {
	mu    sync.Mutex
	items map[string]int
	limit int
}

func (c *LRU) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	if len(c.items) > c.limit {
		c.evictOldest()
	}
}

func (c *LRU) evictOldest() {
	c.mu.Lock() // MECHANISM: self_deadlock
	defer c.mu.Unlock()
	for k := range c.items {
		delete(c.items, k)
		break
	}
}

func EvictDoubleLock() {
	c := &LRU{items: map[string]int{}, limit: 1}
	go func() {
		c.Put("a", 1)
		c.Put("b", 2)
	}()
}

// --- Lock written where Unlock was meant, on a rarely taken path ---

type Registry struct {
	mu    sync.Mutex
	names map[string]bool
}

func (r *Registry) Register(name string) error {
	r.mu.Lock()
	if r.names[name] {
		r.mu.Lock() // MECHANISM: self_deadlock
		return errors.New("duplicate")
	}
	r.names[name] = true
	r.mu.Unlock()
	return nil
}

func TypoDoubleLock() {
	r := &Registry{names: map[string]bool{}}
	go func() {
		_ = r.Register("x")
		_ = r.Register("x")
	}()
}

// --- upgrading a read lock to a write lock ---

type Index struct {
	rw   sync.RWMutex
	keys map[string]int
}

func (ix *Index) GetOrCreate(k string) int {
	ix.rw.RLock()
	defer ix.rw.RUnlock()
	if v, ok := ix.keys[k]; ok {
		return v
	}
	ix.rw.Lock() // MECHANISM: self_deadlock
	ix.keys[k] = len(ix.keys)
	ix.rw.Unlock()
	return ix.keys[k]
}

func UpgradeRLock() {
	ix := &Index{keys: map[string]int{}}
	go ix.GetOrCreate("k")
}

// --- RLock re-entered through a helper while a writer waits ---

type Catalog struct {
	rw    sync.RWMutex
	items map[string]int
}

func (c *Catalog) Total(gate chan struct{}) int {
	c.rw.RLock()
	defer c.rw.RUnlock()
	<-gate
	n := 0
	for k := range c.items {
		n += c.price(k)
	}
	return n
}

func (c *Catalog) price(k string) int {
	c.rw.RLock() // MECHANISM: recursive_rlock
	defer c.rw.RUnlock()
	return c.items[k]
}

func (c *Catalog) Update(k string, v int) {
	c.rw.Lock()
	c.items[k] = v
	c.rw.Unlock()
}

func RecursiveRLock() {
	c := &Catalog{items: map[string]int{"a": 1}}
	gate := make(chan struct{})
	go c.Total(gate)
	time.Sleep(20 * time.Millisecond)
	go c.Update("b", 2)
	time.Sleep(20 * time.Millisecond)
	close(gate)
}

// --- a lock held across a channel send nobody receives; callers queue ---

type Store struct {
	mu      sync.Mutex
	data    map[string]int
	backups chan map[string]int
}

func (s *Store) Snapshot() {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := map[string]int{}
	for k, v := range s.data {
		cp[k] = v
	}
	s.backups <- cp
}

func (s *Store) Get(k string) int {
	s.mu.Lock() // MECHANISM: lock_convoy
	defer s.mu.Unlock()
	return s.data[k]
}

func SnapshotConvoy() {
	s := &Store{data: map[string]int{"a": 1}, backups: make(chan map[string]int)}
	go s.Snapshot()
	time.Sleep(20 * time.Millisecond)
	for i := 0; i < 6; i++ {
		go s.Get("a")
	}
}

// --- a flush that waits for an acknowledgement while holding the buffer lock ---

type Buffer struct {
	mu   sync.Mutex
	buf  []string
	acks chan struct{}
}

func (b *Buffer) Flush() {
	b.mu.Lock()
	b.buf = b.buf[:0]
	<-b.acks
	b.mu.Unlock()
}

func (b *Buffer) Append(s string) {
	b.mu.Lock() // MECHANISM: lock_convoy
	b.buf = append(b.buf, s)
	b.mu.Unlock()
}

func FlushConvoy() {
	b := &Buffer{acks: make(chan struct{})}
	go b.Flush()
	time.Sleep(20 * time.Millisecond)
	for i := 0; i < 4; i++ {
		go b.Append("line")
	}
}

// --- an error path returns without Unlock; every later caller blocks ---

type Pool struct {
	mu   sync.Mutex
	free []int
}

var errEmpty = errors.New("pool empty")

func (p *Pool) Take() (int, error) {
	p.mu.Lock() // MECHANISM: lock_never_released
	if len(p.free) == 0 {
		return 0, errEmpty
	}
	v := p.free[0]
	p.free = p.free[1:]
	p.mu.Unlock()
	return v, nil
}

func ErrorPathUnlock() {
	p := &Pool{}
	_, _ = p.Take()
	for i := 0; i < 2; i++ {
		go func() { _, _ = p.Take() }()
	}
}

// --- the worker's result outlives the caller that stopped waiting ---

func lookup(timeout time.Duration) (string, error) {
	res := make(chan string)
	go func() {
		time.Sleep(20 * time.Millisecond)
		res <- "value" // MECHANISM: partnerless_channel
	}()
	select {
	case v := <-res:
		return v, nil
	case <-time.After(timeout):
		return "", errors.New("timeout")
	}
}

func ResultAfterTimeout() {
	go func() { _, _ = lookup(time.Millisecond) }()
}

// --- a done channel that the error path never signals ---

func runJob(fail bool, done chan<- struct{}) {
	if fail {
		return
	}
	done <- struct{}{}
}

func waitJob(fail bool) {
	done := make(chan struct{})
	go runJob(fail, done)
	<-done // MECHANISM: partnerless_channel
}

func DoneNeverSent() {
	go waitJob(true)
}

// --- every worker reports its error, the caller reads only the first ---

func fetchAll(n int) error {
	errc := make(chan error)
	for i := 0; i < n; i++ {
		go func() {
			errc <- errors.New("unreachable") // MECHANISM: partnerless_channel
		}()
	}
	return <-errc
}

func FirstErrorOnly() {
	go func() { _ = fetchAll(4) }()
}
