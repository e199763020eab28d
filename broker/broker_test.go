package broker_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/broker"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// MustStart starts a broker and closes it when the test ends.
func MustStart(tb testing.TB, cfg broker.Config) *broker.Broker {
	tb.Helper()
	b, err := broker.Start(cfg)
	if err != nil {
		tb.Fatalf("start broker: %v", err)
	}
	tb.Cleanup(func() { b.Close() })
	return b
}

// MustClient returns a franz-go client for addr, closed when the test ends.
// The broker tests use franz-go rather than the kafka adapter so that the
// broker is checked against an independent client.
func MustClient(tb testing.TB, addr string, opts ...kgo.Opt) *kgo.Client {
	tb.Helper()
	opts = append([]kgo.Opt{kgo.SeedBrokers(addr)}, opts...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		tb.Fatalf("new client for %s: %v", addr, err)
	}
	tb.Cleanup(cl.Close)
	return cl
}

// MustContext returns a context that ends with the test or after d.
func MustContext(tb testing.TB, d time.Duration) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}

// MustMetadata asks the broker at addr for the metadata of every topic.
func MustMetadata(tb testing.TB, addr string) *kmsg.MetadataResponse {
	tb.Helper()
	cl := MustClient(tb, addr)
	req := kmsg.NewPtrMetadataRequest()
	resp, err := req.RequestWith(MustContext(tb, 10*time.Second), cl)
	if err != nil {
		tb.Fatalf("metadata from %s: %v", addr, err)
	}
	return resp
}

func freePort(tb testing.TB) int {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestStartListensAndAdvertises(t *testing.T) {
	port := freePort(t)
	tests := []struct {
		name       string
		cfg        broker.Config
		wantHost   string
		wantPort   int // 0: any
		wantTopics map[string]int
	}{
		{
			name:     "defaults",
			cfg:      broker.Config{},
			wantHost: "127.0.0.1",
		},
		{
			name:       "fixed port and default partitions",
			cfg:        broker.Config{Listen: "127.0.0.1:" + strconv.Itoa(port), Topics: []string{"postings.raw", "postings.dlq"}},
			wantHost:   "127.0.0.1",
			wantPort:   port,
			wantTopics: map[string]int{"postings.raw": 3, "postings.dlq": 3},
		},
		{
			name:       "unspecified host advertises loopback",
			cfg:        broker.Config{Listen: "0.0.0.0:0", Topics: []string{"a"}, Partitions: 5},
			wantHost:   "127.0.0.1",
			wantTopics: map[string]int{"a": 5},
		},
		{
			name:     "advertised host name",
			cfg:      broker.Config{Listen: "127.0.0.1:0", AdvertisedHost: "localhost", Topics: []string{"b"}, Partitions: 1},
			wantHost: "localhost", wantTopics: map[string]int{"b": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := MustStart(t, tt.cfg)
			host, portStr, err := net.SplitHostPort(b.Addr())
			if err != nil {
				t.Fatalf("Addr %q: %v", b.Addr(), err)
			}
			if host != tt.wantHost {
				t.Errorf("Addr host = %q, want %q", host, tt.wantHost)
			}
			gotPort, _ := strconv.Atoi(portStr)
			if gotPort == 0 || (tt.wantPort != 0 && gotPort != tt.wantPort) {
				t.Errorf("Addr port = %d, want %d (nonzero)", gotPort, tt.wantPort)
			}

			md := MustMetadata(t, b.Addr())
			if len(md.Brokers) != 1 {
				t.Fatalf("metadata lists %d brokers, want 1", len(md.Brokers))
			}
			adv := net.JoinHostPort(md.Brokers[0].Host, strconv.Itoa(int(md.Brokers[0].Port)))
			if adv != b.Addr() {
				t.Errorf("metadata advertises %s, want %s", adv, b.Addr())
			}
			got := make(map[string]int)
			for _, topic := range md.Topics {
				got[*topic.Topic] = len(topic.Partitions)
			}
			if len(got) != len(tt.wantTopics) {
				t.Errorf("topics = %v, want %v", got, tt.wantTopics)
			}
			for name, parts := range tt.wantTopics {
				if got[name] != parts {
					t.Errorf("topic %s has %d partitions, want %d", name, got[name], parts)
				}
				if b.Partitions(name) != parts {
					t.Errorf("Partitions(%s) = %d, want %d", name, b.Partitions(name), parts)
				}
			}
		})
	}
}

func TestStartRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  broker.Config
	}{
		{"listen without port", broker.Config{Listen: "127.0.0.1"}},
		{"negative partitions", broker.Config{Partitions: -1}},
		{"port in use", broker.Config{Listen: MustStart(t, broker.Config{}).Addr()}},
		{"unknown SASL mechanism", broker.Config{Users: []broker.User{{Mechanism: "GSSAPI", Name: "u"}}}},
		{"user without name", broker.Config{Users: []broker.User{{Mechanism: "PLAIN", Password: "p"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := broker.Start(tt.cfg)
			if err == nil {
				b.Close()
				t.Fatalf("Start(%+v) succeeded, want an error", tt.cfg)
			}
		})
	}
}

// produce writes n keyed records to topic and waits for every ack.
func produce(t *testing.T, addr, topic string, from, n int) {
	t.Helper()
	cl := MustClient(t, addr, kgo.DefaultProduceTopic(topic))
	var recs []*kgo.Record
	for i := from; i < from+n; i++ {
		recs = append(recs, &kgo.Record{Key: []byte(fmt.Sprintf("k%d", i%7)), Value: []byte(fmt.Sprintf("v%03d", i))})
	}
	if err := cl.ProduceSync(MustContext(t, 10*time.Second), recs...).FirstErr(); err != nil {
		t.Fatalf("produce to %s: %v", topic, err)
	}
	cl.Close()
}

// consume reads want records of topic as group member, committing the
// first commit of them (in fetch order per partition), and returns the
// values read.
func consume(t *testing.T, addr, group, topic string, want, commit int) map[string]bool {
	t.Helper()
	cl := MustClient(t, addr,
		kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic),
		kgo.DisableAutoCommit(), kgo.FetchMaxWait(100*time.Millisecond))
	ctx := MustContext(t, 15*time.Second)
	got := make(map[string]bool)
	committed := 0
	for len(got) < want {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("group %s read %d of %d records: %v", group, len(got), want, err)
		}
		fs.EachError(func(topic string, p int32, err error) { t.Fatalf("fetch %s/%d: %v", topic, p, err) })
		fs.EachRecord(func(r *kgo.Record) {
			if got[string(r.Value)] {
				t.Errorf("group %s read %s twice", group, r.Value)
			}
			got[string(r.Value)] = true
			if committed < commit {
				if err := cl.CommitRecords(ctx, r); err != nil {
					t.Fatalf("commit %s: %v", r.Value, err)
				}
				committed++
			}
		})
	}
	// Nothing more is waiting: a short poll must come back empty.
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	extra := cl.PollFetches(short)
	extra.EachRecord(func(r *kgo.Record) { t.Errorf("group %s read unexpected extra record %s", group, r.Value) })
	cl.Close()
	return got
}

