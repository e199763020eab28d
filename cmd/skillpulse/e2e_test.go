package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/aggregate"
	"github.com/skillpulse/skillpulse/clickhouse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/internal/chtest"
	"github.com/skillpulse/skillpulse/kafka"
	"github.com/skillpulse/skillpulse/sampledata"
)

func TestMain(m *testing.M) { chtest.Main(m) }

// The fixture testdata/e2e/postings.jsonl holds six valid postings, one of
// them delivered twice, and two invalid ones. The expected figures below are
// read off the posting texts by hand: each description names its skills
// plainly (see the file).
const fixture = "testdata/e2e/postings.jsonl"

const (
	fixturePostings = 6 // distinct valid postings
	fixtureValid    = 7 // valid lines, the duplicate included
	fixtureInvalid  = 2
)

// wantDaily is skill_daily for the fixture: day -> skill -> postings.
var wantDaily = map[string]map[string]uint64{
	"2026-09-01": {"epic-cadence": 1, "sql": 2, "communication": 1, "hl7-v2": 1, "fhir": 1, "mirth-connect": 1, "problem-solving": 1},
	"2026-09-02": {"sql": 1, "tableau": 1, "python": 1, "attention-to-detail": 1, "fhir": 1, "communication": 1},
	"2026-09-15": {"hipaa": 1, "problem-solving": 1, "communication": 1},
}

// wantTop is `top` over the whole fixture: skill -> postings.
var wantTop = map[string]uint64{
	"sql": 3, "communication": 3, "fhir": 2, "problem-solving": 2,
	"epic-cadence": 1, "hl7-v2": 1, "mirth-connect": 1, "tableau": 1, "python": 1, "attention-to-detail": 1, "hipaa": 1,
}

// testMain is a Main whose environment is the given map and whose logs go to
// the test log.
func testMain(t *testing.T, env map[string]string) (*Main, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	return &Main{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: testLogWriter{t},
		Getenv:   func(k string) string { return env[k] },
		LogLevel: slog.LevelWarn,
	}, &out
}

// testLogWriter sends a command's stderr to t.Log.
type testLogWriter struct{ t *testing.T }

func (w testLogWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// running is a `skillpulse run` started by a test.
type running struct {
	info RunInfo
	stop func() error
}

// startRun starts `skillpulse run` on dataDir and waits until it is ready.
func startRun(t *testing.T, dataDir string, env map[string]string, extra ...string) running {
	t.Helper()
	m, _ := testMain(t, env)
	ready := make(chan RunInfo, 1)
	m.Ready = func(i RunInfo) { ready <- i }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	args := append([]string{"run", "--data-dir", dataDir, "--http-addr", "127.0.0.1:0"}, extra...)
	go func() { done <- m.Run(ctx, args) }()
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(60 * time.Second):
				stopErr = errors.New("run did not stop within 60s")
			}
		})
		return stopErr
	}
	t.Cleanup(func() { stop() })
	select {
	case info := <-ready:
		return running{info: info, stop: stop}
	case err := <-done:
		t.Fatalf("run exited before it was ready: %v", err)
	case <-time.After(90 * time.Second):
		t.Fatal("run not ready within 90s")
	}
	return running{}
}

// runCommand runs one skillpulse command to completion and returns its stdout.
func runCommand(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	m, out := testMain(t, env)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := m.Run(ctx, args); err != nil {
		t.Fatalf("skillpulse %s: %v", strings.Join(args, " "), err)
	}
	return out.String()
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ok, err := cond()
		if ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s (last error: %v)", timeout, what, last)
}

func openDB(t *testing.T, dsn string) *clickhouse.DB {
	t.Helper()
	db, err := clickhouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// waitForPostings waits until ClickHouse counts n deduplicated postings.
func waitForPostings(t *testing.T, db *clickhouse.DB, n uint64) {
	t.Helper()
	waitFor(t, 60*time.Second, fmt.Sprintf("%d postings in ClickHouse", n), func() (bool, error) {
		got, err := db.PostingCount(context.Background(), skillpulse.Slice{})
		return got == n, err
	})
}

// skillDaily reads the whole skill_daily view as day -> skill -> postings.
func skillDaily(t *testing.T, db *clickhouse.DB) map[string]map[string]uint64 {
	t.Helper()
	rows, err := db.Query(context.Background(),
		"SELECT toString(day), skill_id, postings FROM "+db.Database()+".skill_daily ORDER BY day, skill_id")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]uint64{}
	for _, r := range rows {
		day, skill, n := r[0].(string), r[1].(string), r[2].(uint64)
		if got[day] == nil {
			got[day] = map[string]uint64{}
		}
		got[day][skill] = n
	}
	return got
}

