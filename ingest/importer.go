package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/skillpulse/skillpulse"
)

// Importer publishes the postings of bulk files to the raw topic and what it
// cannot use, with the reason, to the dead-letter topic.
type Importer struct {
	Publisher skillpulse.Publisher
	// RawTopic and DLQTopic name the topics (postings.raw, postings.dlq).
	RawTopic, DLQTopic string
	// BatchSize is how many messages one Publish call carries. Default 500.
	BatchSize int
	// Metrics, if set, counts what was read and published.
	Metrics *Metrics
	Log     *slog.Logger
	// Now stamps dead letters; default time.Now.
	Now func() time.Time
}

// Summary says what one import did.
type Summary struct {
	Read      int
	Published int
	Rejected  int
	// Reasons counts rejections by their reason, with field-level detail but
	// without the offending value, so similar failures group together.
	Reasons map[string]int
}

// Add folds another summary into s.
func (s *Summary) Add(o Summary) {
	s.Read += o.Read
	s.Published += o.Published
	s.Rejected += o.Rejected
	for k, v := range o.Reasons {
		if s.Reasons == nil {
			s.Reasons = map[string]int{}
		}
		s.Reasons[k] += v
	}
}

// String is the one-line summary `skillpulse import` prints.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "read %d, published %d, rejected %d", s.Read, s.Published, s.Rejected)
	if len(s.Reasons) > 0 {
		reasons := make([]string, 0, len(s.Reasons))
		for r := range s.Reasons {
			reasons = append(reasons, r)
		}
		sort.Slice(reasons, func(i, j int) bool {
			if s.Reasons[reasons[i]] != s.Reasons[reasons[j]] {
				return s.Reasons[reasons[i]] > s.Reasons[reasons[j]]
			}
			return reasons[i] < reasons[j]
		})
		b.WriteString(" (")
		for i, r := range reasons {
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%d %s", s.Reasons[r], r)
		}
		b.WriteString(")")
	}
	return b.String()
}

// Import reads one file's records from r and publishes them. name labels the
// file in dead letters and logs. It returns when r is exhausted, or on the
// first error that stops the file (unreadable input, a failed publish);
// records already published stay published, and re-importing is harmless
// because downstream counts are idempotent per posting.
func (im *Importer) Import(ctx context.Context, name string, r io.Reader, f Format) (Summary, error) {
	dec, err := NewDecoder(r, f)
	if err != nil {
		return Summary{}, fmt.Errorf("import %s: %w", name, err)
	}
	size := im.BatchSize
	if size <= 0 {
		size = 500
	}
	var (
		sum   Summary
		batch []skillpulse.Message
		good  int
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := im.Publisher.Publish(ctx, batch...); err != nil {
			return fmt.Errorf("import %s: %w", name, err)
		}
		sum.Published += good
		im.Metrics.published(good)
		batch, good = batch[:0], 0
		return nil
	}
	for {
		rec, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ferr := flush(); ferr != nil {
				return sum, ferr
			}
			return sum, fmt.Errorf("import %s: %w", name, err)
		}
		sum.Read++
		im.Metrics.read()
		if rec.Err != nil {
			sum.Rejected++
			reason := reasonOf(rec.Err)
			if sum.Reasons == nil {
				sum.Reasons = map[string]int{}
			}
			sum.Reasons[reason]++
			im.Metrics.rejected()
			im.logger().Debug("posting rejected", "file", name, "line", rec.Line, "reason", rec.Err)
			batch = append(batch, im.deadLetter(name, rec))
		} else {
			batch = append(batch, skillpulse.Message{Topic: im.RawTopic, Key: []byte(rec.Posting.Key()), Value: rec.Raw})
			good++
		}
		if len(batch) >= size {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	return sum, flush()
}

func (im *Importer) logger() *slog.Logger {
	if im.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return im.Log
}

func (im *Importer) deadLetter(name string, rec Record) skillpulse.Message {
	now := time.Now
	if im.Now != nil {
		now = im.Now
	}
	reason := fmt.Sprintf("%s line %d: %v", name, rec.Line, rec.Err)
	return skillpulse.NewDeadLetter("ingest", reason, skillpulse.Message{Key: []byte(name), Value: rec.Raw}, now()).Message(im.DLQTopic)
}

// reasonOf shortens a rejection error to its field-level cause, dropping the
// quoted value so that "posted_at: \"x\" is neither..." and the same error on
// another value count as one reason.
func reasonOf(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, skillpulse.ErrInvalidPosting.Error()+": ")
	if i := strings.IndexAny(s, "\":"); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}
