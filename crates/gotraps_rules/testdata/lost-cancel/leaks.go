package fixtures

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"net/http"
	"time"
)

type Order struct {
	ID     string
	Amount int64
}

type Store struct {
	db *sql.DB
}

// Get cancels only on the success path: every failed lookup leaks a timer.
func (s *Store) Get(ctx context.Context, id string) (Order, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second) // want `.cancel. from .context.WithTimeout. is not called on every path \(not before the return at line 26\)`
	var o Order
	if err := s.db.QueryRowContext(ctx, `SELECT id, amount FROM orders WHERE id = ?`, id).Scan(&o.ID, &o.Amount); err != nil {
		return Order{}, err
	}
	cancel()
	return o, nil
}

// Ping throws the cancel func away.
func Ping(db *sql.DB) error {
	ctx, _ := context.WithTimeout(context.Background(), time.Second) // want `cancel func of .context.WithTimeout. is discarded`
	return db.PingContext(ctx)
}

var errBusy = errors.New("busy")

// waitSlot cancels on two of three outcomes of the select.
func waitSlot(parent context.Context, slots chan struct{}) error {
	ctx, stop := context.WithDeadline(parent, time.Now().Add(time.Second)) // want `.stop. from .context.WithDeadline. is not called on every path`
	select {
	case slots <- struct{}{}:
		stop()
		return nil
	case <-ctx.Done():
		return errBusy
	}
}

// poll breaks out of its loop on success only after cancelling; the error path does not.
func poll(parent context.Context, check func(context.Context) (bool, error)) error {
	ctx, cancel := context.WithCancelCause(parent) // want `.cancel. from .context.WithCancelCause. is not called`
	for {
		ok, err := check(ctx)
		if err != nil {
			return err
		}
		if ok {
			cancel(nil)
			break
		}
	}
	return nil
}

// handle falls off its end without cancelling when the method is not POST.
func handle(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second) // want `not called on every path \(not before the return at the end of the function\)`
	if r.Method == http.MethodPost {
		defer cancel()
		submit(ctx, w)
		return
	}
	w.WriteHeader(http.StatusMethodNotAllowed)
}

func submit(ctx context.Context, w http.ResponseWriter) {}

// Worker keeps its cancel func in a field that nothing ever calls.
type Worker struct {
	ctx    context.Context
	cancel context.CancelFunc
	jobs   chan func(context.Context)
}

func NewWorker(parent context.Context) *Worker {
	w := &Worker{jobs: make(chan func(context.Context))}
	w.ctx, w.cancel = context.WithCancel(parent) // want `stored in field .cancel., which nothing in this package calls`
	go func() {
		for job := range w.jobs {
			job(w.ctx)
		}
	}()
	return w
}

// A goroutine body is a function of its own: the early return leaks.
func startReporter(parent context.Context, report func(context.Context) error) {
	go func() {
		ctx, cancel := context.WithTimeout(parent, time.Minute) // want `.cancel. from .context.WithTimeout. is not called`
		if err := report(ctx); err != nil {
			log.Print(err)
			return
		}
		cancel()
	}()
}

// A switch without default may run no case at all.
func route(ctx context.Context, kind string) error {
	ctx, cancel := context.WithCancel(ctx) // want `.cancel. from .context.WithCancel. is not called`
	switch kind {
	case "a":
		defer cancel()
		return submitA(ctx)
	case "b":
		cancel()
	}
	return nil
}

func submitA(ctx context.Context) error { return ctx.Err() }
