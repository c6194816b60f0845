package fixtures

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
)

type Order struct{ ID string }

type API struct {
	db      *sql.DB
	billing func(context.Context, Order) error
}

func (a *API) createOrder(w http.ResponseWriter, r *http.Request) {
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	go a.billing(context.Background(), o) // want `.context.Background\(\). where .r.Context\(\). is in scope`
	w.WriteHeader(http.StatusAccepted)
}

func (a *API) lookup(ctx context.Context, id string) (*sql.Row, error) {
	row := a.db.QueryRowContext(context.TODO(), `SELECT id FROM orders WHERE id = ?`, id) // want `.context.TODO\(\). where .ctx. is in scope`
	return row, nil
}

// A closure inherits the enclosing function's context.
func (a *API) fanOut(ctx context.Context, orders []Order) {
	for _, o := range orders {
		go func(o Order) {
			a.billing(context.Background(), o) // want `where .ctx. is in scope`
		}(o)
	}
}

// A context derived locally from the request.
func (a *API) audit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	bg := context.Background() // want `where .ctx. is in scope`
	_ = a.billing(bg, Order{ID: r.URL.Path})
	_ = ctx
}
