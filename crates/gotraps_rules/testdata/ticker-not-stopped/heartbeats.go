package fixtures

import "time"

// Pinger's ticker is never stopped; Prober stops a field of the same name, which is
// another ticker.
type Pinger struct {
	ticker *time.Ticker
	ping   func()
}

func (p *Pinger) Start(every time.Duration) {
	p.ticker = time.NewTicker(every) // want `ticker stored in field .ticker. is never stopped`
	go func() {
		for range p.ticker.C {
			p.ping()
		}
	}()
}

type Prober struct {
	ticker *time.Ticker
	probe  func()
	quit   chan struct{}
}

func (p *Prober) Start(every time.Duration) {
	p.ticker = time.NewTicker(every)
	go func() {
		for {
			select {
			case <-p.ticker.C:
				p.probe()
			case <-p.quit:
				return
			}
		}
	}()
}

func (p *Prober) Stop() {
	p.ticker.Stop()
	close(p.quit)
}
