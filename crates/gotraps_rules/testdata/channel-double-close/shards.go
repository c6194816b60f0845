package worker

// Indexed channels: chans[i] is one channel for one value of i, and another on the
// next iteration.

// closeShards closes each shard's channel once.
func closeShards(chans []chan int) {
	for i := range chans {
		close(chans[i])
	}
}

// closeFirst closes the first shard in the cleanup path and again at the end.
func closeFirst(chans []chan int, failed bool) {
	if failed {
		close(chans[0])
	}
	close(chans[0]) // the cleanup path may have closed it: not definite, no finding
}

// closeTwice closes the same shard twice on one path.
func closeTwice(chans []chan int, i int) {
	close(chans[i])
	close(chans[i]) // want `GT027 channel-double-close: .chans\[i\]. closed again on a path where it is already closed`
}
