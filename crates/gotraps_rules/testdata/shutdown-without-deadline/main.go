package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

type server struct {
	http  *http.Server
	admin *http.Server
}

func (s *server) stop() {
	ctx := context.Background()
	if err := s.admin.Shutdown(ctx); err != nil { // want `.Shutdown\(ctx\). has no deadline`
		log.Print(err)
	}
	s.http.Shutdown(context.TODO()) // want `.Shutdown\(context.TODO\(\)\). has no deadline`
}

func main() {
	srv := &http.Server{Addr: ":8080"}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	go func() {
		<-stop
		log.Print("shutting down")
		srv.Shutdown(context.Background()) // want `.Shutdown\(context.Background\(\)\). has no deadline`
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
