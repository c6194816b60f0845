package bug

import "time"

// HealthCheckSession stands in for a protocol-specific health check of one
// host (a TCP dial, an HTTP probe...).
type HealthCheckSession interface {
	CheckHealth() bool
}

type checkResponse struct {
	ID      uint64
	Healthy bool
}

// sessionChecker runs the periodic health check of one upstream host; its
// Start loop owns the check state and receives results on resp.
type sessionChecker struct {
	Session  HealthCheckSession
	interval time.Duration
	resp     chan checkResponse
	stop     chan struct{}
	checkID  uint64
	healthy  bool
}

func newChecker(s HealthCheckSession, interval time.Duration) *sessionChecker {
	return &sessionChecker{Session: s, interval: interval, resp: make(chan checkResponse), stop: make(chan struct{})}
}

func (c *sessionChecker) Start() {
	ticker := time.NewTicker(c.interval)
	defer ticker.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-ticker.C:
			c.checkID++
			go c.OnCheck(c.checkID)
		case r := <-c.resp:
			if r.ID == c.checkID {
				c.healthy = r.Healthy
			}
		}
	}
}

// OnCheck runs one check and reports it to the Start loop.
func (c *sessionChecker) OnCheck(id uint64) {
	healthy := c.Session.CheckHealth()
	c.resp <- checkResponse{ID: id, Healthy: healthy} // corpus:blocks
}

// Stop is called when the host is removed from the cluster (e.g. a DNS
// change of a strict_dns cluster).
func (c *sessionChecker) Stop() { close(c.stop) }
