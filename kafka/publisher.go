package kafka

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/skillpulse/skillpulse"
)

var _ skillpulse.Publisher = (*Publisher)(nil)

// Publisher writes messages to any topic of one cluster: each message's
// Topic picks its topic, so one Publisher serves postings.raw,
// postings.tagged and postings.dlq. It is safe for concurrent use.
type Publisher struct {
	w  *kafka.Writer
	tr *kafka.Transport
}

// PublisherOption tunes a Publisher; the defaults suit production.
type PublisherOption func(*publisherSettings)

type publisherSettings struct {
	batchTimeout time.Duration
	batchSize    int
}

// WithBatchTimeout sets how long the publisher waits for a partition's batch
// to fill before sending it. Default 2ms: Publish is synchronous, so this
// is added to every call's latency (kafka-go's own default of 1s would make
// each Publish take a second), while the messages of one call still travel
// together.
func WithBatchTimeout(d time.Duration) PublisherOption {
	return func(s *publisherSettings) { s.batchTimeout = d }
}

// WithBatchSize sets how many messages fill a partition's batch, which is
// then sent without waiting for the batch timeout. Default 1000.
func WithBatchSize(n int) PublisherOption {
	return func(s *publisherSettings) { s.batchSize = n }
}

// NewPublisher returns a Publisher for the cluster. It waits for every
// in-sync replica to acknowledge (acks=all), sends messages with the same
// key to the same partition with the murmur2 hash Java and librdkafka
// clients use, and never creates topics: a typo in a topic name is an
// error, not a new topic (create topics with EnsureTopics).
func NewPublisher(cfg Config, opts ...PublisherOption) (*Publisher, error) {
	cfg, err := cfg.settled()
	if err != nil {
		return nil, err
	}
	s := publisherSettings{batchTimeout: 2 * time.Millisecond, batchSize: 1000}
	for _, o := range opts {
		o(&s)
	}
	if s.batchTimeout <= 0 || s.batchSize <= 0 {
		return nil, fmt.Errorf("new publisher: batch timeout %v and size %d must be positive", s.batchTimeout, s.batchSize)
	}
	info, errs := cfg.loggers()
	tr := cfg.transport()
	w := &kafka.Writer{
		Addr:                   kafka.TCP(cfg.Brokers...),
		Balancer:               kafka.Murmur2Balancer{},
		RequiredAcks:           kafka.RequireAll,
		BatchTimeout:           s.batchTimeout,
		BatchSize:              s.batchSize,
		AllowAutoTopicCreation: false,
		Transport:              tr,
		Logger:                 info,
		ErrorLogger:            errs,
	}
	return &Publisher{w: w, tr: tr}, nil
}

// Publish writes msgs and returns once the broker acknowledged all of them.
// Messages for one partition keep their order. Partition and Offset of msgs
// are ignored; a zero Time means now.
func (p *Publisher) Publish(ctx context.Context, msgs ...skillpulse.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	km := make([]kafka.Message, len(msgs))
	for i, m := range msgs {
		if m.Topic == "" {
			return fmt.Errorf("publish message %d of %d: no topic", i+1, len(msgs))
		}
		km[i] = kafka.Message{Topic: m.Topic, Key: m.Key, Value: m.Value, Time: m.Time}
	}
	if err := p.w.WriteMessages(ctx, km...); err != nil {
		return fmt.Errorf("publish to %s: %w", topicsOf(msgs, err), err)
	}
	return nil
}

// topicsOf names the topics an error concerns: those of the failed
// messages when kafka-go says which, else all topics of msgs.
func topicsOf(msgs []skillpulse.Message, err error) string {
	var failed []string
	var werrs kafka.WriteErrors
	if errors.As(err, &werrs) && len(werrs) == len(msgs) {
		for i, e := range werrs {
			if e != nil {
				failed = append(failed, msgs[i].Topic)
			}
		}
	}
	if len(failed) == 0 {
		for _, m := range msgs {
			failed = append(failed, m.Topic)
		}
	}
	slices.Sort(failed)
	return strings.Join(slices.Compact(failed), ",")
}

// Close flushes nothing (Publish is synchronous) and releases the
// publisher's connections.
func (p *Publisher) Close() error {
	err := p.w.Close()
	p.tr.CloseIdleConnections()
	if err != nil {
		return fmt.Errorf("close kafka publisher: %w", err)
	}
	return nil
}
