package prove

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove/internal/fixture"
)

// recorder collects failures instead of failing the test.
type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func fixtureDir(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Join(filepath.Dir(file), "internal", "fixture")
}

func TestMarkedLinesFound(t *testing.T) {
	marked, err := markedLines(fixtureDir(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range marked {
		got = append(got, s.String())
	}
	want := "fixture.go:10 fixture.go:27 fixture.go:32"
	if strings.Join(got, " ") != want {
		t.Fatalf("marked lines = %v, want %s", got, want)
	}
}

func TestBlocksPassesWhenParkedAtMarkedLine(t *testing.T) {
	var r recorder
	blocksIn(&r, fixtureDir(t), fixture.ParkMarked, time.Second)
	// fixture has three marked lines; ParkMarked reaches only the first, so
	// the other two must be the only complaints.
	if !oneMissing(r.errs, "fixture.go:27") || !oneMissing(r.errs, "fixture.go:32") || oneMissing(r.errs, "fixture.go:10") {
		t.Fatalf("unexpected report:\n%s", strings.Join(r.errs, "\n"))
	}
}

func TestBlocksFailsWhenParkedAtUnmarkedLine(t *testing.T) {
	var r recorder
	blocksIn(&r, fixtureDir(t), fixture.ParkUnmarked, time.Second)
	for _, line := range []string{"fixture.go:10", "fixture.go:27", "fixture.go:32"} {
		if !oneMissing(r.errs, line) {
			t.Errorf("marked line %s not reported as missing:\n%s", line, strings.Join(r.errs, "\n"))
		}
	}
}

func TestBlocksFailsWhenNothingBlocks(t *testing.T) {
	var r recorder
	blocksIn(&r, fixtureDir(t), fixture.Finish, 500*time.Millisecond)
	if len(r.errs) == 0 {
		t.Fatal("a scenario that returns was accepted as blocking")
	}
}

func TestBlocksReportsTheMarkedLineNotReached(t *testing.T) {
	var r recorder
	blocksIn(&r, fixtureDir(t), fixture.ParkOneOfTwo, time.Second)
	if oneMissing(r.errs, "fixture.go:27") {
		t.Errorf("the parked helper at fixture.go:27 was not seen:\n%s", strings.Join(r.errs, "\n"))
	}
	if !oneMissing(r.errs, "fixture.go:32") {
		t.Errorf("the unreached marked line fixture.go:32 was not reported:\n%s", strings.Join(r.errs, "\n"))
	}
}

func TestBlocksFailsOnBusyGoroutine(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	var r recorder
	blocksIn(&r, fixtureDir(t), func() { fixture.Spin(stop) }, 500*time.Millisecond)
	if len(r.errs) == 0 {
		t.Fatal("a spinning goroutine was accepted as blocking")
	}
}

func TestCompletesPassesWhenAllReturn(t *testing.T) {
	var r recorder
	completesIn(&r, fixtureDir(t), fixture.Finish, time.Second)
	if len(r.errs) != 0 {
		t.Fatalf("unexpected failure:\n%s", strings.Join(r.errs, "\n"))
	}
}

func TestCompletesFailsWhenScenarioHangs(t *testing.T) {
	var r recorder
	completesIn(&r, fixtureDir(t), fixture.ParkMarked, 300*time.Millisecond)
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "did not return") {
		t.Fatalf("want one 'did not return' failure, got:\n%s", strings.Join(r.errs, "\n"))
	}
}

func TestCompletesFailsWhenWorkerLeftBehind(t *testing.T) {
	var r recorder
	completesIn(&r, fixtureDir(t), fixture.LeaveWorker, 300*time.Millisecond)
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "still run code of this package") {
		t.Fatalf("want one 'still run' failure, got:\n%s", strings.Join(r.errs, "\n"))
	}
}

func TestParseStacks(t *testing.T) {
	text := `goroutine 1 [running]:
main.main()
	/src/app/main.go:9 +0x1d

goroutine 7 [chan receive, 2 minutes]:
app.(*Store).wait(...)
	/src/app/store.go:23
...1 frames elided...
app.run()
	/src/app/run.go:5 +0x2f
created by app.start in goroutine 1
	/src/app/store.go:40 +0x11

goroutine 8 [select (no cases)]:
other.f()
	/src/other/f.go:3 +0x1
created by app.start in goroutine 1
	/src/app/store.go:41 +0x11`
	gs := parseStacks(text, "/src/app")
	if len(gs) != 3 {
		t.Fatalf("got %d goroutines", len(gs))
	}
	if gs[1].id != 7 || gs[1].state != "chan receive" || gs[1].at.String() != "store.go:23" || !gs[1].parked() {
		t.Errorf("goroutine 7 = %+v", gs[1])
	}
	if gs[2].state != "select" || gs[2].inPkg {
		t.Errorf("goroutine 8 must not count as in package (only its creator is): %+v", gs[2])
	}
	if gs[0].parked() {
		t.Errorf("a running goroutine counts as parked")
	}
}

func oneMissing(errs []string, line string) bool {
	for _, e := range errs {
		if strings.Contains(e, "no goroutine is parked at marked line "+line) {
			return true
		}
	}
	return false
}
