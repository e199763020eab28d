package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/ingest"
)

func (m *Main) runImport(ctx context.Context, args []string) error {
	fs := m.flagSet("import", "[flags] FILE...", "Publishes raw postings from JSON lines (.jsonl, .ndjson, .json) or CSV files with a header naming the\n"+
		"raw posting fields, optionally gzip-compressed, to postings.raw. Rejected records go to postings.dlq with\n"+
		"the file, line and reason. '-' reads JSON lines from stdin. Prints a progress bar on a terminal and a summary.")
	cf := config.Register(fs, false)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{"import: no files given"}
	}
	cfg, err := cf.Load(m.Getenv)
	if err != nil {
		return err
	}
	log := m.logger().With("stage", "import")
	_, pub, err := m.connectKafka(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pub.Close()
	im := &ingest.Importer{Publisher: pub, RawTopic: cfg.Topics.Raw, DLQTopic: cfg.Topics.DLQ, Log: log}

	var total int64
	for _, name := range fs.Args() {
		if name == "-" {
			continue
		}
		st, err := os.Stat(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		total += st.Size()
	}
	bar := newProgress(m.Stderr, total)
	defer bar.finish()

	var sum ingest.Summary
	for _, name := range fs.Args() {
		var r io.Reader
		if name == "-" {
			r = m.Stdin
		} else {
			f, err := os.Open(name)
			if err != nil {
				return fmt.Errorf("import: %w", err)
			}
			defer f.Close()
			r = f
		}
		s, err := im.Import(ctx, name, bar.reader(r), ingest.FormatOf(name))
		sum.Add(s)
		if err != nil {
			bar.finish()
			fmt.Fprintln(m.Stdout, sum.String())
			return err
		}
	}
	bar.finish()
	fmt.Fprintln(m.Stdout, sum.String())
	return nil
}

// progress draws a one-line progress bar of bytes read, on terminals only:
// piped or logged output gets just the summary line.
type progress struct {
	w     io.Writer
	total int64
	done  atomic.Int64
	stop  chan struct{}
	ended chan struct{}
	start time.Time
}

func newProgress(w io.Writer, total int64) *progress {
	p := &progress{w: w, total: total, stop: make(chan struct{}), ended: make(chan struct{}), start: time.Now()}
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || total == 0 {
		close(p.ended)
		return p
	}
	go func() {
		defer close(p.ended)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				p.draw()
				fmt.Fprintln(p.w)
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

func (p *progress) draw() {
	done := min(p.done.Load(), p.total)
	const width = 30
	filled := int(float64(width) * float64(done) / float64(p.total))
	rate := float64(done) / max(time.Since(p.start).Seconds(), 1e-3) / 1e6
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%%  %.1f/%.1f MB  %.1f MB/s ", strings.Repeat("#", filled), strings.Repeat("-", width-filled),
		100*float64(done)/float64(p.total), float64(done)/1e6, float64(p.total)/1e6, rate)
}

// reader counts bytes read through r.
func (p *progress) reader(r io.Reader) io.Reader { return countingReader{r: r, n: &p.done} }

// finish stops drawing; it is safe to call more than once.
func (p *progress) finish() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.ended
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}
