package clickhouse_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/clickhouse"
)

// corpusSkills is the taxonomy of the generated corpus: hard skills of
// falling popularity, then soft ones.
var corpusSkills = []skillpulse.Skill{
	{ID: "epic", Name: "Epic", Kind: skillpulse.Hard, Category: "ehr"},
	{ID: "hl7", Name: "HL7", Kind: skillpulse.Hard, Category: "interoperability"},
	{ID: "fhir", Name: "FHIR", Kind: skillpulse.Hard, Category: "interoperability"},
	{ID: "sql", Name: "SQL", Kind: skillpulse.Hard, Category: "data"},
	{ID: "python", Name: "Python", Kind: skillpulse.Hard, Category: "data"},
	{ID: "cerner", Name: "Cerner", Kind: skillpulse.Hard, Category: "ehr"},
	{ID: "hipaa", Name: "HIPAA", Kind: skillpulse.Hard, Category: "compliance"},
	{ID: "communication", Name: "Communication", Kind: skillpulse.Soft, Category: "interpersonal"},
	{ID: "leadership", Name: "Leadership", Kind: skillpulse.Soft, Category: "interpersonal"},
	{ID: "teamwork", Name: "Teamwork", Kind: skillpulse.Soft, Category: "interpersonal"},
	{ID: "problem_solving", Name: "Problem solving", Kind: skillpulse.Soft, Category: "thinking"},
}

// MustCorpus generates n tagged postings over 2026-01-01..2026-04-30 with
// every dimension varied; FHIR grows over time so Rising has a mover.
func MustCorpus(tb testing.TB, n int, seed uint64) []skillpulse.TaggedPosting {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	regions := []string{"TX", "MA", "CA", ""}
	employers := []string{"Mercy Health", "Lone Star Clinic", "Bay Hospital"}
	modes := []string{skillpulse.Remote, skillpulse.Hybrid, skillpulse.Onsite, ""}
	roles := []string{skillpulse.RoleEHRAnalyst, skillpulse.RoleIntegration, skillpulse.RoleDataAnalytics}
	out := make([]skillpulse.TaggedPosting, 0, n)
	for i := range n {
		dayN := r.IntN(120)
		posted := start.AddDate(0, 0, dayN)
		var skills []skillpulse.Skill
		for j, s := range corpusSkills {
			p := 0.6 / float64(j%7+1)
			if s.ID == "fhir" {
				p = 0.05 + 0.6*float64(dayN)/120
			}
			if r.Float64() < p {
				skills = append(skills, s)
			}
		}
		p := posting(fmt.Sprintf("p%04d", i), posted, skills...)
		p.Source = []string{"board", "indeed", "usajobs"}[r.IntN(3)]
		p.Employer = employers[r.IntN(len(employers))]
		p.Dimensions = skillpulse.Dimensions{
			Region: regions[r.IntN(len(regions))], Country: "US", WorkMode: modes[r.IntN(len(modes))],
			RoleFamily: roles[r.IntN(len(roles))], HealthIT: r.IntN(4) != 0,
		}
		out = append(out, p)
	}
	return out
}

// ref computes every analyst figure from the postings in plain Go: the
// ground truth the ClickHouse rollups must match.
type ref struct {
	postings map[string]skillpulse.TaggedPosting
}

func newRef(ps []skillpulse.TaggedPosting) ref {
	r := ref{postings: map[string]skillpulse.TaggedPosting{}}
	for _, p := range ps {
		r.postings[p.PostingID] = p
	}
	return r
}

func (r ref) match(p skillpulse.TaggedPosting, s skillpulse.Slice) bool {
	d := p.PostedDay()
	return inPeriod(d, s.From, s.To) &&
		(s.RoleFamily == "" || p.RoleFamily == s.RoleFamily) && (s.Region == "" || p.Region == s.Region) &&
		(s.Employer == "" || p.Employer == s.Employer) && (s.Source == "" || p.Source == s.Source) &&
		(s.WorkMode == "" || p.WorkMode == s.WorkMode) && (!s.HealthITOnly || p.HealthIT)
}

func (r ref) count(s skillpulse.Slice) uint64 {
	var n uint64
	for _, p := range r.postings {
		if r.match(p, s) {
			n++
		}
	}
	return n
}

