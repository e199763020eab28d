package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/broker"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/kafka"
)

var update = flag.Bool("update", false, "rewrite testdata/sources/want/*.jsonl from what ingest publishes")

const sourcesDir = "testdata/sources"

// replay serves the fixtures under testdata/sources the way each public
// API would, with ETags and 304s, and lets a test replace a response.
type replay struct {
	t        *testing.T
	mu       sync.Mutex
	override map[string][]byte // path -> body
	requests map[string]int    // "METHOD path" -> count
}

func newReplay(t *testing.T) (*replay, *httptest.Server) {
	r := &replay{t: t, override: map[string][]byte{}, requests: map[string]int{}}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv
}

func (r *replay) set(path string, body []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.override[path] = body
}

func (r *replay) count(key string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests[key]
}

// route maps a request to its fixture file, relative to testdata/sources.
func (r *replay) route(req *http.Request) (string, int) {
	p := req.URL.Path
	switch {
	case p == "/robots.txt":
		return "", http.StatusNotFound
	case p == "/v1/boards/amplitude/jobs":
		return "greenhouse/jobs.json", 200
	case p == "/v0/postings/idealistconsulting":
		if req.URL.Query().Get("skip") != "0" {
			return "-[]", 200
		}
		return "lever/postings.json", 200
	case p == "/posting-api/job-board/highlightta":
		return "ashby/job-board.json", 200
	case p == "/v1/companies/knight/postings":
		return "smartrecruiters/postings.json", 200
	case strings.HasPrefix(p, "/v1/companies/knight/postings/"):
		return "smartrecruiters/posting-" + strings.TrimPrefix(p, "/v1/companies/knight/postings/") + ".json", 200
	case p == "/wday/cxs/salesforce/External_Career_Site/jobs" && req.Method == http.MethodPost:
		return "workday/jobs.json", 200
	case strings.HasPrefix(p, "/wday/cxs/salesforce/External_Career_Site/job/"):
		return "workday/" + p[strings.LastIndex(p, "_")+1:] + ".json", 200
	case p == "/api/search":
		if req.Header.Get("Authorization-Key") != "test-key" || req.Header.Get("User-Agent") != "ops@example.org" {
			return "", http.StatusUnauthorized
		}
		return "usajobs/search.json", 200
	case p == "/sitemap.xml":
		return "jsonld/sitemap.xml", 200
	case strings.HasPrefix(p, "/jobs/"):
		id, _, _ := strings.Cut(strings.TrimPrefix(p, "/jobs/"), "-")
		return "jsonld/job-" + id + ".html", 200
	case p == "/about":
		return "-<html><body>About us</body></html>", 200
	case p == "/careers/exampleagency/feed":
		return "rss/neogov.xml", 200
	case p == "/feed.atom":
		return "rss/atom.xml", 200
	}
	return "", http.StatusNotFound
}

