package main

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

type Order struct {
	ID     string
	Items  []string
	Amount int64
}

// Store keeps orders in the database and a read-through cache in memory.
type Store struct {
	db    *sql.DB
	mu    sync.Mutex
	cache map[string]Order
	hits  int
}

func NewStore(db *sql.DB) *Store {
	return &Store{db: db, cache: make(map[string]Order)}
}

func (s *Store) Migrate(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, amount INTEGER)`)
	return err
}

func (s *Store) Get(ctx context.Context, id string) (Order, error) {
	s.mu.Lock()
	if o, ok := s.cache[id]; ok {
		s.hits++
		s.mu.Unlock()
		return o, nil
	}
	s.mu.Unlock()

	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	row := s.db.QueryRowContext(ctx, `SELECT id, amount FROM orders WHERE id = ?`, id)
	var o Order
	if err := row.Scan(&o.ID, &o.Amount); err != nil {
		return Order{}, err
	}
	cancel()
	s.put(o)
	return o, nil
}

func (s *Store) put(o Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache[o.ID] = o
}

// Save writes a batch of orders, one transaction each.
func (s *Store) Save(ctx context.Context, orders []Order) error {
	for _, o := range orders {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `INSERT INTO orders VALUES (?, ?)`, o.ID, o.Amount); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		s.put(o)
	}
	return nil
}

// Invalidate drops cached orders; it runs from the admin endpoint.
func (s *Store) Invalidate(ids []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if _, ok := s.cache[id]; ok {
			s.evict(id)
		}
	}
}

func (s *Store) evict(id string) {
	s.mu.Lock()
	delete(s.cache, id)
	s.mu.Unlock()
}

// Price is the current list price of a SKU.
func (s *Store) Price(ctx context.Context, sku string) (int64, error) {
	var p int64
	err := s.db.QueryRowContext(ctx, `SELECT price FROM prices WHERE sku = ?`, sku).Scan(&p)
	return p, err
}