// topJSON runs `skillpulse top --format json` and returns skill -> postings
// and the posting total it printed.
func topJSON(t *testing.T, env map[string]string, args ...string) (map[string]uint64, uint64) {
	t.Helper()
	out := runCommand(t, env, append([]string{"top", "--format", "json", "--limit", "1000"}, args...)...)
	var res struct {
		Postings uint64                  `json:"postings"`
		Skills   []skillpulse.SkillCount `json:"skills"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("top output is not JSON: %v\n%s", err, out)
	}
	got := map[string]uint64{}
	for _, s := range res.Skills {
		got[s.SkillID] = s.Postings
		if want := float64(s.Postings) / float64(res.Postings); s.Share < want-1e-9 || s.Share > want+1e-9 {
			t.Errorf("top: %s share %v, want %v", s.SkillID, s.Share, want)
		}
	}
	return got, res.Postings
}

func assertFigures(t *testing.T, db *clickhouse.DB, env map[string]string) {
	t.Helper()
	if got := skillDaily(t, db); !equalNested(got, wantDaily) {
		t.Errorf("skill_daily =\n%v\nwant\n%v", got, wantDaily)
	}
	top, total := topJSON(t, env)
	if total != fixturePostings || !equalFlat(top, wantTop) {
		t.Errorf("top = %v over %d postings,\nwant %v over %d", top, total, wantTop, fixturePostings)
	}
	soft, _ := topJSON(t, env, "--kind", "soft", "--from", "2026-09-02", "--to", "2026-09-15")
	wantSoft := map[string]uint64{"communication": 2, "problem-solving": 1, "attention-to-detail": 1}
	if !equalFlat(soft, wantSoft) {
		t.Errorf("top --kind soft from 09-02 = %v, want %v", soft, wantSoft)
	}
}

// TestEndToEnd imports the fixture into a running pipeline (embedded broker,
// real ClickHouse) and checks every figure; then replays postings.tagged in
// a new consumer group and checks that no figure moved.
func TestEndToEnd(t *testing.T) {
	dsn := chtest.DSN(t)
	dir := t.TempDir()
	env := map[string]string{config.EnvClickHouseDSN: dsn}
	run := startRun(t, dir, env)
	db := openDB(t, dsn)

	out := runCommand(t, map[string]string{config.EnvDataDir: dir}, "import", fixture)
	want := "read 9, published 7, rejected 2 (1 posted_at; 1 title is empty)\n"
	if out != want {
		t.Errorf("import printed %q, want %q", out, want)
	}
	waitForPostings(t, db, fixturePostings)
	// The pipeline keeps going after the count settles: wait until the
	// aggregate group has committed everything extract published, so later
	// reads see final figures.
	kc := kafka.Config{Brokers: run.info.KafkaBrokers}
	tagged := countMessages(t, kc, "postings.tagged", fixtureValid)
	if tagged != fixtureValid {
		t.Fatalf("postings.tagged holds %d messages, want %d", tagged, fixtureValid)
	}
	if dlq := countMessages(t, kc, "postings.dlq", fixtureInvalid); dlq != fixtureInvalid {
		t.Errorf("postings.dlq holds %d messages, want %d", dlq, fixtureInvalid)
	}
	assertFigures(t, db, map[string]string{config.EnvDataDir: dir})

	t.Run("replay", func(t *testing.T) {
		replayTagged(t, kc, db, "replay-"+fmt.Sprint(time.Now().UnixNano()), fixtureValid)
		assertFigures(t, db, map[string]string{config.EnvDataDir: dir})
	})
	t.Run("import again", func(t *testing.T) {
		runCommand(t, map[string]string{config.EnvDataDir: dir}, "import", fixture)
		countMessages(t, kc, "postings.tagged", 2*fixtureValid)
		waitForCommitted(t, kc, "skillpulse-aggregate", "postings.tagged", 2*fixtureValid)
		assertFigures(t, db, map[string]string{config.EnvDataDir: dir})
	})
	if err := run.stop(); err != nil {
		t.Fatalf("run stopped with %v", err)
	}
}

// replayTagged reads postings.tagged from the beginning in a new consumer
// group through the real aggregate worker and ClickHouse writer, and waits
// until it has written every message.
func replayTagged(t *testing.T, kc kafka.Config, db *clickhouse.DB, group string, messages int) {
	t.Helper()
	sub, err := kafka.NewSubscription(kc, group, "postings.tagged")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	pub, err := kafka.NewPublisher(kc)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	cw := &countingWriter{w: db}
	w := &aggregate.Worker{Sub: sub, Writer: cw, DLQ: pub, DLQTopic: "postings.dlq", FlushInterval: 100 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	waitFor(t, 60*time.Second, "replay to write every tagged message", func() (bool, error) { return cw.n() >= messages, nil })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if cw.n() != messages {
		t.Errorf("replay wrote %d postings, want %d", cw.n(), messages)
	}
}

// countingWriter counts postings written through it.
type countingWriter struct {
	w     skillpulse.PostingWriter
	mu    sync.Mutex
	count int
}

func (c *countingWriter) WriteTagged(ctx context.Context, b []skillpulse.TaggedPosting) error {
	if err := c.w.WriteTagged(ctx, b); err != nil {
		return err
	}
	c.mu.Lock()
	c.count += len(b)
	c.mu.Unlock()
	return nil
}

func (c *countingWriter) n() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count
}

// countMessages reads topic from the beginning in a throwaway group until at
// least want messages arrived and no more come for a second; it returns the
// count.
func countMessages(t *testing.T, kc kafka.Config, topic string, want int) int {
	t.Helper()
	sub, err := kafka.NewSubscription(kc, fmt.Sprintf("count-%d", time.Now().UnixNano()), topic)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	n := 0
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		wait := 10 * time.Second
		if n >= want {
			wait = time.Second
		}
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		_, err := sub.Fetch(ctx)
		cancel()
		if err != nil {
			if n >= want {
				return n
			}
			continue
		}
		n++
	}
	return n
}

// waitForCommitted waits until group has committed n messages of topic,
// summed over partitions.
func waitForCommitted(t *testing.T, kc kafka.Config, group, topic string, n int64) {
	t.Helper()
	waitFor(t, 60*time.Second, fmt.Sprintf("%s to commit %d messages of %s", group, n, topic), func() (bool, error) {
		p, err := kafka.GroupProgress(context.Background(), kc, group, topic)
		return err == nil && p.Committed >= n, err
	})
}

// TestKcatProducedPostingIsCounted publishes a raw posting with kcat, a
// Kafka client nobody here wrote, and waits for it in ClickHouse.
func TestKcatProducedPostingIsCounted(t *testing.T) {
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		t.Fatal("kcat not installed (Debian: apt-get install kcat); .ci/run installs it")
	}
	dsn := chtest.DSN(t)
	dir := t.TempDir()
	run := startRun(t, dir, map[string]string{config.EnvClickHouseDSN: dsn})
	db := openDB(t, dsn)
	posting := `{"source":"kcat","source_id":"k-1","title":"FHIR Developer","employer":"Bayside Health","location":"Tampa, FL","posted_at":"2026-10-05","description":"<p>Build FHIR APIs in Python.</p>","extra_field":{"kept":true}}`
	cmd := exec.Command(kcat, "-b", run.info.KafkaBrokers[0], "-t", "postings.raw", "-P", "-K", "|")
	cmd.Stdin = strings.NewReader("kcat:k-1|" + posting + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kcat: %v\n%s", err, out)
	}
	waitForPostings(t, db, 1)
	waitForCommitted(t, kafka.Config{Brokers: run.info.KafkaBrokers}, "skillpulse-aggregate", "postings.tagged", 1)
	top, total := topJSON(t, map[string]string{config.EnvDataDir: dir})
	want := map[string]uint64{"fhir": 1, "python": 1}
	if total != 1 || !equalFlat(top, want) {
		t.Errorf("top after kcat = %v over %d, want %v over 1", top, total, want)
	}
	rows, err := db.Query(context.Background(), "SELECT source, source_id, title FROM "+db.Database()+".postings FINAL")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0][0] != "kcat" || rows[0][1] != "k-1" || rows[0][2] != "FHIR Developer" {
		t.Errorf("postings = %v", rows)
	}
}

// TestRestartKeepsDataWithoutDoubleCounting runs the pipeline on the managed
// clickhouse-server and the embedded broker, both in the data directory,
// stops it, starts it again, and checks that nothing was lost or counted
// twice and that the restarted pipeline still works.
func TestRestartKeepsDataWithoutDoubleCounting(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{config.EnvDataDir: dir}
	first := startRun(t, dir, nil, "--sample")
	db := openDB(t, first.info.ClickHouseDSN)
	sampleTotal := uint64(sampleLines(t))
	// The sample has planted duplicates of the same job under different
	// source ids; the pipeline counts each job once.
	sampleJobs := sampleTotal - plantedCopies(t)
	waitForPostings(t, db, sampleJobs)
	waitForCommitted(t, kafka.Config{Brokers: first.info.KafkaBrokers}, "skillpulse-aggregate", "postings.tagged", int64(sampleTotal))
	before, beforeTotal := topJSON(t, env)
	if err := first.stop(); err != nil {
		t.Fatalf("first run: %v", err)
	}
	db.Close()

	second := startRun(t, dir, nil, "--sample")
	db2 := openDB(t, second.info.ClickHouseDSN)
	kc := kafka.Config{Brokers: second.info.KafkaBrokers}
	// Nothing was republished: the sample's cursor survived, and the
	// committed offsets kept extract and aggregate from reprocessing.
	if n := countMessages(t, kc, "postings.raw", int(sampleTotal)); n != int(sampleTotal) {
		t.Errorf("postings.raw holds %d messages after restart, want %d", n, sampleTotal)
	}
	if n := countMessages(t, kc, "postings.tagged", int(sampleTotal)); n != int(sampleTotal) {
		t.Errorf("postings.tagged holds %d messages after restart, want %d (extract reprocessed)", n, sampleTotal)
	}
	after, afterTotal := topJSON(t, env)
	if afterTotal != beforeTotal || !equalFlat(after, before) {
		t.Errorf("figures changed across restart: %d postings, %v; before %d, %v", afterTotal, after, beforeTotal, before)
	}
	// The restarted pipeline still takes new input, through the inbox.
	inbox := filepath.Join(dir, "inbox")
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "more.jsonl"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	waitForPostings(t, db2, sampleJobs+fixturePostings)
	if err := second.stop(); err != nil {
		t.Fatalf("second run: %v", err)
	}
}

// sampleLines counts distinct keys in the bundled sample.
func sampleLines(t *testing.T) int {
	t.Helper()
	b, err := io.ReadAll(sampledata.Postings())
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		p, err := skillpulse.ParseRawPosting(line)
		if err != nil {
			t.Fatal(err)
		}
		keys[p.Key()] = true
	}
	return len(keys)
}

func equalFlat(a, b map[string]uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func equalNested(a, b map[string]map[string]uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !equalFlat(v, b[k]) {
			return false
		}
	}
	return true
}

// TestSeparateStages runs the stages as separate commands against one
// embedded broker (`skillpulse broker`) and a real ClickHouse, as a
// multi-process deployment on one machine does, and reads the answer from
// `skillpulse serve`.
func TestSeparateStages(t *testing.T) {
	dsn := chtest.DSN(t)
	brokerAddr := freeAddr(t)
	env := map[string]string{config.EnvKafkaBrokers: brokerAddr, config.EnvClickHouseDSN: dsn}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	start := func(args ...string) {
		m, _ := testMain(t, env)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := m.Run(ctx, args); err != nil {
				errs <- fmt.Errorf("%s: %w", args[0], err)
			}
		}()
	}
	defer func() {
		cancel()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	}()
	start("broker", "--listen", brokerAddr, "--data-dir", t.TempDir())
	kc := kafka.Config{Brokers: []string{brokerAddr}}
	waitFor(t, 30*time.Second, "the broker", func() (bool, error) { return kafka.Ping(context.Background(), kc) == nil, nil })
	start("extract", "--workers", "2", "--http-addr", "127.0.0.1:0", "--data-dir", t.TempDir())
	start("aggregate", "--http-addr", "127.0.0.1:0", "--data-dir", t.TempDir())
	serveAddr := freeAddr(t)
	start("serve", "--http-addr", serveAddr, "--data-dir", t.TempDir())

	runCommand(t, env, "import", fixture)
	db := openDB(t, dsn)
	waitForPostings(t, db, fixturePostings)
	waitForCommitted(t, kc, "skillpulse-aggregate", "postings.tagged", fixtureValid)
	assertFigures(t, db, env)

	var top struct{ Skills []skillpulse.SkillCount }
	waitFor(t, 30*time.Second, "serve to answer", func() (bool, error) {
		resp, err := http.Get("http://" + serveAddr + "/api/v1/skills/top?limit=2")
		if err != nil {
			return false, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return false, fmt.Errorf("status %s", resp.Status)
		}
		return true, json.NewDecoder(resp.Body).Decode(&top)
	})
	// sql and communication both have 3 postings; ties go by skill id.
	if len(top.Skills) != 2 || top.Skills[0].SkillID != "communication" || top.Skills[1].SkillID != "sql" || top.Skills[1].Postings != 3 {
		t.Errorf("serve top = %+v", top.Skills)
	}
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
