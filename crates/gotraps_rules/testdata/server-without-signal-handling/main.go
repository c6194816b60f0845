// Command catalog serves the product catalog.
package main

import (
	"flag"
	"log"
	"net/http"
	"time"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	admin := flag.String("admin", ":9090", "admin address")
	flag.Parse()
	go func() {
		log.Print(http.ListenAndServe(*admin, http.DefaultServeMux)) // want `serves HTTP from .main. but the program never handles SIGTERM`
	}()
	srv := &http.Server{Addr: *addr, Handler: newAPI(), ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe()) // want `never handles SIGTERM`
}
