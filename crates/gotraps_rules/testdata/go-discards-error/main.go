package main

import (
	"context"
	"log"
	"net"
	"net/http"
	"time"
)

type Syncer struct {
	peers []string
}

func (s *Syncer) SyncOnce(ctx context.Context) error { return nil }

func warmCache(ctx context.Context, keys []string) error { return nil }

func main() {
	ctx := context.Background()
	admin := &http.Server{Addr: ":9090"}
	go admin.ListenAndServe() // want `.go. discards the error returned by .ListenAndServe.`
	go http.ListenAndServe(":6060", nil) // want `discards the error returned by .http.ListenAndServe.`
	s := &Syncer{}
	go s.SyncOnce(ctx) // want `discards the error returned by .SyncOnce.`
	go warmCache(ctx, []string{"a"}) // want `discards the error returned by .warmCache.`

	l, err := net.Listen("tcp", ":8080")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{ReadHeaderTimeout: time.Second}
	if err := srv.Serve(l); err != nil {
		log.Fatal(err)
	}
}
