// Package broker runs the embedded Kafka-protocol broker that skillpulse uses
// when no Kafka cluster is configured: one franz-go kfake broker persisting to
// a data directory, so `skillpulse run` on one machine needs no Kafka install
// and keeps every message and committed offset across restarts.
//
// Its one job is to start, expose and stop that broker. It is the only
// package that imports kfake; it must not depend on the Kafka client adapter
// or on any pipeline stage: clients reach it over the wire protocol only.
package broker

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
)

// Config says where the embedded broker keeps its data and listens.
type Config struct {
	// DataDir is the directory the broker persists topics, records, and
	// consumer-group offsets to, and reloads them from on the next Start.
	// It is created if missing. Empty keeps everything in memory (tests
	// that do not care about restarts); the default for users is set by
	// the caller, for example "<data dir>/kafka".
	DataDir string

	// Listen is the host:port the broker accepts connections on. Default
	// "127.0.0.1:0": loopback only, on a free port (see Broker.Addr).
	Listen string

	// AdvertisedHost is the host clients are told to connect to in
	// metadata and coordinator answers. Default: the host of Listen, or
	// 127.0.0.1 when Listen's host is empty or unspecified (0.0.0.0, ::),
	// because clients cannot dial "0.0.0.0" portably. Set it to a name
	// other machines can resolve when Listen is not loopback.
	AdvertisedHost string

	// Topics are created at start when missing, with Partitions
	// partitions. Existing topics are left as they are (their partition
	// count included), so restarting with the same list is a no-op.
	// Default: none.
	Topics []string

	// Partitions is the partition count of the topics Start creates.
	// Default 3.
	Partitions int

	// SyncWrites fsyncs each produced batch before acknowledging it.
	// Default false: like Kafka's default, records are written as they
	// arrive but reach the disk through the page cache, synced only on
	// segment roll and Close, so a machine crash may lose the last batches.
	SyncWrites bool

	// Users, when set, turn on SASL authentication: every client must log
	// in as one of them. Default none: no authentication, which suits the
	// loopback default of Listen; set users before listening elsewhere.
	Users []User

	// TLS, when non-nil, makes the broker accept only TLS connections with
	// this config (its Certificates must be set). Default nil: plaintext.
	TLS *tls.Config

	// Logger receives the broker's own log lines at the matching slog
	// level: errors and warnings (persistence trouble, corrupt data
	// skipped on load), a few group events at Info, state saving and
	// loading at Debug. Default: discard.
	Logger *slog.Logger
}

// User is one SASL login the broker accepts.
type User struct {
	// Mechanism is "PLAIN", "SCRAM-SHA-256" or "SCRAM-SHA-512".
	Mechanism string
	// Name is the user name.
	Name string
	// Password is the user's password.
	Password string
}

// Group session limits the broker enforces. kafka-go's defaults (session
// 30s, rebalance 30s) sit well inside them; the lower minimum lets tests and
// operators choose short session timeouts to notice a crashed member sooner
// (kfake's own minimum, like Kafka's, is 6s).
const (
	// MinSessionTimeout is the shortest consumer-group session timeout the
	// broker accepts in JoinGroup.
	MinSessionTimeout = time.Second
	// MaxSessionTimeout is the longest consumer-group session timeout the
	// broker accepts in JoinGroup.
	MaxSessionTimeout = 5 * time.Minute
)

// Broker is a running embedded broker. Close it to flush its state to disk.
type Broker struct {
	cluster *kfake.Cluster
	addr    string

	errs *errorLog

	closeOnce sync.Once
	closeErr  error
}

// Start starts one broker listening on cfg.Listen, reloads what cfg.DataDir
// holds, and creates the missing cfg.Topics. It returns once clients can
// connect to Addr.
func Start(cfg Config) (*Broker, error) {
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	if cfg.Partitions == 0 {
		cfg.Partitions = 3
	}
	if cfg.Partitions < 0 {
		return nil, fmt.Errorf("start broker: partitions %d: want a positive count", cfg.Partitions)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	listenHost, _, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("start broker: listen address %q: %w", cfg.Listen, err)
	}
	advertised := cfg.AdvertisedHost
	if advertised == "" {
		advertised = listenHost
		if ip := net.ParseIP(listenHost); listenHost == "" || (ip != nil && ip.IsUnspecified()) {
			advertised = "127.0.0.1"
		}
	}

	// kfake always asks to listen on 127.0.0.1:<port>; we listen on
	// exactly cfg.Listen instead and report the advertised host in Addr,
	// which is what kfake puts in metadata and FindCoordinator answers.
	var addr string
	listen := func(network, _ string) (net.Listener, error) {
		ln, err := net.Listen(network, cfg.Listen)
		if err != nil {
			return nil, err
		}
		_, port, err := net.SplitHostPort(ln.Addr().String())
		if err != nil {
			ln.Close()
			return nil, err
		}
		addr = net.JoinHostPort(advertised, port)
		return advertisedListener{Listener: ln, addr: hostPort(addr)}, nil
	}

	errs := new(errorLog)
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.ListenFn(listen),
		kfake.DefaultNumPartitions(cfg.Partitions),
		kfake.GroupMinSessionTimeout(MinSessionTimeout),
		kfake.GroupMaxSessionTimeout(MaxSessionTimeout),
		kfake.WithLogger(slogLogger{l: cfg.Logger, errs: errs}),
	}
	if cfg.DataDir != "" {
		opts = append(opts, kfake.DataDir(cfg.DataDir))
	}
	for _, u := range cfg.Users {
		switch u.Mechanism {
		case "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512":
		default:
			return nil, fmt.Errorf("start broker: user %q: SASL mechanism %q: want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", u.Name, u.Mechanism)
		}
		if u.Name == "" {
			return nil, fmt.Errorf("start broker: a %s user has no name", u.Mechanism)
		}
		// Superusers: with SASL alone (no ACLs) every user may do everything.
		opts = append(opts, kfake.Superuser(u.Mechanism, u.Name, u.Password))
	}
	if cfg.TLS != nil {
		opts = append(opts, kfake.TLS(cfg.TLS))
	}
	if len(cfg.Users) > 0 {
		opts = append(opts, kfake.EnableSASL())
	}
	if cfg.SyncWrites {
		opts = append(opts, kfake.SyncWrites())
	}
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("start broker on %s (data dir %q): %w", cfg.Listen, cfg.DataDir, err)
	}
	b := &Broker{cluster: cluster, addr: addr, errs: errs}
	for _, topic := range cfg.Topics {
		if err := b.ensureTopic(topic, cfg.Partitions); err != nil {
			b.Close()
			return nil, err
		}
	}
	return b, nil
}

