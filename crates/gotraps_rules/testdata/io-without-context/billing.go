package fixtures

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
)

type Order struct {
	ID     string
	Amount int64
}

type BillingClient struct {
	url  string
	http *http.Client
}

func (c *BillingClient) Charge(ctx context.Context, o Order) error {
	body, _ := json.Marshal(o)
	req, err := http.NewRequest(http.MethodPost, c.url+"/charge", bytes.NewReader(body)) // want `.http.NewRequest. ignores .ctx.`
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type Store struct {
	db *sql.DB
}

func (s *Store) Count(w http.ResponseWriter, r *http.Request) {
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil { // want `.QueryRow. ignores .r.Context\(\).`
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(n)
}

func saveAll(ctx context.Context, tx *sql.Tx, orders []Order) error {
	for _, o := range orders {
		if _, err := tx.Exec(`INSERT INTO orders VALUES (?, ?)`, o.ID, o.Amount); err != nil { // want `.Exec. ignores .ctx.`
			return err
		}
	}
	return nil
}

// A closure sees the handler's request.
func (s *Store) Health(w http.ResponseWriter, r *http.Request) {
	check := func() error {
		return s.db.Ping() // want `.Ping. ignores .r.Context\(\).`
	}
	if check() != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}
