package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/httpapi"
)

// fixedQuerier answers with fixed rows and records the last query, so the
// tests check the handler's parsing and encoding, not a database.
type fixedQuerier struct {
	rows []skillpulse.SkillCount
	last skillpulse.TopQuery
}

func (f *fixedQuerier) TopSkills(_ context.Context, q skillpulse.TopQuery) ([]skillpulse.SkillCount, error) {
	f.last = q
	return f.rows, nil
}

func (f *fixedQuerier) PostingCount(context.Context, skillpulse.Slice) (uint64, error) {
	return 7, nil
}

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

func TestHealthReadyMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "skillpulse_test_things_total", Help: "x"})
	reg.MustRegister(c)
	c.Add(3)
	broken := errors.New("dial tcp 127.0.0.1:9000: connection refused")
	var kafkaErr error
	h := httpapi.New(httpapi.Options{Gatherer: reg, Checks: map[string]httpapi.Check{
		"kafka":      func(context.Context) error { return kafkaErr },
		"clickhouse": func(context.Context) error { return nil },
	}})
	if code, body := get(t, h, "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, body := get(t, h, "/readyz"); code != 200 || !strings.Contains(body, `"ready": true`) {
		t.Errorf("/readyz = %d %s", code, body)
	}
	kafkaErr = broken
	code, body := get(t, h, "/readyz")
	if code != 503 || !strings.Contains(body, "connection refused") || !strings.Contains(body, `"clickhouse": "ok"`) {
		t.Errorf("/readyz with kafka down = %d %s", code, body)
	}
	if code, body := get(t, h, "/metrics"); code != 200 || !strings.Contains(body, "skillpulse_test_things_total 3") {
		t.Errorf("/metrics = %d %s", code, body)
	}
}

func TestTopSkillsAPI(t *testing.T) {
	q := &fixedQuerier{rows: []skillpulse.SkillCount{
		{SkillID: "communication", Skill: "Communication", Kind: skillpulse.Soft, Category: "communication", Postings: 5, Share: 0.5},
		{SkillID: "sql", Skill: "SQL", Kind: skillpulse.Hard, Category: "database", Postings: 3, Share: 0.3},
	}}
	h := httpapi.New(httpapi.Options{Gatherer: prometheus.NewRegistry(), Querier: q})
	code, body := get(t, h, "/api/v1/skills/top?from=2026-10-01&to=2026-10-31&kind=hard&limit=5")
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	var got struct{ Skills []skillpulse.SkillCount }
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Skills) != 2 || got.Skills[1].SkillID != "sql" || got.Skills[0].Postings != 5 {
		t.Errorf("body = %s", body)
	}
	wantFrom := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	if !q.last.From.Equal(wantFrom) || q.last.Kind != skillpulse.Hard || q.last.Limit != 5 {
		t.Errorf("query = %+v", q.last)
	}
	code, body = get(t, h, "/api/v1/skills/top?format=csv")
	want := "rank,skill_id,skill,kind,category,postings,share\n1,communication,Communication,soft,communication,5,0.5000\n2,sql,SQL,hard,database,3,0.3000\n"
	if code != 200 || body != want {
		t.Errorf("csv = %d %q", code, body)
	}
	if code, body := get(t, h, "/api/v1/postings/count?from=2026-10-01"); code != 200 || !strings.Contains(body, `"postings": 7`) {
		t.Errorf("count = %d %s", code, body)
	}
}

func TestTopSkillsAPIRejectsBadParameters(t *testing.T) {
	h := httpapi.New(httpapi.Options{Gatherer: prometheus.NewRegistry(), Querier: &fixedQuerier{}})
	tests := []struct{ name, query, want string }{
		{"bad from", "from=2026-13-01", "from"},
		{"to before from", "from=2026-10-02&to=2026-10-01", "before"},
		{"bad kind", "kind=medium", "soft or hard"},
		{"limit zero", "limit=0", "limit"},
		{"limit huge", "limit=100000", "limit"},
		{"injection", "kind=hard'%20OR%201=1", "soft or hard"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := get(t, h, "/api/v1/skills/top?"+tt.query)
			if code != 400 || !strings.Contains(body, tt.want) {
				t.Errorf("%s: %d %s", tt.query, code, body)
			}
		})
	}
	if code, _ := get(t, h, "/api/v1/postings/count?to=yesterday"); code != 400 {
		t.Errorf("bad count param: %d", code)
	}
}