func TestRestartKeepsMessagesAndCommittedOffsets(t *testing.T) {
	dir := t.TempDir()
	const topic, total, committed = "postings.raw", 40, 12
	cfg := broker.Config{DataDir: dir, Topics: []string{topic}, Partitions: 1}

	first, err := broker.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Close() })
	produce(t, first.Addr(), topic, 0, total)
	got := consume(t, first.Addr(), "aggregate", topic, total, committed)
	if len(got) != total {
		t.Fatalf("before restart read %d records, want %d", len(got), total)
	}
	if err := first.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	// Restart with a different partition count: the topic keeps its own.
	cfg.Partitions = 4
	second := MustStart(t, cfg)
	if p := second.Partitions(topic); p != 1 {
		t.Errorf("after restart %s has %d partitions, want the original 1", topic, p)
	}
	replay := consume(t, second.Addr(), "fresh-group", topic, total, 0)
	for i := range total {
		if v := fmt.Sprintf("v%03d", i); !replay[v] {
			t.Errorf("after restart record %s is missing", v)
		}
	}
	// One partition, so the committed records are exactly the first ones.
	resumed := consume(t, second.Addr(), "aggregate", topic, total-committed, 0)
	for i := range total {
		v := fmt.Sprintf("v%03d", i)
		if want := i >= committed; resumed[v] != want {
			t.Errorf("group resumed after restart: read %s = %v, want %v", v, resumed[v], want)
		}
	}

	// New records after the restart land after the old ones.
	produce(t, second.Addr(), topic, total, 5)
	more := consume(t, second.Addr(), "aggregate", topic, total-committed+5, 0)
	if len(more) != total-committed+5 {
		t.Errorf("read %d records after producing more, want %d", len(more), total-committed+5)
	}
}

func TestWaitGroupMembers(t *testing.T) {
	b := MustStart(t, broker.Config{Topics: []string{"t"}})
	ctx := MustContext(t, 10*time.Second)
	cl := MustClient(t, b.Addr(), kgo.ConsumerGroup("g"), kgo.ConsumeTopics("t"))
	go cl.PollFetches(ctx)
	if err := b.WaitGroupMembers(ctx, "g", 1); err != nil {
		t.Fatal(err)
	}
	short := MustContext(t, 200*time.Millisecond)
	if err := b.WaitGroupMembers(short, "g", 2); err == nil {
		t.Error("WaitGroupMembers(2) succeeded for a group of one")
	}
}

// syncBuffer is a bytes.Buffer safe for the broker's goroutines to log into.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestLoggerLevels(t *testing.T) {
	tests := []struct {
		name      string
		level     slog.Level
		wantLines bool
	}{
		{"debug shows state saving", slog.LevelDebug, true},
		{"info hides it", slog.LevelInfo, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf syncBuffer
			logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: tt.level}))
			b := MustStart(t, broker.Config{Logger: logger, Topics: []string{"t"}, DataDir: t.TempDir()})
			MustMetadata(t, b.Addr())
			b.Close()
			got := strings.Contains(buf.String(), "component=kfake") && strings.Contains(buf.String(), "level=DEBUG")
			if got != tt.wantLines {
				t.Errorf("broker log lines present = %v, want %v; log:\n%s", got, tt.wantLines, buf.String())
			}
		})
	}
}

func TestCloseReportsFailedSave(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(t *testing.T, dir string)
		wantErr bool
	}{
		{"data dir intact", func(*testing.T, string) {}, false},
		{"data dir replaced by a file", func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dir, []byte("not a directory"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "kafka")
			b, err := broker.Start(broker.Config{DataDir: dir, Topics: []string{"t"}})
			if err != nil {
				t.Fatal(err)
			}
			produce(t, b.Addr(), "t", 0, 3)
			tt.breakIt(t, dir)
			err = b.Close()
			t.Logf("Close: %v", err)
			if (err != nil) != tt.wantErr {
				t.Errorf("Close() = %v, want error: %v", err, tt.wantErr)
			}
			if again := b.Close(); (again != nil) != tt.wantErr {
				t.Errorf("second Close() = %v, want the first's result", again)
			}
		})
	}
}
