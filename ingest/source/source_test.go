package source_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/ingest/fetch"
	"github.com/skillpulse/skillpulse/ingest/source"
	"github.com/skillpulse/skillpulse/ingest/state"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, yaml, wantErr string
	}{
		{"minimal", "sources:\n  - {kind: greenhouse, name: a, board: acme}\n", ""},
		{"every kind", `sources:
  - {kind: greenhouse, name: a, board: x}
  - {kind: lever, name: b, site: x}
  - {kind: ashby, name: c, board: x}
  - {kind: smartrecruiters, name: d, company: x}
  - {kind: workday, name: e, tenant: x, site: y, base_url: "https://x.wd5.myworkdayjobs.com"}
  - {kind: usajobs, name: f}
  - {kind: jsonld, name: g, url: "https://x.example/sitemap.xml"}
  - {kind: rss, name: h, url: "https://x.example/feed"}
  - {kind: file, name: i, path: /tmp/x.jsonl}
`, ""},
		{"unknown kind", "sources:\n  - {kind: indeed, name: a}\n", `kind "indeed"`},
		{"missing identifier", "sources:\n  - {kind: lever, name: a}\n", "needs site"},
		{"workday needs base_url", "sources:\n  - {kind: workday, name: a, tenant: t, site: s}\n", "needs base_url"},
		{"duplicate name", "sources:\n  - {kind: lever, name: a, site: x}\n  - {kind: lever, name: a, site: y}\n", "used twice"},
		{"misspelt key", "sources:\n  - {kind: lever, name: a, site: x, bse_url: y}\n", "bse_url"},
		{"not http", "sources:\n  - {kind: rss, name: a, url: \"ftp://x/feed\"}\n", "not an http(s) URL"},
		{"bad link pattern", "sources:\n  - {kind: jsonld, name: a, url: \"https://x/\", link_pattern: \"(\"}\n", "link_pattern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := source.Parse([]byte(tt.yaml))
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Parse error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestExampleSourcesFile(t *testing.T) {
	f, err := source.Load(filepath.Join("..", "..", "deploy", "sources.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, c := range f.Sources {
		kinds[c.Kind] = true
	}
	for _, k := range source.Kinds() {
		if !kinds[k] {
			t.Errorf("the example sources file has no %s source", k)
		}
	}
	if f.AllowPrivateNetworks {
		t.Error("the example must not allow private networks")
	}
}

// MustEnv is an Env whose client may reach srv, with fresh state.
func MustEnv(tb testing.TB, srv *httptest.Server, now time.Time) source.Env {
	tb.Helper()
	u, _ := url.Parse(srv.URL)
	st, err := state.Open(filepath.Join(tb.TempDir(), "state.json"))
	if err != nil {
		tb.Fatal(err)
	}
	c := fetch.New(fetch.Config{Timeout: time.Second, MinInterval: time.Millisecond, MaxRetries: -1,
		AllowedHosts: []string{u.Hostname()}, AllowPrivateNetworks: true})
	return source.Env{Client: c, State: st, Now: func() time.Time { return now }}
}

// TestJSONLDListingPage reads a career listing page: its own JobPosting
// (inside an @graph) counts, links matching the pattern are fetched as job
// pages, and links elsewhere are not followed.
func TestJSONLDListingPage(t *testing.T) {
	pages := map[string]string{
		"/careers": `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
			{"@type":"Organization","name":"Lakeshore Health"},
			{"@type":"JobPosting","identifier":"LH-1","title":"Epic Willow Analyst","description":"<p>Pharmacy builds</p>","datePosted":"2026-09-01","hiringOrganization":{"name":"Lakeshore Health"},"jobLocation":{"address":{"addressLocality":"Madison","addressRegion":"WI","addressCountry":"US"}}}]}</script></head>
			<body><a href="/jobs/lh-2">Interface Analyst</a> <a href="/about">About</a> <a href="https://elsewhere.example/jobs/9">Partner job</a> <a href="/jobs/lh-2#apply">again</a></body></html>`,
		"/jobs/lh-2": `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"Interface Analyst","description":"HL7 and FHIR","datePosted":"2026-09-02","hiringOrganization":"Lakeshore Health","jobLocationType":"TELECOMMUTE"}</script></head></html>`,
	}
	var requested []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requested = append(requested, r.URL.Path)
		body, ok := pages[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	src, err := source.New(source.Config{Kind: source.KindJSONLD, Name: "lakeshore", URL: "https://careers.lakeshore.example/careers", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	res, err := src.Fetch(context.Background(), MustEnv(t, srv, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Entries) != 2 {
		t.Fatalf("entries = %+v, want 2", res.Entries)
	}
	a, b := res.Entries[0], res.Entries[1]
	if a.Posting == nil || a.Posting.SourceID != "LH-1" || a.Posting.City != "Madison" || a.Posting.Region != "WI" || a.Posting.Employer != "Lakeshore Health" {
		t.Errorf("listing page posting = %+v", a.Posting)
	}
	if b.Posting == nil || b.Posting.SourceID != "https://careers.lakeshore.example/jobs/lh-2" || b.Posting.WorkMode != "remote" || b.Posting.Title != "Interface Analyst" {
		t.Errorf("job page posting = %+v", b.Posting)
	}
	for _, p := range requested {
		if p == "/about" || p == "/jobs/9" {
			t.Errorf("fetched %s, which does not match the link pattern or is on another host", p)
		}
	}
}

// TestWorkdayRelativeDate reads "Posted 30+ Days Ago" when the detail page
// has no start date.
func TestWorkdayRelativeDate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/jobs"):
			w.Write([]byte(`{"total":1,"jobPostings":[{"title":"Epic Analyst","externalPath":"/job/Ohio---Columbus/Epic-Analyst_R1","locationsText":"Ohio - Columbus","postedOn":"Posted 30+ Days Ago","bulletFields":["R1"]}]}`))
		case strings.HasSuffix(r.URL.Path, "_R1"):
			w.Write([]byte(`{"jobPostingInfo":{"title":"Epic Analyst","jobDescription":"<p>Epic Cadence</p>","location":"Ohio - Columbus","postedOn":"Posted 30+ Days Ago"}}`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	src, err := source.New(source.Config{Kind: source.KindWorkday, Name: "wd", Tenant: "summit", Site: "Careers", BaseURL: srv.URL, Employer: "Summit Valley Health"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 9, 30, 15, 0, 0, 0, time.UTC)
	res, err := src.Fetch(context.Background(), MustEnv(t, srv, now))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Entries) != 1 || res.Entries[0].Posting == nil {
		t.Fatalf("entries = %+v", res.Entries)
	}
	if p := res.Entries[0].Posting; p.PostedAt != "2026-08-31" || p.SourceID != "summit/R1" || p.Employer != "Summit Valley Health" {
		t.Errorf("posting = %+v", p)
	}
}

// TestJSONLDSitemapIndex follows a sitemap index to its sitemap, and skips
// a job page whose lastmod matches what the state recorded.
func TestJSONLDSitemapIndex(t *testing.T) {
	job := func(id, title string) string {
		return `<html><head><script type="application/ld+json">{"@type":"JobPosting","title":"` + title +
			`","description":"Epic Beacon builds","datePosted":"2026-09-01","hiringOrganization":"Lakeshore Health"}</script></head></html>`
	}
	pages := map[string]string{
		"/sitemap.xml":      `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://careers.lakeshore.example/jobs-sitemap.xml</loc></sitemap></sitemapindex>`,
		"/jobs-sitemap.xml": `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://careers.lakeshore.example/jobs/1</loc><lastmod>2026-09-01</lastmod></url><url><loc>https://careers.lakeshore.example/jobs/2</loc><lastmod>2026-09-02</lastmod></url></urlset>`,
		"/jobs/1":           job("1", "Epic Beacon Analyst"),
		"/jobs/2":           job("2", "Oncology Informatics Specialist"),
	}
	var requested []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requested = append(requested, r.URL.Path)
		body, ok := pages[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Write([]byte(body))
	}))
	defer srv.Close()
	src, err := source.New(source.Config{Kind: source.KindJSONLD, Name: "lakeshore", URL: "https://careers.lakeshore.example/sitemap.xml", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	env := MustEnv(t, srv, time.Now())
	open1 := "https://careers.lakeshore.example/jobs/1"
	env.State.Put(open1, state.Seen{Hash: "h", Mark: "2026-09-01"}) // seen before, same lastmod
	res, err := src.Fetch(context.Background(), env)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Entries) != 2 {
		t.Fatalf("entries = %+v", res.Entries)
	}
	if e := res.Entries[0]; e.ID != open1 || e.Posting != nil {
		t.Errorf("unchanged page entry = %+v, want listed without a refetch", e)
	}
	if e := res.Entries[1]; e.Posting == nil || e.Posting.Title != "Oncology Informatics Specialist" || e.Mark != "2026-09-02" {
		t.Errorf("new page entry = %+v", e)
	}
	for _, p := range requested {
		if p == "/jobs/1" {
			t.Error("a page with an unchanged lastmod was fetched")
		}
	}
}
