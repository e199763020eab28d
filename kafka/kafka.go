// Package kafka connects the pipeline to Kafka (or any broker speaking its
// protocol, the embedded one included) through segmentio/kafka-go: a
// Publisher and a consumer-group Subscription implementing the skillpulse
// interfaces, plus EnsureTopics and Ping for setup and readiness checks.
//
// It is the only package that imports kafka-go. It must not depend on any
// pipeline stage, nor on the embedded broker: it reaches every broker over
// the wire protocol only.
package kafka

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// Config says how to reach a Kafka cluster. The zero value of every field
// but Brokers works against the embedded broker.
type Config struct {
	// Brokers are the bootstrap host:port addresses. Required.
	Brokers []string

	// ClientID names this process in broker logs and quotas.
	// Default "skillpulse".
	ClientID string

	// TLS, when non-nil, encrypts every connection with this config.
	// Default nil: plaintext, as the embedded broker speaks.
	TLS *tls.Config

	// SASL authenticates to clusters that require it. Default: the zero
	// value, no authentication.
	SASL SASL

	// DialTimeout bounds each connection attempt. Default 10s.
	DialTimeout time.Duration

	// Logger receives kafka-go's log lines: routine ones at Debug, its
	// error log at Warn (kafka-go retries most errors itself). Default:
	// discard.
	Logger *slog.Logger
}

// SASL holds credentials for clusters that authenticate clients.
type SASL struct {
	// Mechanism is "PLAIN", "SCRAM-SHA-256" or "SCRAM-SHA-512". Default
	// empty: no SASL. PLAIN sends the password as is, so use it with TLS.
	Mechanism string
	// User is the SASL user name.
	User string
	// Password is the SASL password.
	Password string
}

// The SASL mechanisms Config.SASL accepts.
const (
	SASLPlain       = "PLAIN"
	SASLScramSHA256 = "SCRAM-SHA-256"
	SASLScramSHA512 = "SCRAM-SHA-512"
)

