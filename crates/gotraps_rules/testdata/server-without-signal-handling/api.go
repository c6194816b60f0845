package main

import "net/http"

// Not main: helpers that serve are judged where main calls them.
func newAPI() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {})
	return mux
}

func serveDebug(addr string) error {
	return http.ListenAndServe(addr, nil)
}