func (r ref) counts(s skillpulse.Slice) map[string]skillpulse.SkillCount {
	out := map[string]skillpulse.SkillCount{}
	total := r.count(s)
	for _, p := range r.postings {
		if !r.match(p, s) {
			continue
		}
		for _, m := range p.Skills() {
			if (s.Kind != "" && m.Kind != s.Kind) || (s.Category != "" && m.Category != s.Category) {
				continue
			}
			c := out[m.SkillID]
			c.SkillID, c.Skill, c.Kind, c.Category = m.SkillID, m.Skill, m.Kind, m.Category
			c.Postings++
			c.Share = float64(c.Postings) / float64(total)
			out[m.SkillID] = c
		}
	}
	return out
}

func sortedCounts(m map[string]skillpulse.SkillCount, limit int) []skillpulse.SkillCount {
	var out []skillpulse.SkillCount
	for _, c := range m {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b skillpulse.SkillCount) int {
		return cmp.Or(cmp.Compare(b.Postings, a.Postings), cmp.Compare(a.SkillID, b.SkillID))
	})
	return out[:min(limit, len(out))]
}

func periodOf(t time.Time, g skillpulse.Grain) time.Time {
	switch g {
	case skillpulse.Week:
		return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	case skillpulse.Month:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

func (r ref) trend(skill string, g skillpulse.Grain, s skillpulse.Slice) []skillpulse.TrendPoint {
	var out []skillpulse.TrendPoint
	for p := periodOf(s.From, g); !p.After(s.To); {
		next := p.AddDate(0, 0, 1)
		switch g {
		case skillpulse.Week:
			next = p.AddDate(0, 0, 7)
		case skillpulse.Month:
			next = p.AddDate(0, 1, 0)
		}
		ps := s
		ps.Kind, ps.Category = "", ""
		ps.From, ps.To = maxTime(p, s.From), minTime(next.AddDate(0, 0, -1), s.To)
		tp := skillpulse.TrendPoint{Period: p, Postings: r.counts(ps)[skill].Postings, Total: r.count(ps)}
		if tp.Total > 0 {
			tp.Share = float64(tp.Postings) / float64(tp.Total)
		}
		out = append(out, tp)
		p = next
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func (r ref) anyKind(s skillpulse.Slice, k skillpulse.Kind) uint64 {
	var n uint64
	for _, p := range r.postings {
		if !r.match(p, s) {
			continue
		}
		for _, m := range p.Skills() {
			if m.Kind == k {
				n++
				break
			}
		}
	}
	return n
}

func (r ref) together(a, b string, s skillpulse.Slice) uint64 {
	var n uint64
	for _, p := range r.postings {
		if !r.match(p, s) {
			continue
		}
		has := map[string]bool{}
		for _, m := range p.Skills() {
			has[m.SkillID] = true
		}
		if has[a] && has[b] {
			n++
		}
	}
	return n
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// analystSlices are the slices every figure is checked over.
func analystSlices() map[string]skillpulse.Slice {
	q1From, q1To := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	return map[string]skillpulse.Slice{
		"everything":         {From: q1From, To: time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)},
		"quarter":            {From: q1From, To: q1To},
		"partial weeks":      {From: time.Date(2026, 1, 7, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 2, 17, 0, 0, 0, 0, time.UTC)},
		"texas ehr analysts": {From: q1From, To: q1To, Region: "TX", RoleFamily: skillpulse.RoleEHRAnalyst},
		"employer source":    {From: q1From, To: q1To, Employer: "Mercy Health", Source: "indeed"},
		"remote health it":   {From: q1From, To: q1To, WorkMode: skillpulse.Remote, HealthITOnly: true},
		"soft only":          {From: q1From, To: q1To, Kind: skillpulse.Soft},
		"one category":       {From: q1From, To: q1To, Category: "interoperability", Region: "MA"},
	}
}

// checkFigures compares every Analytics answer with the reference.
func checkFigures(t *testing.T, db *clickhouse.DB, r ref) {
	t.Helper()
	ctx := context.Background()
	for name, s := range analystSlices() {
		t.Run(name, func(t *testing.T) {
			n, err := db.PostingCount(ctx, s)
			if err != nil || n != r.count(s) {
				t.Errorf("PostingCount = %d, %v; want %d", n, err, r.count(s))
			}
			top, err := db.TopSkills(ctx, skillpulse.TopQuery{Slice: s, Limit: 5})
			want := sortedCounts(r.counts(s), 5)
			if err != nil || len(top) != len(want) {
				t.Fatalf("TopSkills = %v, %v; want %v", top, err, want)
			}
			for i := range want {
				if top[i].SkillID != want[i].SkillID || top[i].Postings != want[i].Postings || !near(top[i].Share, want[i].Share) || top[i].Kind != want[i].Kind {
					t.Errorf("TopSkills[%d] = %+v; want %+v", i, top[i], want[i])
				}
			}
			for _, g := range []skillpulse.Grain{skillpulse.Day, skillpulse.Week, skillpulse.Month} {
				got, err := db.SkillTrend(ctx, "fhir", g, s)
				wantT := r.trend("fhir", g, s)
				if err != nil || len(got) != len(wantT) {
					t.Fatalf("SkillTrend(%s) = %d points, %v; want %d", g, len(got), err, len(wantT))
				}
				for i := range wantT {
					if !got[i].Period.Equal(wantT[i].Period) || got[i].Postings != wantT[i].Postings || got[i].Total != wantT[i].Total || !near(got[i].Share, wantT[i].Share) {
						t.Errorf("SkillTrend(%s)[%d] = %+v; want %+v", g, i, got[i], wantT[i])
					}
				}
				ks, err := db.SoftHardShare(ctx, g, s)
				if err != nil || len(ks) != len(wantT) {
					t.Fatalf("SoftHardShare(%s) = %d points, %v; want %d", g, len(ks), err, len(wantT))
				}
				for i, k := range ks {
					ps := s
					ps.Kind, ps.Category = "", ""
					ps.From, ps.To = maxTime(wantT[i].Period, s.From), minTime(nextOf(wantT[i].Period, g).AddDate(0, 0, -1), s.To)
					var soft, all uint64
					for _, c := range r.counts(ps) {
						all += c.Postings
						if c.Kind == skillpulse.Soft {
							soft += c.Postings
						}
					}
					if k.Total != r.count(ps) || k.SoftPostings != r.anyKind(ps, skillpulse.Soft) || k.HardPostings != r.anyKind(ps, skillpulse.Hard) ||
						(all > 0 && !near(k.SoftMentionShare, float64(soft)/float64(all))) {
						t.Errorf("SoftHardShare(%s)[%d] = %+v; want total %d soft %d hard %d mention share %d/%d", g, i, k,
							r.count(ps), r.anyKind(ps, skillpulse.Soft), r.anyKind(ps, skillpulse.Hard), soft, all)
					}
				}
			}
			co, err := db.Cooccurring(ctx, "fhir", s, 3)
			if err != nil {
				t.Fatal(err)
			}
			all := s
			all.Kind, all.Category = "", ""
			cs, total := r.counts(all), r.count(all)
			for _, c := range co {
				tog := r.together("fhir", c.SkillID, all)
				wantLift := float64(tog) / float64(cs["fhir"].Postings) / (float64(cs[c.SkillID].Postings) / float64(total))
				if c.Together != tog || !near(c.Lift, wantLift) || c.Postings != cs[c.SkillID].Postings ||
					(s.Kind != "" && c.Kind != s.Kind) {
					t.Errorf("Cooccurring %+v; want together %d lift %v", c, tog, wantLift)
				}
			}
			if cs["fhir"].Postings > 0 && len(co) == 0 {
				t.Errorf("Cooccurring = none, want some")
			}
			d, err := db.DurableFigures(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			top10 := sortedCounts(cs, 10)
			softIn := 0
			for _, c := range top10 {
				if c.Kind == skillpulse.Soft {
					softIn++
				}
			}
			sum5 := func(k skillpulse.Kind) uint64 {
				ks := all
				ks.Kind = k
				var n uint64
				for _, c := range sortedCounts(r.counts(ks), 5) {
					n += c.Postings
				}
				return n
			}
			if d.Postings != total || len(d.Top10) != len(top10) || d.SoftInTop10 != softIn ||
				!near(d.AnySoftShare, float64(r.anyKind(all, skillpulse.Soft))/float64(max(total, 1))) ||
				!near(d.Top5SoftVsHard, float64(sum5(skillpulse.Soft))/float64(max(sum5(skillpulse.Hard), 1))) {
				t.Errorf("DurableFigures = %+v; want postings %d, %d soft in top 10", d, total, softIn)
			}
		})
	}
}

func nextOf(p time.Time, g skillpulse.Grain) time.Time {
	switch g {
	case skillpulse.Week:
		return p.AddDate(0, 0, 7)
	case skillpulse.Month:
		return p.AddDate(0, 1, 0)
	}
	return p.AddDate(0, 0, 1)
}

func TestAnalyticsMatchesGroundTruth(t *testing.T) {
	db := MustOpen(t)
	corpus := MustCorpus(t, 400, 1)
	if err := db.WriteTagged(context.Background(), corpus); err != nil {
		t.Fatal(err)
	}
	checkFigures(t, db, newRef(corpus))
}

func TestRising(t *testing.T) {
	db := MustOpen(t)
	corpus := MustCorpus(t, 600, 2)
	if err := db.WriteTagged(context.Background(), corpus); err != nil {
		t.Fatal(err)
	}
	r := newRef(corpus)
	cur := skillpulse.Slice{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)}
	prev := skillpulse.Slice{From: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name    string
		falling bool
		min     uint64
	}{
		{"rising", false, 5},
		{"falling", true, 5},
		{"high support", false, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := db.Rising(context.Background(), skillpulse.RisingQuery{Slice: cur, MinPostings: tt.min, Falling: tt.falling})
			if err != nil {
				t.Fatal(err)
			}
			cc, pc := r.counts(cur), r.counts(prev)
			var want []string
			for _, s := range corpusSkills {
				c, p := cc[s.ID], pc[s.ID]
				change := float64(c.Postings)/float64(r.count(cur)) - float64(p.Postings)/float64(r.count(prev))
				support := c.Postings
				if tt.falling {
					support = p.Postings
				}
				if support >= tt.min && ((tt.falling && change < 0) || (!tt.falling && change > 0)) {
					want = append(want, s.ID)
				}
			}
			var got []string
			for i, m := range ms {
				got = append(got, m.SkillID)
				if m.Postings != cc[m.SkillID].Postings || m.PreviousPostings != pc[m.SkillID].Postings {
					t.Errorf("%s: postings %d/%d; want %d/%d", m.SkillID, m.Postings, m.PreviousPostings, cc[m.SkillID].Postings, pc[m.SkillID].Postings)
				}
				if i > 0 && math.Abs(m.Change) > math.Abs(ms[i-1].Change) {
					t.Errorf("movers not ordered by change: %v", ms)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("movers = %v; want %v", got, want)
			}
			if !tt.falling && tt.min < 100 && (len(ms) == 0 || ms[0].SkillID != "fhir" || !ms[0].Significant) {
				t.Errorf("top mover = %+v; want FHIR, significant (it is generated to grow)", ms)
			}
		})
	}
	if _, err := db.Rising(context.Background(), skillpulse.RisingQuery{}); err == nil {
		t.Error("Rising without a period: no error")
	}
}

// TestEffectivelyOnce writes the corpus the ways Kafka can deliver it and
// checks every figure against the ground truth each time: a message
// delivered twice within a batch, a batch inserted twice (a crash between
// the insert and the offset commit), and a full replay of the topic in
// different batch boundaries.
func TestEffectivelyOnce(t *testing.T) {
	corpus := MustCorpus(t, 300, 3)
	r := newRef(corpus)
	ctx := context.Background()
	tests := []struct {
		name    string
		batches func() [][]skillpulse.TaggedPosting
	}{
		{"duplicate delivery", func() [][]skillpulse.TaggedPosting {
			b := append(slices.Clone(corpus), corpus[:50]...)
			return [][]skillpulse.TaggedPosting{b}
		}},
		{"batch inserted twice", func() [][]skillpulse.TaggedPosting {
			return [][]skillpulse.TaggedPosting{corpus[:120], corpus[:120], corpus[120:]}
		}},
		{"full replay in other batches", func() [][]skillpulse.TaggedPosting {
			out := [][]skillpulse.TaggedPosting{corpus}
			for i := 0; i < len(corpus); i += 70 {
				out = append(out, corpus[i:min(i+70, len(corpus))])
			}
			return out
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpen(t)
			for _, b := range tt.batches() {
				if err := db.WriteTagged(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			checkFigures(t, db, r)
			// The raw tables collapse too: one row per key after FINAL.
			rows := MustQuery(t, db, "SELECT count() FROM "+db.Database()+".postings FINAL")
			if rows[0][0].(uint64) != uint64(len(corpus)) {
				t.Errorf("postings FINAL = %v rows; want %d", rows[0][0], len(corpus))
			}
		})
	}
}
