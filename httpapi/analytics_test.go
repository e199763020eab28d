package httpapi_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/httpapi"
	"github.com/skillpulse/skillpulse/internal/fakeanalytics"
)

// MustHandler is the API over the sample fake.
func MustHandler(tb testing.TB) (http.Handler, *fakeanalytics.Fake) {
	tb.Helper()
	f := fakeanalytics.Sample()
	return httpapi.New(httpapi.Options{Gatherer: prometheus.NewRegistry(), Analytics: f}), f
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAnalyticsEndpointsPassTypedFilters(t *testing.T) {
	tests := []struct {
		name, path, method string
		check              func(t *testing.T, c fakeanalytics.Call)
	}{
		{"top with every filter", "/api/v1/skills/top?from=2026-10-01&to=2026-10-31&kind=soft&category=communication&role_family=data_analytics&state=tx&employer=Acme%20Health&limit=3", "TopSkills",
			func(t *testing.T, c fakeanalytics.Call) {
				want := skillpulse.Slice{From: date("2026-10-01"), To: date("2026-10-31"), Kind: skillpulse.Soft, Category: "communication",
					RoleFamily: "data_analytics", Region: "TX", Employer: "Acme Health"}
				if c.Slice != want || c.Limit != 3 {
					t.Errorf("call = %+v, want slice %+v limit 3", c, want)
				}
			}},
		{"trend monthly", "/api/v1/skills/sql/trend?grain=month&state=CA", "SkillTrend",
			func(t *testing.T, c fakeanalytics.Call) {
				if c.SkillID != "sql" || c.Grain != skillpulse.Month || c.Slice.Region != "CA" {
					t.Errorf("call = %+v", c)
				}
			}},
		{"trend default grain", "/api/v1/skills/epic-cadence/trend", "SkillTrend",
			func(t *testing.T, c fakeanalytics.Call) {
				if c.SkillID != "epic-cadence" || c.Grain != skillpulse.Week {
					t.Errorf("call = %+v", c)
				}
			}},
		{"rising falling", "/api/v1/skills/rising?from=2026-10-01&to=2026-10-31&direction=falling&min_postings=5&limit=7", "Rising",
			func(t *testing.T, c fakeanalytics.Call) {
				if !c.Rising.Falling || c.Rising.MinPostings != 5 || c.Limit != 7 || !c.Slice.From.Equal(date("2026-10-01")) {
					t.Errorf("call = %+v", c)
				}
			}},
		{"cooccurring", "/api/v1/skills/fhir/cooccurring?role_family=security&limit=4", "Cooccurring",
			func(t *testing.T, c fakeanalytics.Call) {
				if c.SkillID != "fhir" || c.Limit != 4 || c.Slice.RoleFamily != "security" {
					t.Errorf("call = %+v", c)
				}
			}},
		{"soft-hard", "/api/v1/share/soft-hard?grain=day&from=2026-11-01&to=2026-11-30", "SoftHardShare",
			func(t *testing.T, c fakeanalytics.Call) {
				if c.Grain != skillpulse.Day || !c.Slice.To.Equal(date("2026-11-30")) {
					t.Errorf("call = %+v", c)
				}
			}},
		{"durable", "/api/v1/durable?employer=Mercy", "DurableFigures",
			func(t *testing.T, c fakeanalytics.Call) {
				if c.Slice.Employer != "Mercy" {
					t.Errorf("call = %+v", c)
				}
			}},
		{"count", "/api/v1/postings/count?role_family=other", "PostingCount",
			func(t *testing.T, c fakeanalytics.Call) {
				if c.Slice.RoleFamily != "other" {
					t.Errorf("call = %+v", c)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, f := MustHandler(t)
			code, body := get(t, h, tt.path)
			if code != 200 {
				t.Fatalf("%s: %d %s", tt.path, code, body)
			}
			c, ok := f.Last(tt.method)
			if !ok {
				t.Fatalf("%s did not call %s", tt.path, tt.method)
			}
			tt.check(t, c)
		})
	}
}

func TestAnalyticsEndpointsRejectBadParameters(t *testing.T) {
	tests := []struct{ name, path, want string }{
		{"unknown parameter", "/api/v1/skills/top?role=security", "unknown parameter role"},
		{"repeated parameter", "/api/v1/skills/top?kind=soft&kind=hard", "given 2 times"},
		{"bad role family", "/api/v1/skills/top?role_family=nurse", "role_family"},
		{"bad state", "/api/v1/skills/top?state=Texas", "state"},
		{"state injection", "/api/v1/durable?state=TX'--", "state"},
		{"bad category", "/api/v1/skills/top?category=EHR%20OR%201", "category"},
		{"employer with control char", "/api/v1/durable?employer=a%00b", "employer"},
		{"bad grain", "/api/v1/share/soft-hard?grain=year", "day, week or month"},
		{"kind on posting figure", "/api/v1/share/soft-hard?kind=soft", "unknown parameter kind"},
		{"day grain over decades", "/api/v1/skills/sql/trend?grain=day&from=2000-01-01&to=2026-01-01", "week or month"},
		{"bad skill id", "/api/v1/skills/SQL%20x/trend", "skill id"},
		{"rising needs a period", "/api/v1/skills/rising?from=2026-10-01", "from and to are required"},
		{"rising bad direction", "/api/v1/skills/rising?from=2026-10-01&to=2026-10-02&direction=up", "direction"},
		{"rising bad support", "/api/v1/skills/rising?from=2026-10-01&to=2026-10-02&min_postings=-1", "min_postings"},
		{"co limit", "/api/v1/skills/sql/cooccurring?limit=0", "limit"},
		{"bad format", "/api/v1/durable?format=xml", "json or csv"},
		{"to before from", "/api/v1/postings/count?from=2026-10-02&to=2026-10-01", "before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, f := MustHandler(t)
			code, body := get(t, h, tt.path)
			if code != 400 || !strings.Contains(body, tt.want) {
				t.Errorf("%s = %d %s, want 400 mentioning %q", tt.path, code, body, tt.want)
			}
			if n := len(f.Calls()); n != 0 {
				t.Errorf("%s reached the store (%d calls) despite a bad parameter", tt.path, n)
			}
		})
	}
}

func TestAnalyticsFailureIs500WithoutDetail(t *testing.T) {
	f := fakeanalytics.Sample()
	f.Err = errors.New("code: 60, table secret_db.x does not exist")
	h := httpapi.New(httpapi.Options{Gatherer: prometheus.NewRegistry(), Analytics: f})
	code, body := get(t, h, "/api/v1/durable")
	if code != 500 || strings.Contains(body, "secret_db") || !strings.Contains(body, "durable skills") {
		t.Errorf("failure = %d %s", code, body)
	}
}

func TestAnalyticsCSV(t *testing.T) {
	tests := []struct {
		name, path, header string
		rows               func(f *fakeanalytics.Fake) int
	}{
		{"top", "/api/v1/skills/top", "rank,skill_id,skill,kind,category,postings,share", func(f *fakeanalytics.Fake) int { return len(f.Top) }},
		{"trend", "/api/v1/skills/sql/trend", "period,postings,total,share", func(f *fakeanalytics.Fake) int { return len(f.Trend) }},
		{"rising", "/api/v1/skills/rising?from=2026-11-01&to=2026-11-30", "rank,skill_id,skill,kind,category,postings,share,previous_postings,previous_share,change,significant", func(f *fakeanalytics.Fake) int { return len(f.Movers) }},
		{"cooccurring", "/api/v1/skills/sql/cooccurring", "rank,skill_id,skill,kind,category,postings,share,together,confidence,lift", func(f *fakeanalytics.Fake) int { return len(f.Co) }},
		{"soft-hard", "/api/v1/share/soft-hard", "period,total,soft_postings,hard_postings,soft_share,hard_share,soft_mention_share", func(f *fakeanalytics.Fake) int { return len(f.Share) }},
		{"durable", "/api/v1/durable", "figure,value", func(f *fakeanalytics.Fake) int { return 4 + len(f.Durable.Top10) }},
		{"count", "/api/v1/postings/count", "postings", func(*fakeanalytics.Fake) int { return 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, f := MustHandler(t)
			sep := "?"
			if strings.Contains(tt.path, "?") {
				sep = "&"
			}
			code, body := get(t, h, tt.path+sep+"format=csv")
			if code != 200 {
				t.Fatalf("%d %s", code, body)
			}
			recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatalf("csv: %v\n%s", err, body)
			}
			if got := strings.Join(recs[0], ","); got != tt.header {
				t.Errorf("header = %s, want %s", got, tt.header)
			}
			if got, want := len(recs)-1, tt.rows(f); got != want {
				t.Errorf("%d data rows, want %d", got, want)
			}
		})
	}
}

