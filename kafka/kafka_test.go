package kafka_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/broker"
	"github.com/skillpulse/skillpulse/kafka"
)

// testOpts make group membership changes quick: members notice a rebalance
// at their next heartbeat.
func testOpts() []kafka.SubscriptionOption {
	return []kafka.SubscriptionOption{
		kafka.WithHeartbeatInterval(100 * time.Millisecond),
		kafka.WithMaxWait(100 * time.Millisecond),
		kafka.WithSessionTimeout(3 * time.Second),
		kafka.WithRebalanceTimeout(3 * time.Second),
	}
}

// MustBroker starts the embedded broker on a free loopback port with its
// data in dir (a fresh temporary directory when empty).
func MustBroker(tb testing.TB, dir string, topics map[string]int) *broker.Broker {
	tb.Helper()
	if dir == "" {
		dir = tb.TempDir()
	}
	b, err := broker.Start(broker.Config{DataDir: dir})
	if err != nil {
		tb.Fatalf("start broker: %v", err)
	}
	tb.Cleanup(func() { b.Close() })
	for topic, parts := range topics {
		if err := kafka.EnsureTopics(MustContext(tb, 10*time.Second), cfgFor(b), parts, 1, topic); err != nil {
			tb.Fatalf("create %s: %v", topic, err)
		}
	}
	return b
}

func cfgFor(b *broker.Broker) kafka.Config {
	return kafka.Config{Brokers: []string{b.Addr()}, ClientID: "skillpulse-test"}
}

// MustContext returns a context that ends with the test or after d.
func MustContext(tb testing.TB, d time.Duration) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}

// MustPublisher returns a publisher closed when the test ends.
func MustPublisher(tb testing.TB, b *broker.Broker) *kafka.Publisher {
	tb.Helper()
	p, err := kafka.NewPublisher(cfgFor(b))
	if err != nil {
		tb.Fatalf("new publisher: %v", err)
	}
	tb.Cleanup(func() { p.Close() })
	return p
}

