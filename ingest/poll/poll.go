// Package poll runs the configured job sources: it fetches each source on
// its schedule (or once), publishes new and changed postings to the raw
// topic, republishes vanished ones with closed_at, sends unusable ones to
// the dead-letter topic, and saves each source's state only after Kafka
// acknowledged the pass. One source failing never stops the others.
//
// It publishes through skillpulse.Publisher and never imports extract or
// aggregate.
package poll

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/classify"
	"github.com/skillpulse/skillpulse/htmltext"
	"github.com/skillpulse/skillpulse/ingest/fetch"
	"github.com/skillpulse/skillpulse/ingest/source"
	"github.com/skillpulse/skillpulse/ingest/state"
)

// Poller runs sources.
type Poller struct {
	// File is the parsed sources file.
	File source.File
	// StateDir holds one state file per source (the data directory's
	// ingest/sources).
	StateDir  string
	Publisher skillpulse.Publisher
	// RawTopic and DLQTopic name postings.raw and postings.dlq.
	RawTopic, DLQTopic string
	Metrics            *Metrics
	Log                *slog.Logger
	// Getenv reads source secrets (USAJOBS); default: none.
	Getenv func(string) string
	// Now stamps fetched_at, closed_at and dead letters; default time.Now.
	Now func() time.Time
	// Parallel is how many sources run at once in Once. Default 4.
	Parallel int

	once    sync.Once
	client  *fetch.Client
	sources []*running
	initErr error
}

// running is one source with its configuration and state.
type running struct {
	cfg   source.Config
	src   source.Source
	state *state.Source
}

// Report is what one pass over one source did.
type Report struct {
	Kind, Name                                       string
	Fetched, New, Changed, Closed, Rejected, Skipped int
	// Err is why the pass was incomplete; nil when it completed.
	Err error
}

// String is the line `skillpulse ingest --once` prints per source.
func (r Report) String() string {
	s := fmt.Sprintf("%s %s: fetched %d, new %d, changed %d, closed %d, rejected %d", r.Kind, r.Name, r.Fetched, r.New, r.Changed, r.Closed, r.Rejected)
	if r.Err != nil {
		s += fmt.Sprintf(" (failed: %s: %v)", source.ReasonOf(r.Err), r.Err)
	}
	return s
}

func (p *Poller) init() error {
	p.once.Do(func() {
		var hosts []string
		for _, c := range p.File.Sources {
			hosts = append(hosts, c.AllowedHosts()...)
		}
		fs := p.File.Fetch
		p.client = fetch.New(fetch.Config{
			UserAgent: p.File.UserAgent, Timeout: fs.Timeout, MaxBodyBytes: fs.MaxBodyBytes, MaxRedirects: fs.MaxRedirects,
			MinInterval: fs.MinInterval, MaxPerHost: fs.MaxPerHost, MaxRetries: fs.MaxRetries, BackoffBase: fs.BackoffBase,
			BackoffMax: fs.BackoffMax, MaxRetryAfter: fs.MaxRetryAfter, AllowedHosts: hosts, AllowPrivateNetworks: p.File.AllowPrivateNetworks,
		})
		for _, c := range p.File.Sources {
			src, err := source.New(c)
			if err != nil {
				p.initErr = err
				return
			}
			st, err := state.Open(state.Path(p.StateDir, c.Name))
			if err != nil {
				p.initErr = err
				return
			}
			p.sources = append(p.sources, &running{cfg: c, src: src, state: st})
		}
	})
	return p.initErr
}

// Once runs every source once, several at a time, and returns a report per
// source in configuration order. The error is only for what stops all
// sources (a bad configuration); a failed source is in its report.
func (p *Poller) Once(ctx context.Context) ([]Report, error) {
	if err := p.init(); err != nil {
		return nil, err
	}
	n := p.Parallel
	if n <= 0 {
		n = 4
	}
	reports := make([]Report, len(p.sources))
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, r := range p.sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			reports[i] = p.pass(ctx, r)
		}()
	}
	wg.Wait()
	return reports, nil
}

// maxStartJitter bounds the random delay before a source's first pass.
const maxStartJitter = 5 * time.Second

// Run polls every source on its own interval until ctx ends, starting each
// after a random delay of at most a tenth of its interval or
// maxStartJitter, whichever is less, so sources do not all fire at once.
func (p *Poller) Run(ctx context.Context) error {
	if err := p.init(); err != nil {
		return err
	}
	var wg sync.WaitGroup
	for _, r := range p.sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			every := r.cfg.PollInterval()
			// The first pass starts within seconds, spread a little so
			// sources on one host do not all start at once; later passes
			// keep the source's own interval.
			timer := time.NewTimer(rand.N(min(every/10, maxStartJitter) + 1))
			defer timer.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-timer.C:
				}
				p.pass(ctx, r)
				timer.Reset(every)
			}
		}()
	}
	wg.Wait()
	return nil
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC()
	}
	return time.Now().UTC()
}

