package bug

import "sync"

type Target struct {
	Keyspace, Shard, TabletType string
}

type StreamHealthResponse struct {
	Target  *Target
	Serving bool
	Lag     uint32
}

type TabletHealth struct {
	Target  *Target
	Serving bool
	Lag     uint32
}

type tabletHealthCheck struct {
	connMu  sync.Mutex
	Target  *Target
	Serving bool
	Lag     uint32
}

// processResponse runs on the tablet's checkConn goroutine.
func (thc *tabletHealthCheck) processResponse(shr *StreamHealthResponse) {
	thc.Target = shr.Target // corpus:race
	thc.Serving = shr.Serving
	thc.Lag = shr.Lag
}

func (thc *tabletHealthCheck) checkConn(stream <-chan *StreamHealthResponse) {
	for shr := range stream {
		thc.processResponse(shr)
	}
}

func (thc *tabletHealthCheck) SimpleCopy() *TabletHealth {
	thc.connMu.Lock()
	defer thc.connMu.Unlock()
	return &TabletHealth{Target: thc.Target, Serving: thc.Serving, Lag: thc.Lag} // corpus:race
}

type HealthCheck struct {
	mu            sync.Mutex
	healthByAlias map[string]*tabletHealthCheck
}

func (hc *HealthCheck) GetTabletHealthByAlias(alias string) *TabletHealth {
	hc.mu.Lock()
	thc := hc.healthByAlias[alias]
	hc.mu.Unlock()
	if thc == nil {
		return nil
	}
	return thc.SimpleCopy()
}
