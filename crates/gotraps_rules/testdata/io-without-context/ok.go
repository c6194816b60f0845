package fixtures

import (
	"context"
	"database/sql"
	"net/http"
)

// No context in scope: nothing to pass.
func healthURL(base string) (*http.Request, error) {
	return http.NewRequest(http.MethodGet, base+"/healthz", nil)
}

func (s *Store) Load(ctx context.Context, id string) (Order, error) {
	var o Order
	err := s.db.QueryRowContext(ctx, `SELECT id, amount FROM orders WHERE id = ?`, id).Scan(&o.ID, &o.Amount)
	return o, err
}

// Exec on something that is not a database handle.
type shell struct{}

func (shell) Exec(cmd string) error { return nil }

func runMigrations(ctx context.Context, sh shell) error {
	return sh.Exec("migrate up")
}

func initSchema(db *sql.DB) error {
	_, err := db.Exec(`CREATE TABLE IF NOT EXISTS orders (id TEXT, amount INTEGER)`)
	return err
}