// MustSubscription returns a subscription closed when the test ends
// (Close is safe to call again).
func MustSubscription(tb testing.TB, b *broker.Broker, group, topic string) *kafka.Subscription {
	tb.Helper()
	s, err := kafka.NewSubscription(cfgFor(b), group, topic, testOpts()...)
	if err != nil {
		tb.Fatalf("new subscription: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// messages builds n messages for topic whose keys repeat every keys
// messages and whose values are unique and ordered.
func messages(topic string, from, n, keys int) []skillpulse.Message {
	msgs := make([]skillpulse.Message, n)
	for i := range msgs {
		msgs[i] = skillpulse.Message{
			Topic: topic,
			Key:   fmt.Appendf(nil, "indeed:%d", (from+i)%keys),
			Value: fmt.Appendf(nil, "%06d", from+i),
		}
	}
	return msgs
}

// MustPublish publishes msgs and fails the test on error.
func MustPublish(tb testing.TB, p *kafka.Publisher, msgs []skillpulse.Message) {
	tb.Helper()
	if err := p.Publish(MustContext(tb, 10*time.Second), msgs...); err != nil {
		tb.Fatalf("publish %d messages: %v", len(msgs), err)
	}
}

// MustFetch fetches exactly n messages, failing if they do not come.
func MustFetch(tb testing.TB, s *kafka.Subscription, n int) []skillpulse.Message {
	tb.Helper()
	ctx := MustContext(tb, 20*time.Second)
	out := make([]skillpulse.Message, 0, n)
	for len(out) < n {
		m, err := s.Fetch(ctx)
		if err != nil {
			tb.Fatalf("fetched %d of %d messages: %v", len(out), n, err)
		}
		out = append(out, m)
	}
	return out
}

// MustFetchNothingMore checks that no message is waiting: Fetch must run
// into its deadline.
func MustFetchNothingMore(tb testing.TB, s *kafka.Subscription) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	m, err := s.Fetch(ctx)
	if err == nil {
		tb.Fatalf("fetched unexpected message %s/%d@%d %q", m.Topic, m.Partition, m.Offset, m.Value)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		tb.Fatalf("Fetch after the last message: %v, want the context's deadline error", err)
	}
}

// values returns the values of msgs, in order, as strings.
func values(msgs []skillpulse.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = string(m.Value)
	}
	return out
}

// byValue indexes msgs by value, failing on duplicates.
func byValue(tb testing.TB, msgs []skillpulse.Message) map[string]skillpulse.Message {
	tb.Helper()
	out := make(map[string]skillpulse.Message, len(msgs))
	for _, m := range msgs {
		if _, dup := out[string(m.Value)]; dup {
			tb.Errorf("message %q delivered twice", m.Value)
		}
		out[string(m.Value)] = m
	}
	return out
}

func TestPublishFetchRoundTrip(t *testing.T) {
	const topic = "postings.raw"
	b := MustBroker(t, "", map[string]int{topic: 3})
	p := MustPublisher(t, b)
	sent := messages(topic, 0, 90, 11)
	before := time.Now().Add(-time.Second)
	MustPublish(t, p, sent)

	got := byValue(t, MustFetch(t, MustSubscription(t, b, "extract", topic), len(sent)))

	partitionOfKey := map[string]int{}
	lastOffset := map[int]int64{}
	lastValue := map[int]string{}
	usedPartitions := map[int]bool{}
	for _, want := range sent { // in publish order
		m, ok := got[string(want.Value)]
		if !ok {
			t.Errorf("message %q never fetched", want.Value)
			continue
		}
		t.Run(string(want.Value), func(t *testing.T) {
			if m.Topic != topic || !bytes.Equal(m.Key, want.Key) {
				t.Errorf("fetched %s key %q, want %s key %q", m.Topic, m.Key, topic, want.Key)
			}
			if m.Time.Before(before) || m.Time.After(time.Now().Add(time.Second)) {
				t.Errorf("time %v is not the publish time", m.Time)
			}
			if p, seen := partitionOfKey[string(m.Key)]; seen && p != m.Partition {
				t.Errorf("key %q went to partitions %d and %d", m.Key, p, m.Partition)
			}
			partitionOfKey[string(m.Key)] = m.Partition
			if last, seen := lastOffset[m.Partition]; seen && m.Offset <= last {
				t.Errorf("partition %d: %q at offset %d after %q at %d: order lost",
					m.Partition, m.Value, m.Offset, lastValue[m.Partition], last)
			}
			lastOffset[m.Partition], lastValue[m.Partition] = m.Offset, string(m.Value)
			usedPartitions[m.Partition] = true
		})
	}
	if len(got) != len(sent) {
		t.Errorf("fetched %d distinct messages, want %d", len(got), len(sent))
	}
	if len(usedPartitions) != 3 {
		t.Errorf("11 keys landed on partitions %v, want all 3", usedPartitions)
	}
}

func TestPublishErrors(t *testing.T) {
	b := MustBroker(t, "", map[string]int{"postings.raw": 1})
	p := MustPublisher(t, b)
	tests := []struct {
		name     string
		msgs     []skillpulse.Message
		wantText string
	}{
		{"no topic", []skillpulse.Message{{Value: []byte("x")}}, "no topic"},
		{"missing topic is not auto-created", []skillpulse.Message{{Topic: "postings.typo", Value: []byte("x")}}, "postings.typo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := p.Publish(MustContext(t, 5*time.Second), tt.msgs...)
			if err == nil {
				t.Fatal("Publish succeeded, want an error")
			}
			if !bytes.Contains([]byte(err.Error()), []byte(tt.wantText)) {
				t.Errorf("error %q does not name %q", err, tt.wantText)
			}
		})
	}
	if n := b.Partitions("postings.typo"); n != 0 {
		t.Errorf("publishing to a missing topic created it with %d partitions", n)
	}
	if err := p.Publish(MustContext(t, 5*time.Second)); err != nil {
		t.Errorf("Publish of nothing: %v", err)
	}
}