// settled returns cfg with its defaults filled in, after checking it.
func (cfg Config) settled() (Config, error) {
	if len(cfg.Brokers) == 0 {
		return cfg, errors.New("kafka config: no brokers")
	}
	for _, b := range cfg.Brokers {
		if _, _, err := net.SplitHostPort(b); err != nil {
			return cfg, fmt.Errorf("kafka config: broker %q: %w", b, err)
		}
	}
	if cfg.ClientID == "" {
		cfg.ClientID = "skillpulse"
	}
	if cfg.DialTimeout == 0 {
		cfg.DialTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if _, err := cfg.SASL.mechanism(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// mechanism builds the kafka-go SASL mechanism, nil when SASL is off.
func (s SASL) mechanism() (sasl.Mechanism, error) {
	switch strings.ToUpper(s.Mechanism) {
	case "":
		return nil, nil
	case SASLPlain:
		return plain.Mechanism{Username: s.User, Password: s.Password}, nil
	case SASLScramSHA256:
		m, err := scram.Mechanism(scram.SHA256, s.User, s.Password)
		if err != nil {
			return nil, fmt.Errorf("kafka config: SASL %s: %w", s.Mechanism, err)
		}
		return m, nil
	case SASLScramSHA512:
		m, err := scram.Mechanism(scram.SHA512, s.User, s.Password)
		if err != nil {
			return nil, fmt.Errorf("kafka config: SASL %s: %w", s.Mechanism, err)
		}
		return m, nil
	}
	return nil, fmt.Errorf("kafka config: SASL mechanism %q: want %s, %s or %s",
		s.Mechanism, SASLPlain, SASLScramSHA256, SASLScramSHA512)
}

// transport is the connection pool writers and admin clients share. The
// config must be settled.
func (cfg Config) transport() *kafka.Transport {
	mech, _ := cfg.SASL.mechanism() // checked in settled
	return &kafka.Transport{
		DialTimeout: cfg.DialTimeout,
		ClientID:    cfg.ClientID,
		TLS:         cfg.TLS,
		SASL:        mech,
	}
}

// dialer is what a Reader connects with. The config must be settled.
func (cfg Config) dialer() *kafka.Dialer {
	mech, _ := cfg.SASL.mechanism() // checked in settled
	return &kafka.Dialer{
		ClientID:      cfg.ClientID,
		Timeout:       cfg.DialTimeout,
		DualStack:     true,
		TLS:           cfg.TLS,
		SASLMechanism: mech,
	}
}

// loggers adapts slog to kafka-go's two printf loggers.
func (cfg Config) loggers() (info, errs kafka.Logger) {
	l := cfg.Logger.With("component", "kafka-go")
	logAt := func(lvl slog.Level) kafka.Logger {
		return kafka.LoggerFunc(func(format string, args ...any) {
			if l.Enabled(context.Background(), lvl) {
				l.Log(context.Background(), lvl, fmt.Sprintf(format, args...))
			}
		})
	}
	return logAt(slog.LevelDebug), logAt(slog.LevelWarn)
}

// client is an admin client over a fresh transport; callers close the
// transport's connections when done.
func (cfg Config) client() (*kafka.Client, *kafka.Transport) {
	tr := cfg.transport()
	return &kafka.Client{Addr: kafka.TCP(cfg.Brokers...), Transport: tr}, tr
}

// EnsureTopics creates those of topics that do not exist yet, with the given
// partition and replication counts, and leaves existing topics as they are
// (their partition count included), so every worker can call it at start.
// A replication of 0 or less means the broker's default.
func EnsureTopics(ctx context.Context, cfg Config, partitions, replication int, topics ...string) error {
	cfg, err := cfg.settled()
	if err != nil {
		return err
	}
	if partitions <= 0 {
		return fmt.Errorf("ensure topics %s: partitions %d: want a positive count", strings.Join(topics, ","), partitions)
	}
	if replication <= 0 {
		replication = -1
	}
	if len(topics) == 0 {
		return nil
	}
	cl, tr := cfg.client()
	defer tr.CloseIdleConnections()

	md, err := cl.Metadata(ctx, &kafka.MetadataRequest{Topics: topics})
	if err != nil {
		return fmt.Errorf("ensure topics %s: metadata from %s: %w", strings.Join(topics, ","), strings.Join(cfg.Brokers, ","), err)
	}
	exists := make(map[string]bool, len(md.Topics))
	for _, t := range md.Topics {
		if t.Error == nil {
			exists[t.Name] = true
		}
	}
	var missing []kafka.TopicConfig
	for _, t := range topics {
		if !exists[t] {
			missing = append(missing, kafka.TopicConfig{Topic: t, NumPartitions: partitions, ReplicationFactor: replication})
			exists[t] = true // a topic listed twice is created once
		}
	}
	if len(missing) == 0 {
		return nil
	}
	resp, err := cl.CreateTopics(ctx, &kafka.CreateTopicsRequest{Topics: missing})
	if err != nil {
		return fmt.Errorf("create topics on %s: %w", strings.Join(cfg.Brokers, ","), err)
	}
	var errs []error
	for _, t := range missing {
		// Another worker may have created it since the metadata request.
		if err := resp.Errors[t.Topic]; err != nil && !errors.Is(err, kafka.TopicAlreadyExists) {
			errs = append(errs, fmt.Errorf("create topic %s with %d partitions: %w", t.Topic, partitions, err))
		}
	}
	return errors.Join(errs...)
}

// Ping asks the cluster for its metadata: it succeeds when a broker answers
// and names at least one broker, which is what /readyz needs to know.
func Ping(ctx context.Context, cfg Config) error {
	cfg, err := cfg.settled()
	if err != nil {
		return err
	}
	cl, tr := cfg.client()
	defer tr.CloseIdleConnections()
	md, err := cl.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{}})
	if err != nil {
		return fmt.Errorf("ping kafka %s: %w", strings.Join(cfg.Brokers, ","), err)
	}
	if len(md.Brokers) == 0 {
		return fmt.Errorf("ping kafka %s: metadata lists no brokers", strings.Join(cfg.Brokers, ","))
	}
	return nil
}