func (p *Poller) logger() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}

// pass fetches one source, publishes what changed and saves its state.
func (p *Poller) pass(ctx context.Context, r *running) Report {
	kind, name := r.cfg.Kind, r.cfg.Name
	rep := Report{Kind: kind, Name: name}
	log := p.logger().With("source", name, "kind", kind)
	client := p.client.WithObserver(func(status string) { p.Metrics.request(kind, name, status) })
	res, fetchErr := r.src.Fetch(ctx, source.Env{Client: client, State: r.state, Getenv: p.Getenv, Now: p.Now})
	now := p.now()
	var msgs []skillpulse.Message
	listed := map[string]bool{}
	for _, e := range res.Entries {
		listed[e.ID] = true
		if e.Err != nil {
			rep.Rejected++
			reason := source.ReasonOf(e.Err)
			p.Metrics.failed(kind, name, reason)
			log.Warn("posting rejected", "id", e.ID, "reason", reason, "err", e.Err)
			dl := skillpulse.NewDeadLetter("ingest", fmt.Sprintf("source %s: %v", name, e.Err), skillpulse.Message{Key: []byte(kind + ":" + e.ID), Value: e.Raw}, now)
			msgs = append(msgs, dl.Message(p.DLQTopic))
			continue
		}
		if e.Posting == nil {
			if seen, ok := r.state.Get(e.ID); ok {
				seen.Mark = e.Mark
				r.state.Put(e.ID, seen)
			}
			continue
		}
		rep.Fetched++
		post := *e.Posting
		classify.Fill(&post, extractText(post))
		hash := contentHash(post)
		seen, ok := r.state.Get(e.ID)
		switch {
		case !ok || seen.Closed != "":
			rep.New++
		case seen.Hash != hash:
			rep.Changed++
		default:
			seen.Mark = e.Mark
			r.state.Put(e.ID, seen)
			continue
		}
		b, err := json.Marshal(post)
		if err != nil {
			rep.Rejected++
			p.Metrics.failed(kind, name, "encode")
			continue
		}
		msgs = append(msgs, skillpulse.Message{Topic: p.RawTopic, Key: []byte(post.Key()), Value: b})
		r.state.Put(e.ID, state.Seen{Hash: hash, Mark: e.Mark, Posting: post})
	}
	if fetchErr != nil {
		rep.Err = fetchErr
		reason := source.ReasonOf(fetchErr)
		p.Metrics.failed(kind, name, reason)
		log.Warn("source pass incomplete", "reason", reason, "err", fetchErr)
	} else if !res.Unchanged {
		// A complete pass lists every open posting: the rest have closed.
		ids := r.state.IDs()
		sort.Strings(ids)
		for _, id := range ids {
			seen, _ := r.state.Get(id)
			if listed[id] || seen.Closed != "" {
				continue
			}
			closed := seen.Posting
			closed.ClosedAt = now.Format(time.RFC3339)
			closed.FetchedAt = closed.ClosedAt
			b, err := json.Marshal(closed)
			if err != nil {
				continue
			}
			msgs = append(msgs, skillpulse.Message{Topic: p.RawTopic, Key: []byte(closed.Key()), Value: b})
			seen.Closed = closed.ClosedAt
			r.state.Put(id, seen)
			rep.Closed++
		}
	}
	if len(msgs) > 0 {
		if err := p.Publisher.Publish(ctx, msgs...); err != nil {
			// The state is not saved, so the next pass publishes again.
			p.Metrics.failed(kind, name, "publish")
			rep.Err = fmt.Errorf("publish %s: %w", name, err)
			log.Error("publish failed", "err", err)
			reloaded, lerr := state.Open(state.Path(p.StateDir, name))
			if lerr == nil {
				r.state = reloaded
			}
			return rep
		}
	}
	if fetchErr == nil {
		r.state.SetLastSuccess(now)
		p.Metrics.succeeded(kind, name, float64(now.Unix()))
	}
	if err := r.state.Save(); err != nil {
		rep.Err = err
		log.Error("save state failed", "err", err)
	}
	p.Metrics.count(kind, name, "fetched", rep.Fetched)
	p.Metrics.count(kind, name, "new", rep.New)
	p.Metrics.count(kind, name, "changed", rep.Changed)
	p.Metrics.count(kind, name, "closed", rep.Closed)
	p.Metrics.count(kind, name, "rejected", rep.Rejected)
	log.Info("source pass", "summary", rep.String())
	return rep
}

// extractText is the posting's plain text for the classifier.
func extractText(p skillpulse.RawPosting) string {
	return strings.TrimSpace(p.Title) + "\n\n" + htmltext.FromHTML(p.Description)
}

// contentHash hashes what a reader of the posting sees, fetched_at
// excluded, so only a real change republishes it.
func contentHash(p skillpulse.RawPosting) string {
	p.FetchedAt = ""
	b, _ := json.Marshal(p)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