func TestCommitThenResumeAndReplay(t *testing.T) {
	const topic = "postings.tagged"
	b := MustBroker(t, "", map[string]int{topic: 1})
	MustPublish(t, MustPublisher(t, b), messages(topic, 0, 10, 3))

	first := MustSubscription(t, b, "aggregate", topic)
	got := MustFetch(t, first, 10)
	// Commit the fourth message: it and everything before it are done;
	// the six fetched after it were never committed.
	if err := first.Commit(MustContext(t, 5*time.Second), got[3]); err != nil {
		t.Fatalf("commit: %v", err)
	}
	if err := first.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	tests := []struct {
		name  string
		group string
		want  []string
	}{
		{"same group resumes after the commit", "aggregate", values(messages(topic, 4, 6, 3))},
		{"new group replays from the beginning", "replay", values(messages(topic, 0, 10, 3))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := MustSubscription(t, b, tt.group, topic)
			got := values(MustFetch(t, s, len(tt.want)))
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("fetched %v, want %v", got, tt.want)
			}
			MustFetchNothingMore(t, s)
		})
	}
}

func TestGroupSplitsPartitionsAndTakesOverOnLeave(t *testing.T) {
	const topic, group = "postings.raw", "extract"
	b := MustBroker(t, "", map[string]int{topic: 3})
	p := MustPublisher(t, b)
	a := MustSubscription(t, b, group, topic)
	bb := MustSubscription(t, b, group, topic)

	// Both members must have joined before anything is published, else
	// the first to join reads everything. Membership only settles once
	// both fetch (kafka-go joins in the background from the first Fetch).
	type fetched struct {
		member string
		msg    skillpulse.Message
	}
	ctx, cancel := context.WithCancel(MustContext(t, 30*time.Second))
	out := make(chan fetched)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	for name, s := range map[string]*kafka.Subscription{"a": a, "b": bb} {
		wg.Go(func() {
			for {
				m, err := s.Fetch(ctx)
				if err != nil {
					return
				}
				select {
				case out <- fetched{name, m}:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	if err := b.WaitGroupMembers(ctx, group, 2); err != nil {
		t.Fatal(err)
	}

	const n = 60
	MustPublish(t, p, messages(topic, 0, n, 13))
	partsOf := map[string]map[int]bool{"a": {}, "b": {}}
	var all []skillpulse.Message
	byMember := map[string][]skillpulse.Message{}
	for len(all) < n {
		select {
		case f := <-out:
			partsOf[f.member][f.msg.Partition] = true
			all = append(all, f.msg)
			byMember[f.member] = append(byMember[f.member], f.msg)
		case <-ctx.Done():
			t.Fatalf("two members fetched %d of %d messages", len(all), n)
		}
	}
	byValue(t, all)
	if len(partsOf["a"]) == 0 || len(partsOf["b"]) == 0 || len(partsOf["a"])+len(partsOf["b"]) != 3 {
		t.Fatalf("partitions a=%v b=%v: want the 3 split between both members", partsOf["a"], partsOf["b"])
	}
	for p := range partsOf["a"] {
		if partsOf["b"][p] {
			t.Fatalf("partition %d read by both members", p)
		}
	}

	// a commits everything it read; b commits only its first message, so
	// the rest of b's messages must be redelivered to a after b leaves.
	if err := a.Commit(ctx, byMember["a"]...); err != nil {
		t.Fatalf("commit a: %v", err)
	}
	if err := bb.Commit(ctx, byMember["b"][0]); err != nil {
		t.Fatalf("commit b: %v", err)
	}
	want := map[string]bool{}
	for _, m := range byMember["b"] {
		want[string(m.Value)] = true
	}
	delete(want, string(byMember["b"][0].Value))
	if err := bb.Close(); err != nil {
		t.Fatalf("close b: %v", err)
	}
	// Publish only once a owns every partition: a message a fetched in the
	// old generation and did not commit would rightly be delivered again.
	if err := b.WaitGroupMembers(ctx, group, 1); err != nil {
		t.Fatal(err)
	}
	more := messages(topic, n, 30, 13)
	MustPublish(t, p, more)
	for _, m := range more {
		want[string(m.Value)] = true
	}

	got := map[string]bool{}
	for len(got) < len(want) {
		select {
		case f := <-out:
			if f.member != "a" {
				t.Fatalf("member b fetched %q after Close", f.msg.Value)
			}
			if !want[string(f.msg.Value)] {
				t.Fatalf("a fetched %q (partition %d), which was committed or is not expected", f.msg.Value, f.msg.Partition)
			}
			if got[string(f.msg.Value)] {
				t.Fatalf("a fetched %q twice", f.msg.Value)
			}
			got[string(f.msg.Value)] = true
			partsOf["a"][f.msg.Partition] = true
		case <-ctx.Done():
			t.Fatalf("after b left, a fetched %d of %d messages", len(got), len(want))
		}
	}
	if len(partsOf["a"]) != 3 {
		t.Errorf("after b left a read partitions %v, want all 3", partsOf["a"])
	}
}

func TestRestartKeepsMessagesAndOffsets(t *testing.T) {
	const topic, group = "postings.raw", "extract"
	dir := t.TempDir()
	first := MustBroker(t, dir, map[string]int{topic: 2})
	MustPublish(t, MustPublisher(t, first), messages(topic, 0, 20, 5))
	s := MustSubscription(t, first, group, topic)
	got := MustFetch(t, s, 20)
	// Commit the first half of each partition.
	perPartition := map[int][]skillpulse.Message{}
	for _, m := range got {
		perPartition[m.Partition] = append(perPartition[m.Partition], m)
	}
	uncommitted := map[string]bool{}
	for _, ms := range perPartition {
		half := len(ms) / 2
		if err := s.Commit(MustContext(t, 5*time.Second), ms[half-1]); err != nil {
			t.Fatalf("commit: %v", err)
		}
		for _, m := range ms[half:] {
			uncommitted[string(m.Value)] = true
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	// Same data directory, same address, fresh clients.
	second, err := broker.Start(broker.Config{DataDir: dir, Listen: first.Addr()})
	if err != nil {
		t.Fatalf("restart broker: %v", err)
	}
	t.Cleanup(func() { second.Close() })
	if err := kafka.Ping(MustContext(t, 5*time.Second), cfgFor(second)); err != nil {
		t.Fatalf("ping after restart: %v", err)
	}

	t.Run("every message kept", func(t *testing.T) {
		replay := byValue(t, MustFetch(t, MustSubscription(t, second, "replay", topic), 20))
		for _, m := range messages(topic, 0, 20, 5) {
			if !bytes.Equal(replay[string(m.Value)].Key, m.Key) {
				t.Errorf("after restart %q has key %q, want %q", m.Value, replay[string(m.Value)].Key, m.Key)
			}
		}
	})
	t.Run("committed offsets kept", func(t *testing.T) {
		s := MustSubscription(t, second, group, topic)
		resumed := byValue(t, MustFetch(t, s, len(uncommitted)))
		for v := range resumed {
			if !uncommitted[v] {
				t.Errorf("after restart the group refetched committed message %q", v)
			}
		}
		MustFetchNothingMore(t, s)
	})
}

func TestEnsureTopicsIsIdempotent(t *testing.T) {
	b := MustBroker(t, "", nil)
	cfg := cfgFor(b)
	steps := []struct {
		name       string
		partitions int
		topics     []string
		want       map[string]int
	}{
		{"creates missing", 2, []string{"postings.raw", "postings.dlq"}, map[string]int{"postings.raw": 2, "postings.dlq": 2}},
		{"leaves existing alone", 5, []string{"postings.raw", "postings.tagged", "postings.tagged"}, map[string]int{"postings.raw": 2, "postings.dlq": 2, "postings.tagged": 5}},
		{"nothing to do", 7, []string{"postings.dlq"}, map[string]int{"postings.raw": 2, "postings.dlq": 2, "postings.tagged": 5}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := kafka.EnsureTopics(MustContext(t, 5*time.Second), cfg, st.partitions, 1, st.topics...); err != nil {
				t.Fatalf("EnsureTopics: %v", err)
			}
			for topic, want := range st.want {
				if got := b.Partitions(topic); got != want {
					t.Errorf("%s has %d partitions, want %d", topic, got, want)
				}
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	b := MustBroker(t, "", nil)
	closed := MustBroker(t, "", nil)
	closed.Close()
	tests := []struct {
		name string
		cfg  kafka.Config
		fn   string // which call to make
	}{
		{"no brokers ping", kafka.Config{}, "ping"},
		{"broker without port", kafka.Config{Brokers: []string{"localhost"}}, "publisher"},
		{"unknown SASL mechanism", kafka.Config{Brokers: []string{b.Addr()}, SASL: kafka.SASL{Mechanism: "GSSAPI"}}, "subscription"},
		{"closed broker ping", cfgFor(closed), "ping"},
		{"closed broker ensure", cfgFor(closed), "ensure"},
		{"zero partitions", cfgFor(b), "ensure0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := MustContext(t, 3*time.Second)
			var err error
			switch tt.fn {
			case "ping":
				err = kafka.Ping(ctx, tt.cfg)
			case "publisher":
				_, err = kafka.NewPublisher(tt.cfg)
			case "subscription":
				_, err = kafka.NewSubscription(tt.cfg, "g", "t")
			case "ensure":
				err = kafka.EnsureTopics(ctx, tt.cfg, 1, 1, "t")
			case "ensure0":
				err = kafka.EnsureTopics(ctx, tt.cfg, 0, 1, "t")
			}
			if err == nil {
				t.Errorf("%s with %+v succeeded, want an error", tt.fn, tt.cfg)
			}
		})
	}
	if err := kafka.Ping(MustContext(t, 3*time.Second), cfgFor(b)); err != nil {
		t.Errorf("Ping of a running broker: %v", err)
	}
}

func TestFetchReturnsContextError(t *testing.T) {
	b := MustBroker(t, "", map[string]int{"t": 1})
	s := MustSubscription(t, b, "g", "t")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Fetch(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Fetch with a cancelled context: %v, want context.Canceled", err)
	}
}

// BenchmarkPublish measures synchronous publish throughput of 1 KB messages
// in batches of 100 to a 3-partition topic of the embedded broker, for a few
// batch timeouts (2ms is the default): the timeout is paid once per Publish.
func BenchmarkPublish(b *testing.B) {
	const topic, batch, size = "bench", 100, 1024
	br := MustBroker(b, "", map[string]int{topic: 3})
	value := bytes.Repeat([]byte("x"), size)
	msgs := make([]skillpulse.Message, batch)
	for i := range msgs {
		msgs[i] = skillpulse.Message{Topic: topic, Key: fmt.Appendf(nil, "k%d", i), Value: value}
	}
	for _, timeout := range []time.Duration{500 * time.Microsecond, 2 * time.Millisecond, 10 * time.Millisecond} {
		b.Run(fmt.Sprintf("batch_timeout=%v", timeout), func(b *testing.B) {
			p, err := kafka.NewPublisher(cfgFor(br), kafka.WithBatchTimeout(timeout))
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			ctx := context.Background()
			b.SetBytes(batch * size)
			for b.Loop() {
				if err := p.Publish(ctx, msgs...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

func TestSASL(t *testing.T) {
	users := []broker.User{
		{Mechanism: "PLAIN", Name: "plain-user", Password: "p1"},
		{Mechanism: "SCRAM-SHA-256", Name: "scram256-user", Password: "p2"},
		{Mechanism: "SCRAM-SHA-512", Name: "scram512-user", Password: "p3"},
	}
	b, err := broker.Start(broker.Config{Users: users})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })

	tests := []struct {
		name   string
		sasl   kafka.SASL
		wantOK bool
	}{
		{"plain", kafka.SASL{Mechanism: kafka.SASLPlain, User: "plain-user", Password: "p1"}, true},
		{"scram-sha-256", kafka.SASL{Mechanism: kafka.SASLScramSHA256, User: "scram256-user", Password: "p2"}, true},
		{"scram-sha-512", kafka.SASL{Mechanism: kafka.SASLScramSHA512, User: "scram512-user", Password: "p3"}, true},
		{"wrong password", kafka.SASL{Mechanism: kafka.SASLScramSHA256, User: "scram256-user", Password: "nope"}, false},
		{"no credentials", kafka.SASL{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := cfgFor(b)
			cfg.SASL = tt.sasl
			cfg.DialTimeout = 2 * time.Second
			topic := "sasl." + tt.name
			err := kafka.EnsureTopics(MustContext(t, 5*time.Second), cfg, 1, 1, topic)
			if !tt.wantOK {
				if err == nil {
					t.Fatal("EnsureTopics succeeded without valid credentials")
				}
				if err := kafka.Ping(MustContext(t, 5*time.Second), cfg); err == nil {
					t.Fatal("Ping succeeded without valid credentials")
				}
				return
			}
			if err != nil {
				t.Fatalf("EnsureTopics: %v", err)
			}
			p, err := kafka.NewPublisher(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			sent := messages(topic, 0, 5, 2)
			if err := p.Publish(MustContext(t, 5*time.Second), sent...); err != nil {
				t.Fatalf("publish: %v", err)
			}
			s, err := kafka.NewSubscription(cfg, "g", topic, testOpts()...)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got, want := values(MustFetch(t, s, len(sent))), values(sent); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("fetched %v, want %v", got, want)
			}
		})
	}
}

// MustTLS returns a server config with a fresh self-signed certificate for
// 127.0.0.1 and a client config that trusts only that certificate.
func MustTLS(tb testing.TB) (server, client *tls.Config) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "skillpulse test broker"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}
	client = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return server, client
}

func TestTLS(t *testing.T) {
	server, client := MustTLS(t)
	_, untrusted := MustTLS(t)
	b, err := broker.Start(broker.Config{TLS: server})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })

	tests := []struct {
		name   string
		tls    *tls.Config
		wantOK bool
	}{
		{"trusted certificate", client, true},
		{"untrusted certificate", untrusted, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := cfgFor(b)
			cfg.TLS = tt.tls
			cfg.DialTimeout = 2 * time.Second
			err := kafka.EnsureTopics(MustContext(t, 5*time.Second), cfg, 1, 1, "tls")
			if !tt.wantOK {
				if err == nil {
					t.Fatal("EnsureTopics succeeded with an untrusted broker certificate")
				}
				return
			}
			if err != nil {
				t.Fatalf("EnsureTopics: %v", err)
			}
			p, err := kafka.NewPublisher(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			sent := messages("tls", 0, 3, 3)
			if err := p.Publish(MustContext(t, 5*time.Second), sent...); err != nil {
				t.Fatalf("publish: %v", err)
			}
			s, err := kafka.NewSubscription(cfg, "g", "tls", testOpts()...)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got, want := values(MustFetch(t, s, len(sent))), values(sent); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("fetched %v, want %v", got, want)
			}
		})
	}
}
