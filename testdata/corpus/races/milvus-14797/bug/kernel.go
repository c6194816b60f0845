package bug

import "sync"

type collectionInfo struct {
	collID int64
	schema string
}

type MetaCache struct {
	mu       sync.RWMutex
	collInfo map[string]*collectionInfo
	// describe stands in for the RPC to root coord.
	describe func(name string) *collectionInfo
}

func (m *MetaCache) GetCollectionID(name string) int64 {
	m.mu.RLock()
	info, ok := m.collInfo[name]
	m.mu.RUnlock()
	if ok {
		return info.collID
	}
	return m.update(name).collID
}

func (m *MetaCache) update(name string) *collectionInfo {
	info := m.describe(name)
	m.mu.RLock()
	defer m.mu.RUnlock()
	m.collInfo[name] = info // corpus:race
	return info
}
