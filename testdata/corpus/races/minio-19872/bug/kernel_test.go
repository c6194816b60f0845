//go:build corpusrace

package bug

import "testing"

func TestKernel(t *testing.T) {
	tracker := &healingTracker{}
	healErasureSet([]string{"photos", "logs", "backups"}, tracker)
}
