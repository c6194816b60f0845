package fixed

import "sync"

var ongoingOperationMutex sync.Mutex
var ongoingOperationMap = map[string]chan struct{}{}

// Lock blocks until no other operation holds name, then returns its unlock function.
func Lock(name string) func() {
	for {
		ongoingOperationMutex.Lock()
		waitCh, exists := ongoingOperationMap[name]
		if !exists {
			ch := make(chan struct{})
			ongoingOperationMap[name] = ch
			ongoingOperationMutex.Unlock()
			return func() {
				ongoingOperationMutex.Lock()
				delete(ongoingOperationMap, name)
				ongoingOperationMutex.Unlock()
				close(ch)
			}
		}
		ongoingOperationMutex.Unlock()
		<-waitCh
	}
}
