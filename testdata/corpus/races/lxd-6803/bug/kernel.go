package bug

import "sync"

var ongoingOperationMutex sync.Mutex
var ongoingOperationMap = map[string]chan struct{}{}

// Lock blocks until no other operation holds name, then returns its unlock function.
func Lock(name string) func() {
	for {
		waitCh, exists := ongoingOperationMap[name] // corpus:race
		if !exists {
			ongoingOperationMutex.Lock()
			ch := make(chan struct{})
			ongoingOperationMap[name] = ch // corpus:race
			ongoingOperationMutex.Unlock()
			return func() {
				ongoingOperationMutex.Lock()
				delete(ongoingOperationMap, name)
				ongoingOperationMutex.Unlock()
				close(ch)
			}
		}
		<-waitCh
	}
}