func TestRisingNamesBothPeriods(t *testing.T) {
	h, _ := MustHandler(t)
	_, body := get(t, h, "/api/v1/skills/rising?from=2026-11-01&to=2026-11-30")
	var got struct {
		PreviousFrom string `json:"previous_from"`
		PreviousTo   string `json:"previous_to"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.PreviousFrom != "2026-10-02" || got.PreviousTo != "2026-10-31" {
		t.Errorf("previous period = %s..%s, want the 30 days before 2026-11-01", got.PreviousFrom, got.PreviousTo)
	}
}

func TestDashboardServedFromBinary(t *testing.T) {
	h, _ := MustHandler(t)
	rec := serve(h, "/")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `<html lang="en">`) {
		t.Fatalf("/ = %d", rec.Code)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	for _, p := range []string{"/static/app.js", "/static/app.css"} {
		if rec := serve(h, p); rec.Code != 200 || rec.Body.Len() == 0 {
			t.Errorf("%s = %d", p, rec.Code)
		}
	}
	if rec := serve(h, "/static/index.html"); rec.Code != 404 {
		t.Errorf("/static/index.html = %d, want 404", rec.Code)
	}
	for _, ref := range []string{"http://", "https://"} {
		for _, p := range []string{"/", "/static/app.js", "/static/app.css"} {
			body := serve(h, p).Body.String()
			body = strings.ReplaceAll(body, "http://www.w3.org/2000/svg", "")
			if strings.Contains(body, ref) {
				t.Errorf("%s refers to an outside URL (%s): the dashboard must fetch nothing at run time", p, ref)
			}
		}
	}
	// Without Analytics the dashboard is not mounted.
	plain := httpapi.New(httpapi.Options{Gatherer: prometheus.NewRegistry(), Querier: &fixedQuerier{}})
	if rec := serve(plain, "/"); rec.Code != 404 {
		t.Errorf("/ without analytics = %d", rec.Code)
	}
}
