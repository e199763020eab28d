package clickhouse_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/clickhouse"
	"github.com/skillpulse/skillpulse/internal/chtest"
)

func TestMain(m *testing.M) { chtest.Main(m) }

// MustOpen opens a fresh, migrated database for the test.
func MustOpen(tb testing.TB) *clickhouse.DB {
	tb.Helper()
	db := MustOpenDSN(tb, chtest.DSN(tb))
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("Migrate: %v", err)
	}
	return db
}

// MustOpenDSN opens dsn without migrating.
func MustOpenDSN(tb testing.TB, dsn string) *clickhouse.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := clickhouse.Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("Open(%s): %v", dsn, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustWrite writes batch and records it in the model.
func MustWrite(tb testing.TB, db *clickhouse.DB, m *model, batch ...skillpulse.TaggedPosting) {
	tb.Helper()
	if err := db.WriteTagged(context.Background(), batch); err != nil {
		tb.Fatalf("WriteTagged: %v", err)
	}
	m.add(batch...)
}

func MustQuery(tb testing.TB, db *clickhouse.DB, query string, args ...any) [][]any {
	tb.Helper()
	rows, err := db.Query(context.Background(), query, args...)
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

func day(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }

// Skills of the test taxonomy.
var (
	hl7   = skillpulse.Skill{ID: "hl7", Name: "HL7", Kind: skillpulse.Hard, Category: "interoperability"}
	epic  = skillpulse.Skill{ID: "epic", Name: "Epic", Kind: skillpulse.Hard, Category: "ehr"}
	sql   = skillpulse.Skill{ID: "sql", Name: "SQL", Kind: skillpulse.Hard, Category: "data"}
	comm  = skillpulse.Skill{ID: "communication", Name: "Communication", Kind: skillpulse.Soft, Category: "interpersonal"}
	lead  = skillpulse.Skill{ID: "leadership", Name: "Leadership", Kind: skillpulse.Soft, Category: "interpersonal"}
	teamw = skillpulse.Skill{ID: "teamwork", Name: "Teamwork", Kind: skillpulse.Soft, Category: "interpersonal"}
)

// posting builds a tagged posting whose text names skills in order, each
// mention 10 bytes long; a skill listed twice is mentioned twice.
func posting(id string, posted time.Time, skills ...skillpulse.Skill) skillpulse.TaggedPosting {
	p := skillpulse.TaggedPosting{
		Version: skillpulse.TaggedPostingVersion, PostingID: id, Key: "board:" + id, Source: "board", SourceID: id,
		Title: "Analyst " + id, Employer: "Clinic", Location: "Boston, MA", URL: "https://example.test/" + id,
		PostedAt: posted.Add(9 * time.Hour), FetchedAt: posted.Add(10 * time.Hour),
		TextHash: "hash-" + id, TextBytes: 10 * len(skills), TaxonomyVersion: "t1",
		TaggedAt: posted.Add(11 * time.Hour),
	}
	for i, s := range skills {
		p.Mentions = append(p.Mentions, skillpulse.Mention{
			SkillID: s.ID, Skill: s.Name, Kind: s.Kind, Category: s.Category,
			Start: 10 * i, End: 10*i + 5, Text: s.Name,
		})
	}
	return p
}

// model is the reference the tables are checked against: the distinct
// (posting, skill, day) facts ever written, computed in plain Go.
type model struct {
	postingDays map[string]map[time.Time]bool            // posting -> days
	skillDays   map[string]map[time.Time]map[string]bool // skill -> day -> postings
	skills      map[string]skillpulse.Skill
}

func newModel() *model {
	return &model{
		postingDays: map[string]map[time.Time]bool{},
		skillDays:   map[string]map[time.Time]map[string]bool{},
		skills:      map[string]skillpulse.Skill{},
	}
}

func (m *model) add(batch ...skillpulse.TaggedPosting) {
	for _, p := range batch {
		d := p.PostedDay()
		if m.postingDays[p.PostingID] == nil {
			m.postingDays[p.PostingID] = map[time.Time]bool{}
		}
		m.postingDays[p.PostingID][d] = true
		for _, s := range p.Skills() {
			m.skills[s.SkillID] = skillpulse.Skill{ID: s.SkillID, Name: s.Skill, Kind: s.Kind, Category: s.Category}
			if m.skillDays[s.SkillID] == nil {
				m.skillDays[s.SkillID] = map[time.Time]map[string]bool{}
			}
			if m.skillDays[s.SkillID][d] == nil {
				m.skillDays[s.SkillID][d] = map[string]bool{}
			}
			m.skillDays[s.SkillID][d][p.PostingID] = true
		}
	}
}

func inPeriod(d, from, to time.Time) bool {
	return (from.IsZero() || !d.Before(from)) && (to.IsZero() || !d.After(to))
}

func (m *model) postingCount(from, to time.Time) uint64 {
	var n uint64
	for _, days := range m.postingDays {
		for d := range days {
			if inPeriod(d, from, to) {
				n++
				break
			}
		}
	}
	return n
}

func (m *model) top(q skillpulse.TopQuery) []skillpulse.SkillCount {
	total := m.postingCount(q.From, q.To)
	var out []skillpulse.SkillCount
	for id, days := range m.skillDays {
		s := m.skills[id]
		if q.Kind != "" && s.Kind != q.Kind {
			continue
		}
		postings := map[string]bool{}
		for d, ps := range days {
			if inPeriod(d, q.From, q.To) {
				for p := range ps {
					postings[p] = true
				}
			}
		}
		if len(postings) == 0 {
			continue
		}
		out = append(out, skillpulse.SkillCount{SkillID: id, Skill: s.Name, Kind: s.Kind, Category: s.Category,
			Postings: uint64(len(postings)), Share: float64(len(postings)) / float64(total)})
	}
	slices.SortFunc(out, func(a, b skillpulse.SkillCount) int {
		return cmp.Or(cmp.Compare(b.Postings, a.Postings), cmp.Compare(a.SkillID, b.SkillID))
	})
	limit := q.Limit
	if limit <= 0 {
		limit = clickhouse.DefaultTopLimit
	}
	return out[:min(limit, len(out))]
}

// skillDaily is skill_daily as "day skill_id postings" lines.
func (m *model) skillDaily() []string {
	var out []string
	for id, days := range m.skillDays {
		for d, ps := range days {
			out = append(out, fmt.Sprintf("%s %s %d", d.Format(time.DateOnly), id, len(ps)))
		}
	}
	slices.Sort(out)
	return out
}

func dbSkillDaily(tb testing.TB, db *clickhouse.DB) []string {
	tb.Helper()
	var out []string
	for _, r := range MustQuery(tb, db, "SELECT day, skill_id, postings FROM "+db.Database()+".skill_daily") {
		out = append(out, fmt.Sprintf("%s %s %d", r[0].(time.Time).Format(time.DateOnly), r[1], r[2]))
	}
	slices.Sort(out)
	return out
}

// queries are the TopQuery cases every state of the tables is checked with.
var queries = []struct {
	name string
	q    skillpulse.TopQuery
}{
	{"all", skillpulse.TopQuery{}},
	{"soft", skillpulse.TopQuery{Slice: skillpulse.Slice{Kind: skillpulse.Soft}}},
	{"hard", skillpulse.TopQuery{Slice: skillpulse.Slice{Kind: skillpulse.Hard}}},
	{"from day 2", skillpulse.TopQuery{Slice: skillpulse.Slice{From: day(2)}}},
	{"to day 1", skillpulse.TopQuery{Slice: skillpulse.Slice{To: day(1)}}},
	{"day 2 only", skillpulse.TopQuery{Slice: skillpulse.Slice{From: day(2), To: day(2)}}},
	{"hard on days 2-3", skillpulse.TopQuery{Slice: skillpulse.Slice{From: day(2), To: day(3), Kind: skillpulse.Hard}}},
	{"limit 2", skillpulse.TopQuery{Limit: 2}},
	{"empty period", skillpulse.TopQuery{Slice: skillpulse.Slice{From: day(20), To: day(21)}}},
}

// checkAgainstModel compares every figure the package serves with the model.
func checkAgainstModel(t *testing.T, db *clickhouse.DB, m *model) {
	t.Helper()
	ctx := context.Background()
	for _, tt := range queries {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.TopSkills(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if want := m.top(tt.q); !reflect.DeepEqual(nilIfEmpty(got), nilIfEmpty(want)) {
				t.Errorf("TopSkills(%+v)\n got %+v\nwant %+v", tt.q, got, want)
			}
			n, err := db.PostingCount(ctx, tt.q.Slice)
			if err != nil {
				t.Fatal(err)
			}
			if want := m.postingCount(tt.q.From, tt.q.To); n != want {
				t.Errorf("PostingCount(%v, %v) = %d, want %d", tt.q.From, tt.q.To, n, want)
			}
		})
	}
	t.Run("skill_daily", func(t *testing.T) {
		if got, want := dbSkillDaily(t, db), m.skillDaily(); !slices.Equal(got, want) {
			t.Errorf("skill_daily\n got %q\nwant %q", got, want)
		}
	})
	t.Run("postings final", func(t *testing.T) {
		rows := MustQuery(t, db, "SELECT count() FROM "+db.Database()+".postings FINAL")
		if got, want := rows[0][0].(uint64), uint64(len(m.postingDays)); got != want {
			t.Errorf("postings FINAL has %d rows, want %d", got, want)
		}
	})
}

func nilIfEmpty(s []skillpulse.SkillCount) []skillpulse.SkillCount {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestWriteTaggedIsIdempotent(t *testing.T) {
	db := MustOpen(t)
	m := newModel()
	first := []skillpulse.TaggedPosting{
		posting("p1", day(1), hl7, comm, hl7),
		posting("p2", day(1), hl7, epic, sql),
		posting("p3", day(2), comm, lead, hl7),
		posting("p4", day(3), epic),
		posting("p5", day(3)), // no skills: counts only in PostingCount
	}
	MustWrite(t, db, m, first...)
	t.Run("first batch", func(t *testing.T) { checkAgainstModel(t, db, m) })

	// Sanity check of the model itself on one figure of the fixture.
	if top := m.top(skillpulse.TopQuery{Limit: 1}); top[0].SkillID != "hl7" || top[0].Postings != 3 {
		t.Fatalf("model's top skill = %+v, want hl7 in 3 postings", top[0])
	}

	before, err := db.TopSkills(context.Background(), skillpulse.TopQuery{})
	if err != nil {
		t.Fatal(err)
	}
	MustWrite(t, db, m, first...)
	t.Run("same batch again", func(t *testing.T) {
		after, err := db.TopSkills(context.Background(), skillpulse.TopQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(after, before) {
			t.Errorf("a replayed batch changed TopSkills\nbefore %+v\n after %+v", before, after)
		}
		checkAgainstModel(t, db, m)
	})

	MustWrite(t, db, m,
		first[1], first[3], first[0], first[0], // old postings, one twice in the batch
		posting("p6", day(2), hl7, teamw),
		posting("p7", day(4), sql, comm),
	)
	t.Run("old and new mixed", func(t *testing.T) {
		checkAgainstModel(t, db, m)
		n, err := db.PostingCount(context.Background(), skillpulse.Slice{})
		if err != nil {
			t.Fatal(err)
		}
		if n != uint64(len(first))+2 {
			t.Errorf("PostingCount = %d, want the %d first postings plus 2 new", n, len(first))
		}
	})

	t.Run("mentions per skill", func(t *testing.T) {
		rows := MustQuery(t, db, "SELECT mentions, first_start, first_end FROM "+db.Database()+
			".posting_skills FINAL WHERE posting_id = ? AND skill_id = ?", "p1", "hl7")
		want := [][]any{{uint16(2), uint32(first[0].Mentions[0].Start), uint32(first[0].Mentions[0].End)}}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("p1/hl7 = %v, want %v", rows, want)
		}
	})
}

func TestRetaggedPostingReplacesItsRow(t *testing.T) {
	db := MustOpen(t)
	m := newModel()
	old := posting("p1", day(1), hl7, comm)
	newer := old
	newer.Title = "Senior Analyst"
	newer.PostedAt = day(2).Add(8 * time.Hour) // the posting's date moved
	newer.TaggedAt = old.TaggedAt.Add(time.Hour)
	newer.Mentions = old.Mentions[:1]
	newer.TaxonomyVersion = "t2"

	MustWrite(t, db, m, old)
	MustWrite(t, db, m, newer)
	MustWrite(t, db, m, old) // a replay of the older message must not win

	rows := MustQuery(t, db, "SELECT title, toString(posted_day), taxonomy_version, skills FROM "+db.Database()+".postings FINAL")
	want := [][]any{{newer.Title, newer.PostedDay().Format(time.DateOnly), "t2", uint16(1)}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("postings FINAL = %v, want %v", rows, want)
	}
	rows = MustQuery(t, db, "SELECT argMax(title, version) FROM "+db.Database()+".postings WHERE posting_id = ?", "p1")
	if rows[0][0] != newer.Title {
		t.Errorf("argMax(title, version) = %v, want %q", rows[0][0], newer.Title)
	}
	n, err := db.PostingCount(context.Background(), skillpulse.Slice{})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("PostingCount over all time = %d, want 1: one posting however often re-tagged", n)
	}
}

func TestWriteTaggedRejectsMissingID(t *testing.T) {
	db := MustOpen(t)
	bad := posting("", day(1), hl7)
	err := db.WriteTagged(context.Background(), []skillpulse.TaggedPosting{posting("ok", day(1), hl7), bad})
	if !errors.Is(err, skillpulse.ErrInvalidPosting) {
		t.Fatalf("WriteTagged with an empty posting_id: %v, want ErrInvalidPosting", err)
	}
	n, err := db.PostingCount(context.Background(), skillpulse.Slice{})
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("PostingCount = %d after a rejected batch, want 0", n)
	}
}

