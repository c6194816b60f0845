// Command orders is a small order-processing service: an HTTP API in front of a
// worker pool that prices orders and reports them to a billing service.
package main

import (
	"context"
	"database/sql"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	dsn := flag.String("db", "orders.db", "database")
	flag.Parse()

	db, err := sql.Open("sqlite", *dsn)
	if err != nil {
		log.Fatalf("open: %v", err)
	}
	defer db.Close()

	store := NewStore(db)
	pool := NewPool(8, store)
	defer pool.Close()

	if err := store.Migrate(context.Background()); err != nil {
		log.Fatalf("migrate: %v", err)
	}

	srv := &http.Server{Addr: *addr, Handler: NewAPI(store, pool)}

	stop := make(chan os.Signal)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-stop
		log.Print("shutting down")
		srv.Shutdown(context.Background())
		os.Exit(0)
	}()

	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
