package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/eval"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/sampledata"
	"github.com/skillpulse/skillpulse/tagger"
)

func (m *Main) runBench(ctx context.Context, args []string) error {
	fs := m.flagSet("bench", "[--wide FILE] [--runs N] [--min-time D] [--corpus FILE] [--rg PATH]",
		"Measures the tagger on one core: MB/s (median of --runs), allocations per posting and resident memory,\n"+
			"with the embedded taxonomy and, with --wide, a large one (build it with `taxonomy import`). In the same\n"+
			"run it times ripgrep (rg -F -i -w -o -j1 -f terms.txt) over the same text and the same terms.\n"+
			"The corpus is the bundled sample postings (title, blank line, description as plain text, as extract\n"+
			"tags them) unless --corpus names a JSON lines file of raw postings.")
	wide := fs.String("wide", "", "also measure the taxonomy YAML `file` (e.g. from `taxonomy import`)")
	runs := fs.Int("runs", 5, "timed `runs` per matcher; the median is reported")
	minTime := fs.Duration("min-time", time.Second, "minimum `duration` of one tagger run")
	corpus := fs.String("corpus", "", "JSON lines `file` of raw postings (default: the bundled sample postings)")
	rgPath := fs.String("rg", "rg", "ripgrep `binary`; empty to skip the comparison")
	rgMB := fs.Int("rg-mb", 4, "repeat the corpus to at least this many `MB` for ripgrep, so its start-up does not dominate")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *runs < 1 {
		return usageError{"bench: --runs must be at least 1"}
	}
	texts, err := m.benchTexts(*corpus)
	if err != nil {
		return err
	}
	var total int64
	for _, t := range texts {
		total += int64(len(t))
	}
	fmt.Fprintf(m.Stdout, "corpus: %d postings, %.2f MB, mean %.0f bytes; %s/%s, GOMAXPROCS=1 while tagging, %d runs\n\n",
		len(texts), float64(total)/1e6, float64(total)/float64(len(texts)), runtime.GOOS, runtime.GOARCH, *runs)

	type target struct{ label, file string }
	targets := []target{{"embedded", ""}}
	if *wide != "" {
		targets = append(targets, target{"wide", *wide})
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "taxonomy\tskills\tterms\ttagger MB/s\t(min-max)\tMB/CPU-s\tallocs/posting\tRSS MB\tbuild s\trg MB/s\ttagger/rg\t")
	for _, tgt := range targets {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		tax, err := m.loadTaxonomy(tgt.file)
		if err != nil {
			return err
		}
		start := time.Now()
		tg, err := tagger.New(tax)
		if err != nil {
			return err
		}
		build := time.Since(start)
		runtime.GC()
		rss, _ := eval.ResidentMemory()

		prev := runtime.GOMAXPROCS(1)
		var mbps, cpuMBps []float64
		var allocs float64
		for range *runs {
			r := eval.TimeTagger(tg, texts, *minTime)
			mbps = append(mbps, r.MBps())
			cpuMBps = append(cpuMBps, r.CPUMBps())
			allocs = r.AllocsPerPosting()
		}
		runtime.GOMAXPROCS(prev)
		lo, hi := minMax(mbps)
		med := eval.Median(mbps)

		rgCol, ratioCol := "-", "-"
		if *rgPath != "" {
			rgMBps, err := m.benchRipgrep(ctx, *rgPath, texts, tg.Terms(), *rgMB, *runs)
			if err != nil {
				return err
			}
			rgCol = fmt.Sprintf("%.3g", rgMBps) // %.2f would print 0.00 for a tiny corpus, where start-up dominates
			ratioCol = fmt.Sprintf("%.0fx", med/rgMBps)
		}
		fmt.Fprintf(tw, "%s %s\t%d\t%d\t%.1f\t(%.1f-%.1f)\t%.1f\t%.1f\t%.0f\t%.2f\t%s\t%s\t\n",
			tgt.label, tax.Version, len(tax.Skills), len(tg.Terms()), med, lo, hi, eval.Median(cpuMBps), allocs, float64(rss)/1e6, build.Seconds(), rgCol, ratioCol)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, peak := eval.ResidentMemory()
	fmt.Fprintf(m.Stdout, "\npeak RSS of this process: %.0f MB (RSS is after building each tagger, cumulative)\n", float64(peak)/1e6)
	return nil
}

// benchTexts returns the posting texts extract would tag.
func (m *Main) benchTexts(file string) ([]string, error) {
	var r io.Reader = sampledata.Postings()
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxTagLine)
	var texts []string
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		p, err := skillpulse.ParseRawPosting(sc.Bytes())
		if err != nil {
			continue
		}
		texts = append(texts, extract.PostingText(p))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bench: read corpus: %w", err)
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("bench: no postings in the corpus")
	}
	return texts, nil
}

// benchRipgrep times rg over the corpus repeated to at least minMB and
// returns its median throughput over at most three runs (rg is slow
// enough with thousands of terms that more runs only make the bench long).
func (m *Main) benchRipgrep(ctx context.Context, rg string, texts, terms []string, minMB, runs int) (float64, error) {
	if _, err := exec.LookPath(rg); err != nil {
		return 0, fmt.Errorf("bench: ripgrep: %w (install ripgrep or pass --rg '')", err)
	}
	dir, err := os.MkdirTemp("", "skillpulse-bench-")
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(dir)
	var size int
	for _, t := range texts {
		size += len(t) + 2
	}
	reps := max(1, (minMB*1_000_000+size-1)/size)
	big := make([]string, 0, reps*len(texts))
	for range reps {
		big = append(big, texts...)
	}
	corpusFile, termsFile, err := eval.WriteCorpus(dir, big, terms)
	if err != nil {
		return 0, err
	}
	fi, err := os.Stat(corpusFile)
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	var mbps []float64
	for range min(runs, 3) {
		d, matches, err := eval.TimeRipgrep(ctx, rg, termsFile, corpusFile)
		if err != nil {
			return 0, err
		}
		if matches == 0 {
			return 0, fmt.Errorf("bench: ripgrep found no terms at all: the comparison would be meaningless")
		}
		mbps = append(mbps, float64(fi.Size())/1e6/d.Seconds())
	}
	fmt.Fprintf(m.Stderr, "ripgrep: %d terms over %.1f MB, median %.3g MB/s\n", len(terms), float64(fi.Size())/1e6, eval.Median(mbps))
	return eval.Median(mbps), nil
}

func minMax(xs []float64) (lo, hi float64) {
	for i, x := range xs {
		if i == 0 || x < lo {
			lo = x
		}
		if i == 0 || x > hi {
			hi = x
		}
	}
	return lo, hi
}