func TestTopSkillsRejectsUnknownKind(t *testing.T) {
	db := MustOpen(t)
	if _, err := db.TopSkills(context.Background(), skillpulse.TopQuery{Slice: skillpulse.Slice{Kind: "medium"}}); err == nil {
		t.Error("TopSkills with kind \"medium\" succeeded, want an error")
	}
}

func TestSyncSkills(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	v1 := []skillpulse.Skill{hl7, comm}
	v2 := []skillpulse.Skill{hl7, comm}
	v2[0].Name = "HL7 v2"
	v2[0].Aliases = []string{"HL7v2", "Health Level Seven"}
	v2[0].ONET = "43-9111.00"
	v2[1].ESCO = "http://data.europa.eu/esco/skill/communication"
	for _, s := range []struct {
		version string
		skills  []skillpulse.Skill
	}{{"t1", v1}, {"t2", v2}, {"t2", v2}} {
		if err := db.SyncSkills(ctx, s.version, s.skills); err != nil {
			t.Fatal(err)
		}
	}
	rows := MustQuery(t, db, "SELECT skill_id, name, kind, category, aliases, esco, onet, taxonomy_version FROM "+
		db.Database()+".skills FINAL ORDER BY skill_id")
	var want [][]any
	for _, s := range []skillpulse.Skill{v2[1], v2[0]} { // by skill_id
		aliases := s.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		want = append(want, []any{s.ID, s.Name, string(s.Kind), s.Category, aliases, s.ESCO, s.ONET, "t2"})
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("skills FINAL\n got %v\nwant %v", rows, want)
	}
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	base := chtest.DSN(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path += "_new" // a database that does not exist yet
	db := MustOpenDSN(t, u.String())
	t.Cleanup(func() { _ = db.Exec(context.Background(), "DROP DATABASE IF EXISTS "+db.Database()) })

	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) == 0 || applied[0] != 1 {
		t.Fatalf("first Migrate applied %v, want 1 first", applied)
	}
	again, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 0 {
		t.Errorf("second Migrate applied %v, want none", again)
	}
	rows := MustQuery(t, db, "SELECT name FROM system.tables WHERE database = ? ORDER BY name", db.Database())
	var got []string
	for _, r := range rows {
		got = append(got, r[0].(string))
	}
	for _, name := range []string{"postings", "posting_skills", "skills", "skill_daily_state", "skill_daily_mv",
		"skill_daily", "posting_daily_state", "posting_daily_mv", "posting_daily", "schema_migrations"} {
		if !slices.Contains(got, name) {
			t.Errorf("table %s missing after Migrate; have %v", name, got)
		}
	}
	rows = MustQuery(t, db, "SELECT count(), uniqExact(version) FROM "+db.Database()+".schema_migrations FINAL")
	if rows[0][0] != uint64(len(applied)) || rows[0][1] != uint64(len(applied)) {
		t.Errorf("schema_migrations FINAL: %v rows, %v versions; want %d of each", rows[0][0], rows[0][1], len(applied))
	}
}

