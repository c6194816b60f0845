package fixed

import "time"

type CacheObj struct {
	Kind string // "exec", "exit"
	PID  uint32
}

// Cache holds events that arrived before the process information they need;
// one goroutine owns the cache and retries it on every tick.
type Cache struct {
	objsChan  chan CacheObj
	done      chan struct{}
	interval  time.Duration
	cache     []CacheObj
	known     map[uint32]bool
	processed int
}

func NewCache(interval time.Duration) *Cache {
	ec := &Cache{objsChan: make(chan CacheObj), done: make(chan struct{}), interval: interval, known: map[uint32]bool{}}
	go ec.loop()
	return ec
}

// Add queues an event for the cache goroutine.
func (ec *Cache) Add(obj CacheObj) {
	ec.objsChan <- obj
}

func (ec *Cache) loop() {
	ticker := time.NewTicker(ec.interval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			ec.handleEvents()
		case obj := <-ec.objsChan:
			if obj.Kind == "exec" {
				ec.known[obj.PID] = true
			}
			ec.cache = append(ec.cache, obj)
		case <-ec.done:
			return
		}
	}
}

func (ec *Cache) handleEvents() {
	var keep []CacheObj
	for _, obj := range ec.cache {
		if obj.Kind == "exit" && !ec.known[obj.PID] {
			// An exit seen before its exec (out of order): insert the exec
			// from /proc so the exit can be matched on the next pass.
			ec.known[obj.PID] = true
			// From another goroutine: this one is the only receiver of Add.
			go ec.Add(CacheObj{Kind: "exec", PID: obj.PID})
			keep = append(keep, obj)
			continue
		}
		ec.processed++
	}
	ec.cache = keep
}
