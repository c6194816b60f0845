package fixed

import "fmt"

const restoreWorkerCount = 2

type ExpirationManager struct {
	loadEntry func(leaseID string) error
	restored  int
}

// Restore loads every lease with a pool of workers and stops at the first
// error. Workers report one error or one result per lease.
func (m *ExpirationManager) Restore(leaseIDs []string) error {
	broker := make(chan string, len(leaseIDs))
	for _, id := range leaseIDs {
		broker <- id
	}
	close(broker)

	// Room for a report per lease, so workers finish after an early return.
	errs := make(chan error, len(leaseIDs))
	result := make(chan struct{}, len(leaseIDs))
	for i := 0; i < restoreWorkerCount; i++ {
		go func() {
			for leaseID := range broker {
				if err := m.loadEntry(leaseID); err != nil {
					errs <- fmt.Errorf("failed to load lease %s: %w", leaseID, err)
					continue
				}
				result <- struct{}{}
			}
		}()
	}

	for range leaseIDs {
		select {
		case err := <-errs:
			return err
		case <-result:
			m.restored++
		}
	}
	return nil
}
