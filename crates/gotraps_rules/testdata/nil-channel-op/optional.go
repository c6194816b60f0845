package pipeline

// nomodel: the local `close` helper shadows the builtin, which only the model tells apart

// stopOptional stops a subsystem that may never have been started: its stop channel
// stays nil then, and the local `close` helper (not the builtin) skips a nil channel.
func stopOptional(started bool, run func(chan struct{})) {
	var stop chan struct{}
	close := func(c chan struct{}) {
		if c != nil {
			close(c)
		}
	}
	if started {
		run(nil)
	}
	close(stop)
}