func TestConcurrentMigrate(t *testing.T) {
	dsn := chtest.DSN(t)
	dbs := []*clickhouse.DB{MustOpenDSN(t, dsn), MustOpenDSN(t, dsn)}
	var wg sync.WaitGroup
	errs := make([]error, len(dbs))
	for i, db := range dbs {
		wg.Go(func() { _, errs[i] = db.Migrate(context.Background()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Migrate %d: %v", i, err)
		}
	}
	if applied, err := dbs[0].Migrate(context.Background()); err != nil || len(applied) != 0 {
		t.Errorf("Migrate after two concurrent ones = %v, %v; want nothing to apply", applied, err)
	}
}

func TestOpenRejects(t *testing.T) {
	tests := []struct {
		name string
		dsn  string
	}{
		{"http protocol", "http://127.0.0.1:8123/skillpulse"},
		{"database name with a dash", "clickhouse://127.0.0.1:9000/bad-name"},
		{"database name with a quote", "clickhouse://127.0.0.1:9000/x%60y"},
		{"not a URL", "::"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := clickhouse.Open(context.Background(), tt.dsn)
			if err == nil {
				db.Close()
				t.Errorf("Open(%q) succeeded, want an error", tt.dsn)
			}
		})
	}
}

func TestDefaultDatabase(t *testing.T) {
	u, err := url.Parse(chtest.Server(t))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = ""
	db := MustOpenDSN(t, u.String())
	if db.Database() != clickhouse.DefaultDatabase {
		t.Errorf("Database() = %q, want %q", db.Database(), clickhouse.DefaultDatabase)
	}
}
