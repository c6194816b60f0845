// Command orders handles SIGTERM in another file of the package.
package main

import (
	"log"
	"net/http"
)

func main() {
	srv := &http.Server{Addr: ":8080"}
	go shutdownOnSignal(srv)
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
