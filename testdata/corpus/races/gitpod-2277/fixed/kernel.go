package fixed

import "sync"

type Monitor struct {
	initializerMapLock sync.Mutex
	initializerMap     map[string]struct{}
}

func NewMonitor() *Monitor {
	return &Monitor{initializerMap: map[string]struct{}{}}
}

// initializeWorkspaceContent runs on its own goroutine for each starting workspace.
func (m *Monitor) initializeWorkspaceContent(id string) {
	m.initializerMapLock.Lock()
	m.initializerMap[id] = struct{}{}
	m.initializerMapLock.Unlock()
}

// isInitializing is called from the pod event handler.
func (m *Monitor) isInitializing(id string) bool {
	m.initializerMapLock.Lock()
	defer m.initializerMapLock.Unlock()
	_, ok := m.initializerMap[id]
	return ok
}

func (m *Monitor) onPodEvent(id string) string {
	if m.isInitializing(id) {
		return "initializing"
	}
	return "running"
}
