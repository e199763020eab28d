package eval

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/skillpulse/skillpulse"
)

// SpeedRun is one timed pass of a matcher over a corpus.
type SpeedRun struct {
	Bytes    int64
	Postings int
	Elapsed  time.Duration
	// CPU is the process's user+system CPU time during the run: with
	// GOMAXPROCS=1 that is the tagging plus the garbage collector, and it
	// does not grow when other processes compete for the cores.
	CPU time.Duration
	// Mallocs counts heap allocations during the run (tagger only).
	Mallocs uint64
}

// MBps is throughput in decimal megabytes per second.
func (r SpeedRun) MBps() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds()
}

// CPUMBps is throughput in decimal megabytes per CPU-second, or 0 where
// CPU time is not measured.
func (r SpeedRun) CPUMBps() float64 {
	if r.CPU <= 0 {
		return 0
	}
	return float64(r.Bytes) / 1e6 / r.CPU.Seconds()
}

// AllocsPerPosting is the mean number of heap allocations per text.
func (r SpeedRun) AllocsPerPosting() float64 {
	if r.Postings == 0 {
		return 0
	}
	return float64(r.Mallocs) / float64(r.Postings)
}

// TimeTagger tags every text in turn on the calling goroutine (one core)
// until at least minDur has passed and returns the totals. Callers pin
// GOMAXPROCS or not as they see fit; the garbage collector runs alongside.
func TimeTagger(tg skillpulse.Tagger, texts []string, minDur time.Duration) SpeedRun {
	var r SpeedRun
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0 := processCPU()
	start := time.Now()
	for r.Elapsed < minDur || r.Postings == 0 {
		for _, t := range texts {
			tg.Tag(t)
			r.Bytes += int64(len(t))
		}
		r.Postings += len(texts)
		r.Elapsed = time.Since(start)
	}
	r.CPU = processCPU() - cpu0
	runtime.ReadMemStats(&after)
	r.Mallocs = after.Mallocs - before.Mallocs
	return r
}

// TimeRipgrep runs `rg -F -i -w -o -f terms -j1` over the corpus file once
// and times it: the case-insensitive whole-word fixed-string search people
// reach for first. The regex and DFA size limits are raised to 4 GB, without
// which rg refuses a list of tens of thousands of terms. It returns how many
// matches rg printed as a sanity check.
func TimeRipgrep(ctx context.Context, rg, termsFile, corpusFile string) (time.Duration, int, error) {
	fi, err := os.Stat(corpusFile)
	if err != nil {
		return 0, 0, fmt.Errorf("ripgrep corpus: %w", err)
	}
	cmd := exec.CommandContext(ctx, rg, "-F", "-i", "-w", "-o", "-j1", "--no-filename",
		"--regex-size-limit", "4G", "--dfa-size-limit", "4G", "-f", termsFile, corpusFile)
	var out bytes.Buffer
	cmd.Stdout = &out
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	d := time.Since(start)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 { // 1: no match
			return 0, 0, fmt.Errorf("ripgrep over %d bytes: %w: %s", fi.Size(), err, strings.TrimSpace(stderr.String()))
		}
	}
	return d, bytes.Count(out.Bytes(), []byte{'\n'}), nil
}

// WriteCorpus writes texts separated by blank lines, and terms one per
// line, into dir, for an external matcher to read the same input.
func WriteCorpus(dir string, texts, terms []string) (corpusFile, termsFile string, err error) {
	corpusFile = filepath.Join(dir, "corpus.txt")
	termsFile = filepath.Join(dir, "terms.txt")
	if err := os.WriteFile(corpusFile, []byte(strings.Join(texts, "\n\n")+"\n"), 0o644); err != nil {
		return "", "", fmt.Errorf("write corpus: %w", err)
	}
	if err := os.WriteFile(termsFile, []byte(strings.Join(terms, "\n")+"\n"), 0o644); err != nil {
		return "", "", fmt.Errorf("write terms: %w", err)
	}
	return corpusFile, termsFile, nil
}

// Median returns the median of xs (the mean of the middle two for an even
// count), or 0 for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ResidentMemory returns the process's current and peak resident set size
// in bytes from /proc/self/status, or zeros where that file does not exist.
func ResidentMemory() (rss, peak int64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		switch k {
		case "VmRSS":
			rss = n << 10
		case "VmHWM":
			peak = n << 10
		}
	}
	return rss, peak
}