// ensureTopic creates topic unless it exists, so a restart on the same data
// directory keeps the topic, its records and its partition count.
func (b *Broker) ensureTopic(topic string, partitions int) error {
	if b.cluster.TopicInfo(topic) != nil {
		return nil
	}
	if err := b.cluster.CreateTopic(topic, int32(partitions), nil); err != nil {
		return fmt.Errorf("create topic %s with %d partitions: %w", topic, partitions, err)
	}
	return nil
}

// Addr is the host:port clients bootstrap from, with the port actually
// bound (useful when Listen asked for port 0).
func (b *Broker) Addr() string { return b.addr }

// Partitions reports the partition count of topic, or 0 when it does not
// exist, so callers (and tests) can check what a restart kept.
func (b *Broker) Partitions(topic string) int {
	return len(b.cluster.PartitionInfos(topic))
}

// WaitGroupMembers blocks until the consumer group is stable with exactly
// members members or ctx ends. Tests use it to wait for a rebalance to
// finish instead of sleeping.
func (b *Broker) WaitGroupMembers(ctx context.Context, group string, members int) error {
	if _, err := b.cluster.WaitGroupStable(ctx, group, members); err != nil {
		return fmt.Errorf("wait for group %s to be stable with %d members: %w", group, members, err)
	}
	return nil
}

// Close stops accepting connections and, with a DataDir, writes the
// broker's state (committed offsets included) to disk. It is safe to call
// more than once.
func (b *Broker) Close() error {
	b.closeOnce.Do(func() {
		// kfake reports a failed final save only to its logger; collect
		// what it logs at error level while closing and return it, so the
		// caller knows the data directory may be behind.
		b.errs.record(true)
		b.cluster.Close()
		if msgs := b.errs.take(); len(msgs) > 0 {
			b.closeErr = fmt.Errorf("close broker %s: %s", b.addr, strings.Join(msgs, "; "))
		}
	})
	return b.closeErr
}

// errorLog collects kfake's error-level log lines while recording is on.
type errorLog struct {
	mu     sync.Mutex
	on     bool
	errors []string
}

func (e *errorLog) record(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.on = on
}

func (e *errorLog) add(msg string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.on {
		e.errors = append(e.errors, msg)
	}
}

func (e *errorLog) take() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	msgs := e.errors
	e.on, e.errors = false, nil
	return msgs
}

// advertisedListener reports addr as its address: kfake derives the host
// and port it advertises from the listener's Addr.
type advertisedListener struct {
	net.Listener
	addr net.Addr
}

func (l advertisedListener) Addr() net.Addr { return l.addr }

// hostPort is a net.Addr that may hold a host name, not only an IP.
type hostPort string

func (hostPort) Network() string  { return "tcp" }
func (a hostPort) String() string { return string(a) }

// slogLogger adapts kfake's printf-style logger to slog, level for level.
type slogLogger struct {
	l    *slog.Logger
	errs *errorLog
}

func (s slogLogger) Logf(level kfake.LogLevel, format string, args ...any) {
	var lvl slog.Level
	switch level {
	case kfake.LogLevelError:
		lvl = slog.LevelError
	case kfake.LogLevelWarn:
		lvl = slog.LevelWarn
	case kfake.LogLevelInfo:
		lvl = slog.LevelInfo
	case kfake.LogLevelDebug:
		lvl = slog.LevelDebug
	default:
		return
	}
	ctx := context.Background()
	if lvl == slog.LevelError {
		s.errs.add(fmt.Sprintf(format, args...))
	}
	if !s.l.Enabled(ctx, lvl) {
		return
	}
	s.l.Log(ctx, lvl, fmt.Sprintf(format, args...), "component", "kfake")
}
