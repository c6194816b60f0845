package cache

import (
	"os"
	"sync"
)

// A process-wide config loaded once; the loader reports through a helper that asks for
// the config again, so the inner Do waits for the Do that is running it.
type Config struct {
	Verbose bool
}

var (
	config     *Config
	configOnce sync.Once
)

func loadConfig() *Config {
	configOnce.Do(func() { // want `GT422 reentrant-lock-via-call: .configOnce\.Do\(\.\.\.\). waits for the Once .configOnce., whose function this goroutine is running: .*loadConfig. started it .* a sync\.Once waits for its function to return`
		config = &Config{}
		if os.Getenv("APP_VERBOSE") != "" {
			enableVerbose()
		}
	})
	return config
}

func enableVerbose() {
	c := loadConfig()
	c.Verbose = true
}

// A lazily checked manifest: the check, wrapped by sync.OnceValue, reads the entries
// through the accessor that runs the check.
type Manifest struct {
	load    func() ([]string, error)
	checked func() error
}

func newManifest(load func() ([]string, error)) *Manifest {
	m := &Manifest{load: load}
	m.checked = sync.OnceValue(func() error {
		_, err := m.Entries()
		return err
	})
	return m
}

func (m *Manifest) Entries() ([]string, error) {
	if err := m.checked(); err != nil { // want `GT422 reentrant-lock-via-call: .m\.checked\(\). waits for the Once .m\.checked.`
		return nil, err
	}
	return m.load()
}
