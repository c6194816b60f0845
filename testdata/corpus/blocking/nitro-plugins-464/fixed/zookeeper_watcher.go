package fixed

import "errors"

type Result struct {
	Action  string
	Service string
}

type result struct {
	res *Result
	err error
}

type watchResponse struct {
	event string
	path  string
	err   error
}

var (
	ErrWatcherStopped = errors.New("watcher stopped")
	errNoNode         = errors.New("zk: node does not exist")
)

// zookeeperWatcher turns ZooKeeper watch events on the services path into
// registry results, read one at a time by Next.
type zookeeperWatcher struct {
	stop     chan bool
	respChan chan watchResponse
	results  chan result
	lookup   func(path string) (string, error)
}

func newWatcher(lookup func(string) (string, error)) *zookeeperWatcher {
	zw := &zookeeperWatcher{stop: make(chan bool), respChan: make(chan watchResponse), results: make(chan result), lookup: lookup}
	go zw.watch()
	return zw
}

// send hands r to Next unless the watcher is stopped.
func (zw *zookeeperWatcher) send(r result) bool {
	select {
	case zw.results <- r:
		return true
	case <-zw.stop:
		return false
	}
}

func (zw *zookeeperWatcher) watch() {
	for {
		select {
		case <-zw.stop:
			return
		case rsp := <-zw.respChan:
			if rsp.err != nil {
				if !zw.send(result{nil, rsp.err}) {
					return
				}
				continue
			}
			svc, err := zw.lookup(rsp.path)
			if err != nil {
				if !zw.send(result{nil, err}) {
					return
				}
				continue
			}
			if !zw.send(result{&Result{Action: rsp.event, Service: svc}, nil}) {
				return
			}
		}
	}
}

// Next returns the next change, or ErrWatcherStopped once stopped.
func (zw *zookeeperWatcher) Next() (*Result, error) {
	select {
	case <-zw.stop:
		return nil, ErrWatcherStopped
	case r := <-zw.results:
		return r.res, r.err
	}
}

func (zw *zookeeperWatcher) Stop() {
	select {
	case <-zw.stop:
	default:
		close(zw.stop)
	}
}
