package bug

import (
	"context"
	"errors"
	"time"
)

// replication stands in for the Postgres logical replication connection.
type replication interface {
	ReceiveMessage(ctx context.Context) (string, error)
	SendStandbyStatus() error
}

type Listener struct {
	repl           replication
	statusInterval time.Duration
	publish        func(msg string)
}

// Process streams WAL messages and keeps the replication slot alive until
// either side fails.
func (l *Listener) Process(ctx context.Context) error {
	group, _ := WithContext(ctx) // corpus:culprit
	group.Go(func() error { return l.Stream(ctx) })
	group.Go(func() error { return l.SendPeriodicStatus(ctx) })
	return group.Wait()
}

func (l *Listener) Stream(ctx context.Context) error {
	for {
		msg, err := l.repl.ReceiveMessage(ctx)
		if err != nil {
			return err
		}
		l.publish(msg)
	}
}

func (l *Listener) SendPeriodicStatus(ctx context.Context) error {
	ticker := time.NewTicker(l.statusInterval)
	defer ticker.Stop()
	for {
		select { // corpus:blocks
		case <-ctx.Done():
			return nil
		case <-ticker.C:
			if err := l.repl.SendStandbyStatus(); err != nil {
				return err
			}
		}
	}
}

var errConnLost = errors.New("replication connection lost")
