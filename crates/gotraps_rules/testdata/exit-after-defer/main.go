package main

import (
	"bufio"
	"database/sql"
	"log"
	lg "log"
	"os"
	"os/signal"
	"syscall"
)

func open() *sql.DB { return nil }

func main() {
	db := open()
	defer db.Close()

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	go func() {
		<-sigs
		os.Exit(0) // want `in a goroutine ends the process without running the deferred .db.Close\(\).`
	}()

	if err := migrate(db); err != nil {
		log.Fatalf("migrate: %v", err) // want `log.Fatalf. exits without running the deferred .db.Close\(\).`
	}
	if len(os.Args) > 2 {
		lg.Fatal("too many arguments") // want `log.Fatal. exits without running the deferred`
	}
}

func migrate(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("CREATE TABLE t (id int)"); err != nil {
		os.Exit(3) // want `os.Exit. exits without running the deferred .tx.Rollback\(\).`
	}
	return tx.Commit()
}

type worker struct {
	logger *log.Logger
}

// A *log.Logger's Fatal exits too: only the model knows what `w.logger` is.
func (w *worker) run(f *os.File, out *bufio.Writer) {
	defer out.Flush()
	if _, err := f.Stat(); err != nil {
		w.logger.Fatalf("stat: %v", err) // want `Logger.Fatalf. exits without running the deferred .out.Flush\(\).`
	}
}
