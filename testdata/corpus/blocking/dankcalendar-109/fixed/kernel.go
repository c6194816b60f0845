// Package bug models a process-wide logger built lazily on first use, whose
// output file can come from the environment.
package fixed

import (
	"io"
	"os"
	"sync"
)

type Logger struct {
	mu  sync.Mutex
	out io.Writer
}

func (l *Logger) Printf(format string, args ...any) {}

var (
	logger     *Logger
	loggerOnce sync.Once
	openFile   = func(path string) (io.Writer, error) {
		return os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	}
	lookupEnv = os.LookupEnv
)

// GetLogger returns the process logger, creating it on first use.
func GetLogger() *Logger {
	loggerOnce.Do(func() {
		logger = &Logger{out: os.Stderr}
		if path, ok := lookupEnv("DANKCAL_LOG_FILE"); ok {
			setLogFile(logger, path)
		}
	})
	return logger
}

// SetLogFile redirects the process logger to path.
func SetLogFile(path string) error {
	return setLogFile(GetLogger(), path)
}

// setLogFile is used inside loggerOnce, where GetLogger must not be called.
func setLogFile(l *Logger, path string) error {
	w, err := openFile(path)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.out = w
	l.mu.Unlock()
	return nil
}
