// Package bug models a class in a RAFT-replicated schema, guarded by a
// write-preferring sync.RWMutex.
package fixed

import (
	"errors"
	"sync"
)

var errShardNotFound = errors.New("shard not found")

type MultiTenancyConfig struct{ Enabled bool }

type Class struct {
	Name        string
	MultiTenant MultiTenancyConfig
}

type Physical struct {
	Owner  string
	Status string
}

type metaClass struct {
	sync.RWMutex
	Class    Class
	Sharding map[string]Physical
	Version  uint64
	trace    func(op, shard string)
}

// MultiTenancyConfig is exported for callers outside the lock.
func (m *metaClass) MultiTenancyConfig() MultiTenancyConfig {
	m.RLock()
	defer m.RUnlock()
	return m.multiTenancyConfig()
}

// multiTenancyConfig expects the caller to hold the lock.
func (m *metaClass) multiTenancyConfig() MultiTenancyConfig {
	return m.Class.MultiTenant
}

// ShardOwner resolves the node that owns shard, skipping inactive tenants.
func (m *metaClass) ShardOwner(shard string) (string, error) {
	m.RLock()
	defer m.RUnlock()
	m.trace("ShardOwner", shard)
	p, ok := m.Sharding[shard]
	if !ok {
		return "", errShardNotFound
	}
	if m.multiTenancyConfig().Enabled && p.Status != "HOT" {
		return "", errors.New("tenant not active")
	}
	return p.Owner, nil
}

// AddTenant is applied by the RAFT FSM on schema updates.
func (m *metaClass) AddTenant(name, owner string) {
	m.Lock()
	defer m.Unlock()
	m.Sharding[name] = Physical{Owner: owner, Status: "HOT"}
	m.Version++
}
