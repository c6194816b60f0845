// Package prove checks a corpus kernel under the real Go runtime: that the bug
// version leaves goroutines parked at the lines its source marks, and that the
// fixed version returns and leaves nothing of its package running.
//
// A kernel marks each line where a goroutine blocks forever with an
// end-of-line comment "corpus:blocks" (after "//"). Blocks reads those
// markers from the .go files of the calling test's directory and matches them
// against the innermost frame of that directory in every goroutine stack.
package prove

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Built from two halves so this file carries no marker of its own.
var blocksMarker = "// corpus:" + "blocks"

const (
	// How long the parked goroutines must stay unchanged before they count as
	// blocked forever, and how often goroutines are sampled.
	settleWindow = 250 * time.Millisecond
	sampleEvery  = 10 * time.Millisecond
	// Upper bounds for a scenario to reach its blocked state, or to finish.
	blockTimeout    = 3 * time.Second
	completeTimeout = 3 * time.Second
)

// reporter is the part of testing.TB the checks use, so the package's own
// tests can observe failures without failing.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// Blocks runs scenario in a new goroutine and fails t unless, once the
// goroutines settle, every line marked as blocking in the calling test's
// package has a goroutine parked at it. Each marked line with no goroutine
// parked there is reported.
func Blocks(t testing.TB, scenario func()) {
	t.Helper()
	blocksIn(t, callerDir(), scenario, blockTimeout)
}

// Completes runs scenario in a new goroutine and fails t unless it returns in
// time and, shortly after, no goroutine it started still runs code from the
// calling test's package.
func Completes(t testing.TB, scenario func()) {
	t.Helper()
	completesIn(t, callerDir(), scenario, completeTimeout)
}

func callerDir() string {
	_, file, _, ok := runtime.Caller(2)
	if !ok {
		panic("prove: cannot locate the calling test's source file")
	}
	return filepath.Dir(file)
}

// site is a source position in the kernel's directory.
type site struct {
	file string
	line int
}

func (s site) String() string { return fmt.Sprintf("%s:%d", filepath.Base(s.file), s.line) }

// goroutine is one entry of a runtime.Stack(all) dump, reduced to what the
// checks need.
type goroutine struct {
	id    int
	state string // "chan receive", "sync.Mutex.Lock", "running", ...
	// innermost frame whose file lies in the kernel's directory, if any
	at    site
	inPkg bool
	text  string
}

// parked reports whether the goroutine is waiting on something that only
// another goroutine can provide (as opposed to running, sleeping or in a
// system call, which end by themselves).
func (g goroutine) parked() bool {
	switch g.state {
	case "running", "runnable", "syscall", "sleep", "preempted", "dead", "idle":
		return false
	}
	return true
}

func blocksIn(t reporter, dir string, scenario func(), timeout time.Duration) {
	t.Helper()
	marked, err := markedLines(dir)
	if err != nil {
		t.Errorf("prove: %v", err)
		return
	}
	if len(marked) == 0 {
		t.Errorf("prove: no line in %s ends with %q; mark each line where a goroutine blocks forever", dir, blocksMarker)
		return
	}
	before := goroutineIDs()
	go scenario()

	deadline := time.Now().Add(timeout)
	var stableSince time.Time
	var lastSig string
	var gs []goroutine
	for {
		gs = newGoroutines(dir, before)
		sig := signature(gs)
		now := time.Now()
		if sig != lastSig {
			lastSig, stableSince = sig, now
		}
		if now.Sub(stableSince) >= settleWindow && len(missing(marked, gs)) == 0 {
			if err := saveDump(dir); err != nil {
				t.Errorf("prove: %v", err)
			}
			return
		}
		if now.After(deadline) {
			break
		}
		time.Sleep(sampleEvery)
	}
	miss := missing(marked, gs)
	if len(miss) == 0 {
		// Every marked line was reached but the goroutines never stopped
		// changing: something still runs, so nothing is shown to block forever.
		t.Errorf("prove: goroutines did not settle within %v\n%s", timeout, dump(gs))
		return
	}
	for _, s := range miss {
		t.Errorf("prove: no goroutine is parked at marked line %s", s)
	}
	t.Errorf("prove: goroutines of this package after %v:\n%s", timeout, dump(gs))
}

func completesIn(t reporter, dir string, scenario func(), timeout time.Duration) {
	t.Helper()
	before := goroutineIDs()
	done := make(chan struct{})
	go func() {
		defer close(done)
		scenario()
	}()
	deadline := time.Now().Add(timeout)
	select {
	case <-done:
	case <-time.After(timeout):
		t.Errorf("prove: scenario did not return within %v\n%s", timeout, dump(newGoroutines(dir, before)))
		return
	}
	for {
		var left []goroutine
		for _, g := range newGoroutines(dir, before) {
			if g.inPkg {
				left = append(left, g)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("prove: %d goroutine(s) still run code of this package after the scenario returned\n%s", len(left), dump(left))
			return
		}
		time.Sleep(sampleEvery)
	}
}

// dumpDirEnv names a directory; when set, Blocks writes the whole process's
// goroutine dump (runtime.Stack of all goroutines, the debug=2 format) to
// <dir>/<kernel>.txt once the kernel has reached its blocked state, so the
// dump readers can be tested on what the runtime really printed.
const dumpDirEnv = "GOTRAPS_CORPUS_DUMPS"

// saveDump writes the current dump for the kernel whose bug/ directory is dir.
func saveDump(dir string) error {
	out := os.Getenv(dumpDirEnv)
	if out == "" {
		return nil
	}
	name := filepath.Base(filepath.Dir(dir)) // blocking/<kernel>/bug -> <kernel>
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("%s: %w", dumpDirEnv, err)
	}
	return os.WriteFile(filepath.Join(out, name+".txt"), []byte(allStacks()), 0o644)
}

