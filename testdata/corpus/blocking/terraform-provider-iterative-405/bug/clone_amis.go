package bug

import (
	"fmt"
	"sync"
)

type Image struct{ ID, Region string }

// ec2Client stands in for the AWS SDK's CopyImage call.
type ec2Client interface {
	CopyImage(src Image, region string) (Image, error)
}

// cloneToRegions copies the source AMI into every region in parallel and
// returns the new image IDs by region.
func cloneToRegions(client ec2Client, src Image, regions []string) (map[string]string, []error) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	ids := map[string]string{}
	var errs []error
	for _, region := range regions {
		wg.Add(1)
		go func(region string) { // corpus:culprit
			img, err := client.CopyImage(src, region)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", region, err))
				return
			}
			ids[region] = img.ID
		}(region)
	}
	wg.Wait() // corpus:blocks
	return ids, errs
}
