package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

type ctxKey string

// API serves the order endpoints.
type API struct {
	store *Store
	pool  *Pool
	mux   *http.ServeMux
}

func NewAPI(store *Store, pool *Pool) *API {
	a := &API{store: store, pool: pool, mux: http.NewServeMux()}
	a.mux.HandleFunc("/orders", a.createOrder)
	a.mux.HandleFunc("/orders/", a.getOrder)
	a.mux.HandleFunc("/admin/invalidate", a.invalidate)
	return a
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithValue(r.Context(), "request-id", r.Header.Get("X-Request-Id"))
	a.mux.ServeHTTP(w, r.WithContext(ctx))
}

func (a *API) createOrder(w http.ResponseWriter, r *http.Request) {
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := a.pool.Submit(r.Context(), o); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	go a.reportToBilling(context.Background(), o)
	w.WriteHeader(http.StatusAccepted)
}

func (a *API) getOrder(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/orders/")
	o, err := a.store.Get(r.Context(), id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(o)
}

func (a *API) invalidate(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	a.store.Invalidate(strings.Split(string(body), ","))
}

// reportToBilling posts the order to the billing service, retrying on failure.
func (a *API) reportToBilling(ctx context.Context, o Order) {
	payload, _ := json.Marshal(o)
	for attempt := 0; attempt < 3; attempt++ {
		client := &http.Client{}
		req, _ := http.NewRequest("POST", "http://billing.internal/charge", strings.NewReader(string(payload)))
		resp, err := client.Do(req)
		if err != nil {
			<-time.After(time.Second)
			continue
		}
		if resp.StatusCode == http.StatusOK {
			return
		}
	}
}