func (r *replay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests[req.Method+" "+req.URL.Path]++
	body, ok := r.override[req.URL.Path]
	r.mu.Unlock()
	if !ok {
		name, status := r.route(req)
		if status != 200 {
			w.WriteHeader(status)
			return
		}
		if strings.HasPrefix(name, "-") {
			body = []byte(name[1:])
		} else {
			b, err := os.ReadFile(filepath.Join(sourcesDir, name))
			if err != nil {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			body = b
		}
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if req.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	switch {
	case bytes.HasPrefix(bytes.TrimSpace(body), []byte("<?xml")):
		w.Header().Set("Content-Type", "application/xml")
	case bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	default:
		w.Header().Set("Content-Type", "application/json")
	}
	w.Write(body)
}

// writeSources writes a sources file with every kind pointed at base.
func writeSources(t *testing.T, base string) string {
	t.Helper()
	fileDir, err := filepath.Abs(filepath.Join(sourcesDir, "file"))
	if err != nil {
		t.Fatal(err)
	}
	yaml := fmt.Sprintf(`allow_private_networks: true
user_agent: "skillpulse-test/1.0 (+https://example.org/bot)"
fetch:
  timeout: 5s
  min_interval: 1ms
  backoff_base: 10ms
  max_retries: 1
sources:
  - {kind: greenhouse, name: amplitude, board: amplitude, base_url: "%[1]s"}
  - {kind: lever, name: idealist, site: idealistconsulting, base_url: "%[1]s", employer: "Idealist Consulting"}
  - {kind: ashby, name: highlightta, board: highlightta, base_url: "%[1]s", employer: "HighlightTA"}
  - {kind: smartrecruiters, name: knight, company: knight, base_url: "%[1]s"}
  - {kind: workday, name: salesforce, tenant: salesforce, site: External_Career_Site, base_url: "%[1]s"}
  - {kind: usajobs, name: usajobs-it, base_url: "%[1]s", series: ["2210", "0671"]}
  - {kind: jsonld, name: teamtailor, url: "https://career.teamtailor.com/sitemap.xml", base_url: "%[1]s"}
  - {kind: rss, name: exampleagency, url: "https://www.governmentjobs.com/careers/exampleagency/feed", base_url: "%[1]s"}
  - {kind: rss, name: lakeshore-atom, url: "https://careers.lakeshorehealth.example/feed.atom", base_url: "%[1]s", employer: "Lakeshore Health"}
  - {kind: file, name: summit-dump, path: "%[2]s/jobpostings.json.gz"}
  - {kind: file, name: mercy-export, path: "%[2]s/postings.jsonl"}
`, base, fileDir)
	path := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readTopic reads every message of topic from the start, waiting until
// there are at least want and then until the topic stays quiet.
func readTopic(t *testing.T, kc kafka.Config, topic string, want int) []skillpulse.Message {
	t.Helper()
	sub, err := kafka.NewSubscription(kc, fmt.Sprintf("read-%d", time.Now().UnixNano()), topic)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	var msgs []skillpulse.Message
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		wait := 10 * time.Second
		if len(msgs) >= want {
			wait = 1500 * time.Millisecond
		}
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		m, err := sub.Fetch(ctx)
		cancel()
		if err != nil {
			if len(msgs) >= want {
				return msgs
			}
			continue
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// postingsBySource decodes raw postings and groups them by source kind,
// with fetched_at removed (it is the time of the run).
func postingsBySource(t *testing.T, msgs []skillpulse.Message) map[string][]skillpulse.RawPosting {
	t.Helper()
	out := map[string][]skillpulse.RawPosting{}
	for _, m := range msgs {
		p, err := skillpulse.ParseRawPosting(m.Value)
		if err != nil {
			t.Fatalf("published an invalid posting %s: %v", m.Value, err)
		}
		if string(m.Key) != p.Key() {
			t.Errorf("message key %q, posting key %q", m.Key, p.Key())
		}
		if p.FetchedAt == "" {
			t.Errorf("posting %s has no fetched_at", p.Key())
		}
		p.FetchedAt = ""
		out[p.Source] = append(out[p.Source], p)
	}
	for _, ps := range out {
		sort.Slice(ps, func(i, j int) bool { return ps[i].Key() < ps[j].Key() })
	}
	return out
}

func startBroker(t *testing.T) kafka.Config {
	t.Helper()
	b, err := broker.Start(broker.Config{DataDir: t.TempDir(), Topics: []string{"postings.raw", "postings.tagged", "postings.dlq"}, Partitions: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return kafka.Config{Brokers: []string{b.Addr()}}
}

// TestIngestSources runs `ingest --sources FILE --once` against a replay
// server for every source kind into the embedded broker, and checks the
// exact raw postings published; then that a second pass publishes
// nothing, and that a changed posting is republished once and a removed
// one closed.
func TestIngestSources(t *testing.T) {
	rp, srv := newReplay(t)
	kc := startBroker(t)
	sources := writeSources(t, srv.URL)
	dataDir := t.TempDir()
	env := map[string]string{config.EnvKafkaBrokers: kc.Brokers[0], "USAJOBS_API_KEY": "test-key", "USAJOBS_USER_AGENT": "ops@example.org"}
	ingest := func() string {
		return runCommand(t, env, "ingest", "--once", "--sources", sources, "--data-dir", dataDir, "--http-addr", "127.0.0.1:0")
	}

	out := ingest()
	t.Log(out)
	first := readTopic(t, kc, "postings.raw", 1)
	got := postingsBySource(t, first)
	kinds := []string{"greenhouse", "lever", "ashby", "smartrecruiters", "workday", "usajobs", "jsonld", "rss", "hospital-export"}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			path := filepath.Join(sourcesDir, "want", kind+".jsonl")
			var buf bytes.Buffer
			for _, p := range got[kind] {
				b, err := json.Marshal(p)
				if err != nil {
					t.Fatal(err)
				}
				buf.Write(b)
				buf.WriteByte('\n')
			}
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(got[kind]) == 0 {
				t.Fatalf("no postings published for %s", kind)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("published postings differ from %s:\ngot:\n%s\nwant:\n%s", path, buf.Bytes(), want)
			}
		})
	}
	if len(got["jsonld"]) != 4 {
		t.Errorf("jsonld+file JSON-LD postings = %d, want 2 pages and 2 dump entries", len(got["jsonld"]))
	}
	dlq := readTopic(t, kc, "postings.dlq", 1)
	if len(dlq) != 1 || !strings.Contains(string(dlq[0].Value), "title is empty") {
		t.Errorf("dead letters = %d, want the untitled posting of postings.jsonl", len(dlq))
	}
	if !strings.Contains(out, "sources: 11 ok, 0 failed") {
		t.Errorf("summary does not report 11 sources ok:\n%s", out)
	}

	t.Run("second pass publishes nothing", func(t *testing.T) {
		detail := rp.count("GET /v1/companies/knight/postings/743999671674844")
		out := ingest()
		if !strings.Contains(out, "new 0, changed 0, closed 0, rejected 0\n") || strings.Contains(out, "new 1") {
			t.Errorf("second pass summary:\n%s", out)
		}
		if n := len(readTopic(t, kc, "postings.raw", len(first))); n != len(first) {
			t.Errorf("postings.raw has %d messages after the second pass, want %d", n, len(first))
		}
		if d := rp.count("GET /v1/companies/knight/postings/743999671674844"); d != detail {
			t.Errorf("unchanged SmartRecruiters posting's detail fetched again (%d -> %d)", detail, d)
		}
	})

	t.Run("changed is republished once, removed is closed", func(t *testing.T) {
		var board struct {
			Jobs []map[string]any `json:"jobs"`
		}
		b, _ := os.ReadFile(filepath.Join(sourcesDir, "greenhouse/jobs.json"))
		if err := json.Unmarshal(b, &board); err != nil {
			t.Fatal(err)
		}
		board.Jobs[0]["title"] = "Customer Data Scientist - Healthcare Experimentation"
		board.Jobs = board.Jobs[:1]
		nb, _ := json.Marshal(board)
		rp.set("/v1/boards/amplitude/jobs", nb)
		out := ingest()
		if !strings.Contains(out, "greenhouse amplitude: fetched 1, new 0, changed 1, closed 1, rejected 0") {
			t.Errorf("summary:\n%s", out)
		}
		all := readTopic(t, kc, "postings.raw", len(first)+2)
		if len(all) != len(first)+2 {
			t.Fatalf("postings.raw has %d messages, want %d", len(all), len(first)+2)
		}
		var changed, closed skillpulse.RawPosting
		for _, m := range all[len(first):] {
			p, err := skillpulse.ParseRawPosting(m.Value)
			if err != nil {
				t.Fatal(err)
			}
			if p.ClosedAt != "" {
				closed = p
			} else {
				changed = p
			}
		}
		if changed.SourceID != "amplitude/8636903002" || changed.Title != "Customer Data Scientist - Healthcare Experimentation" {
			t.Errorf("changed posting = %+v", changed)
		}
		if closed.SourceID != "amplitude/8651132002" || closed.Title != "Emerging Account Executive (India)" {
			t.Errorf("closed posting = %+v", closed)
		}
		if again := ingest(); !strings.Contains(again, "greenhouse amplitude: fetched 0, new 0, changed 0, closed 0") {
			t.Errorf("a closed posting must be closed once; summary:\n%s", again)
		}
	})
}
