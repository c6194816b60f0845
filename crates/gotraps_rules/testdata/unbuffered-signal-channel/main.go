package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type app struct {
	srv  *http.Server
	quit chan os.Signal
}

func newApp() *app {
	return &app{srv: &http.Server{Addr: ":8080"}, quit: make(chan os.Signal)}
}

func (a *app) run() {
	signal.Notify(a.quit, syscall.SIGTERM) // want `signal.Notify. on unbuffered channel .a.quit.`
	go a.srv.ListenAndServe()
	<-a.quit
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.srv.Shutdown(ctx)
}

func main() {
	stop := make(chan os.Signal)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM) // want `signal.Notify. on unbuffered channel .stop.`
	newApp().run()
	<-stop
}