// markedLines lists the lines of dir's .go files that carry the blocks marker.
func markedLines(dir string) ([]site, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var out []site
	for _, f := range files {
		lines, err := readLines(f)
		if err != nil {
			return nil, err
		}
		for i, l := range lines {
			if hasMarker(l) {
				out = append(out, site{f, i + 1})
			}
		}
	}
	return out, nil
}

func hasMarker(line string) bool {
	i := strings.Index(line, blocksMarker)
	if i < 0 {
		return false
	}
	rest := line[i+len(blocksMarker):]
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

var (
	lineCacheMu sync.Mutex
	lineCache   = map[string][]string{}
)

func readLines(file string) ([]string, error) {
	lineCacheMu.Lock()
	defer lineCacheMu.Unlock()
	if l, ok := lineCache[file]; ok {
		return l, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("read kernel source: %w", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	lineCache[file] = lines
	return lines, nil
}

// missing lists the marked lines where no parked goroutine's innermost
// frame in the package sits.
func missing(marked []site, gs []goroutine) []site {
	hit := map[site]bool{}
	for _, g := range gs {
		if g.inPkg && g.parked() {
			hit[g.at] = true
		}
	}
	var out []site
	for _, s := range marked {
		if !hit[s] {
			out = append(out, s)
		}
	}
	return out
}

func signature(gs []goroutine) string {
	parts := make([]string, 0, len(gs))
	for _, g := range gs {
		parts = append(parts, fmt.Sprintf("%d %s %v", g.id, g.state, g.at))
	}
	sort.Strings(parts)
	return strings.Join(parts, "\n")
}

func dump(gs []goroutine) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(g.text)
		b.WriteString("\n")
	}
	return b.String()
}

func allStacks() string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

func goroutineIDs() map[int]bool {
	ids := map[int]bool{}
	for _, g := range parseStacks(allStacks(), "") {
		ids[g.id] = true
	}
	return ids
}

// newGoroutines parses the current stacks, dropping those in before.
func newGoroutines(dir string, before map[int]bool) []goroutine {
	var out []goroutine
	for _, g := range parseStacks(allStacks(), dir) {
		if !before[g.id] {
			out = append(out, g)
		}
	}
	return out
}

// parseStacks reads the text format of runtime.Stack:
//
//	goroutine 7 [chan receive, 2 minutes]:
//	pkg.(*T).m(...)
//		/abs/path/file.go:23 +0x1d
//	created by pkg.f in goroutine 6
//		/abs/path/file.go:10 +0x2f
func parseStacks(text, dir string) []goroutine {
	var out []goroutine
	for _, block := range strings.Split(strings.TrimSpace(text), "\n\n") {
		lines := strings.Split(block, "\n")
		g, ok := parseHeader(lines[0])
		if !ok {
			continue
		}
		g.text = block
		for i := 1; i+1 < len(lines) && dir != ""; i += 2 {
			if strings.HasPrefix(lines[i], "...") { // "...N frames elided..."
				i--
				continue
			}
			if strings.HasPrefix(lines[i], "created by ") {
				break
			}
			file, line, ok := parseLocation(lines[i+1])
			if ok && filepath.Dir(file) == dir {
				g.at, g.inPkg = site{file, line}, true
				break
			}
		}
		out = append(out, g)
	}
	return out
}

func parseHeader(l string) (goroutine, bool) {
	rest, ok := strings.CutPrefix(l, "goroutine ")
	if !ok {
		return goroutine{}, false
	}
	idText, rest, ok := strings.Cut(rest, " [")
	if !ok {
		return goroutine{}, false
	}
	id, err := strconv.Atoi(idText)
	if err != nil {
		return goroutine{}, false
	}
	state, _, _ := strings.Cut(rest, "]")
	state, _, _ = strings.Cut(state, ",")
	// "chan receive (nil chan)", "select (no cases)": the kind is what counts.
	state, _, _ = strings.Cut(state, " (")
	return goroutine{id: id, state: state}, true
}

func parseLocation(l string) (string, int, bool) {
	l = strings.TrimSpace(l)
	if i := strings.LastIndex(l, " +0x"); i >= 0 {
		l = l[:i]
	}
	colon := strings.LastIndex(l, ":")
	if colon < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(l[colon+1:])
	if err != nil {
		return "", 0, false
	}
	return l[:colon], n, true
}
