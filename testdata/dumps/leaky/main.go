// Command leaky starts one known goroutine leak or deadlock (see package
// scenarios), serves net/http/pprof on 127.0.0.1 and waits to be inspected.
//
//	leaky -mode sendtimeout -n 50 [-addr 127.0.0.1:0]
//
// It prints "READY <addr>" once the leak is in place. Extra endpoint /stack
// returns runtime.Stack(buf, true) wrapped in log lines, like an application
// that logs its own dump. Mode "deadlock" starts no server: the runtime
// detects that every goroutine is asleep and crashes with a full dump.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"

	"gotraps.test/leaky/scenarios"
)

func main() {
	mode := flag.String("mode", "sendtimeout", "scenario to start")
	n := flag.Int("n", 20, "number of leaked goroutines")
	addr := flag.String("addr", "127.0.0.1:0", "pprof listen address")
	flag.Parse()
	if *mode == "deadlock" {
		scenarios.Deadlock()
		return
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/stack", func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 8<<20)
		k := runtime.Stack(buf, true)
		fmt.Fprintf(w, "2026/05/01 12:00:00 INFO dumping goroutines\r\n")
		w.Write(buf[:k])
		fmt.Fprintf(w, "\n2026/05/01 12:00:00 INFO dump done\n")
	})
	go http.Serve(ln, nil)
	if err := scenarios.Start(*mode, *n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("READY %s\n", ln.Addr())
	select {}
}
