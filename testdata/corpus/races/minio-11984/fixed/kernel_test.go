//go:build corpusrace

package fixed

import (
	"sync"
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	s := &xlStorage{drivePath: "/mnt/disk1", readFormat: func() (string, bool) { return "disk-1", true }}
	d := &xlStorageDiskIDCheck{storage: s, diskID: "disk-1"}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // getBucketInfo's errgroup
		defer wg.Done()
		d.StatVol("photos")
	}()
	time.Sleep(5 * time.Millisecond)
	d.CheckFile("photos", "2021/a.jpg") // parentDirIsObject's errgroup
	wg.Wait()
}
