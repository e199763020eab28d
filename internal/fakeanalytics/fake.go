// Package fakeanalytics is an in-memory skillpulse.Analytics with fixed
// figures that records what it was asked, so the API, dashboard and report
// tests check their own parsing, encoding and layout without a database.
// The real implementation is tested against ClickHouse in its own package.
package fakeanalytics

import (
	"context"
	"sync"
	"time"

	"github.com/skillpulse/skillpulse"
)

// Call is one recorded method call.
type Call struct {
	Method  string
	SkillID string
	Grain   skillpulse.Grain
	Slice   skillpulse.Slice
	Limit   int
	Rising  skillpulse.RisingQuery
}

// Fake answers every method from its fields. Err, when set, is returned by
// every method instead. It is safe for concurrent use.
type Fake struct {
	Top     []skillpulse.SkillCount
	Count   uint64
	Trend   []skillpulse.TrendPoint
	Movers  []skillpulse.Mover
	Co      []skillpulse.Cooccurrence
	Share   []skillpulse.KindShare
	Durable skillpulse.Durable
	Err     error

	mu    sync.Mutex
	calls []Call
}

var _ skillpulse.Analytics = (*Fake)(nil)

func (f *Fake) record(c Call) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
}

// Calls returns the calls so far, oldest first.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// Last returns the latest call of method, and whether there was one.
func (f *Fake) Last(method string) (Call, bool) {
	calls := f.Calls()
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i].Method == method {
			return calls[i], true
		}
	}
	return Call{}, false
}

// TopSkills returns Top filtered by kind and cut to the limit, like the
// real store would.
func (f *Fake) TopSkills(_ context.Context, q skillpulse.TopQuery) ([]skillpulse.SkillCount, error) {
	f.record(Call{Method: "TopSkills", Slice: q.Slice, Limit: q.Limit})
	if f.Err != nil {
		return nil, f.Err
	}
	var out []skillpulse.SkillCount
	for _, s := range f.Top {
		if q.Kind != "" && s.Kind != q.Kind {
			continue
		}
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
		out = append(out, s)
	}
	return out, nil
}

// PostingCount returns Count.
func (f *Fake) PostingCount(_ context.Context, s skillpulse.Slice) (uint64, error) {
	f.record(Call{Method: "PostingCount", Slice: s})
	return f.Count, f.Err
}

// SkillTrend returns Trend.
func (f *Fake) SkillTrend(_ context.Context, id string, g skillpulse.Grain, s skillpulse.Slice) ([]skillpulse.TrendPoint, error) {
	f.record(Call{Method: "SkillTrend", SkillID: id, Grain: g, Slice: s})
	return f.Trend, f.Err
}

// Rising returns Movers cut to the limit.
func (f *Fake) Rising(_ context.Context, q skillpulse.RisingQuery) ([]skillpulse.Mover, error) {
	f.record(Call{Method: "Rising", Slice: q.Slice, Limit: q.Limit, Rising: q})
	if f.Err != nil {
		return nil, f.Err
	}
	if q.Limit > 0 && len(f.Movers) > q.Limit {
		return f.Movers[:q.Limit], nil
	}
	return f.Movers, nil
}

// Cooccurring returns Co cut to the limit.
func (f *Fake) Cooccurring(_ context.Context, id string, s skillpulse.Slice, limit int) ([]skillpulse.Cooccurrence, error) {
	f.record(Call{Method: "Cooccurring", SkillID: id, Slice: s, Limit: limit})
	if f.Err != nil {
		return nil, f.Err
	}
	if limit > 0 && len(f.Co) > limit {
		return f.Co[:limit], nil
	}
	return f.Co, nil
}

// SoftHardShare returns Share.
func (f *Fake) SoftHardShare(_ context.Context, g skillpulse.Grain, s skillpulse.Slice) ([]skillpulse.KindShare, error) {
	f.record(Call{Method: "SoftHardShare", Grain: g, Slice: s})
	return f.Share, f.Err
}

// DurableFigures returns Durable.
func (f *Fake) DurableFigures(_ context.Context, s skillpulse.Slice) (skillpulse.Durable, error) {
	f.record(Call{Method: "DurableFigures", Slice: s})
	return f.Durable, f.Err
}

// Sample is a Fake with a small, self-consistent market: six skills, two
// months, a mover each way and a co-occurrence, enough for every section
// of the API, dashboard and reports to have something to show.
func Sample() *Fake {
	sc := func(id, name string, k skillpulse.Kind, cat string, n uint64) skillpulse.SkillCount {
		return skillpulse.SkillCount{SkillID: id, Skill: name, Kind: k, Category: cat, Postings: n, Share: float64(n) / 40}
	}
	top := []skillpulse.SkillCount{
		sc("communication", "Communication", skillpulse.Soft, "communication", 22),
		sc("sql", "SQL", skillpulse.Hard, "database", 18),
		sc("epic-cadence", "Epic Cadence", skillpulse.Hard, "ehr", 12),
		sc("problem-solving", "Problem solving", skillpulse.Soft, "thinking", 10),
		sc("hl7-v2", "HL7 v2", skillpulse.Hard, "interoperability", 8),
		sc("teamwork", "Teamwork", skillpulse.Soft, "collaboration", 6),
	}
	oct := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	return &Fake{
		Top:   top,
		Count: 40,
		Trend: []skillpulse.TrendPoint{{Period: oct, Postings: 8, Total: 20, Share: 0.4}, {Period: nov, Postings: 10, Total: 20, Share: 0.5}},
		Movers: []skillpulse.Mover{
			{SkillCount: top[1], PreviousPostings: 6, PreviousShare: 0.2, Change: 0.25, Significant: true},
			{SkillCount: top[5], PreviousPostings: 9, PreviousShare: 0.3, Change: -0.15},
		},
		Co: []skillpulse.Cooccurrence{
			{SkillCount: top[0], Together: 9, Confidence: 0.5, Lift: 0.91},
			{SkillCount: top[4], Together: 5, Confidence: 0.28, Lift: 1.39},
		},
		Share: []skillpulse.KindShare{
			{Period: oct, Total: 20, SoftPostings: 14, HardPostings: 18, SoftShare: 0.7, HardShare: 0.9, SoftMentionShare: 0.4},
			{Period: nov, Total: 20, SoftPostings: 12, HardPostings: 19, SoftShare: 0.6, HardShare: 0.95, SoftMentionShare: 0.35},
		},
		// Top 5 soft: 22+10+6 postings; top 5 hard: 18+12+8.
		Durable: skillpulse.Durable{Postings: 40, Top10: top, SoftInTop10: 3, AnySoftShare: 0.65, Top5SoftVsHard: 1},
	}
}
