package fixtures

import "context"

// A job whose `Context()` returns its labels, not a `context.Context`: no context is in
// scope where the job starts its own.
type job struct {
	labels map[string]string
	run    func(ctx context.Context) error
}

func (j *job) Context() map[string]string { return j.labels }

func startJob(j *job) error {
	labels := j.Context()
	_ = labels
	return j.run(context.Background())
}
