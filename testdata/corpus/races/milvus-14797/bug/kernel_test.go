//go:build corpusrace

package bug

import (
	"sync"
	"testing"
)

func TestKernel(t *testing.T) {
	m := &MetaCache{
		collInfo: map[string]*collectionInfo{},
		describe: func(name string) *collectionInfo { return &collectionInfo{collID: int64(len(name)), schema: name} },
	}
	var wg sync.WaitGroup
	for _, c := range []string{"books", "authors"} { // two proxies' requests
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			m.GetCollectionID(name)
		}(c)
	}
	wg.Wait()
}
