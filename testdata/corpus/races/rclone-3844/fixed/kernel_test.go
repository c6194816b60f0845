//go:build corpusrace

package fixed

import (
	"errors"
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	groups := &statsGroups{m: map[string]*StatsInfo{}}
	stats := &StatsInfo{}
	groups.set("job/1", stats)
	wg := walk([]string{"remote:photos"}, func(string) error { return errors.New("directory not found") }, stats.Error)
	time.Sleep(5 * time.Millisecond)
	groups.sum() // the rc server answering core/stats
	wg.Wait()
}
