package kafka

import (
	"context"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/skillpulse/skillpulse"
)

var _ skillpulse.Subscription = (*Subscription)(nil)

// Subscription reads one topic as a member of a consumer group. Fetch and
// Commit are separate so the caller commits only what is durable.
type Subscription struct {
	r     *kafka.Reader
	group string
	topic string
}

// SubscriptionOption tunes a Subscription; the defaults suit production and
// the embedded broker alike.
type SubscriptionOption func(*subscriptionSettings)

type subscriptionSettings struct {
	maxWait           time.Duration
	heartbeatInterval time.Duration
	sessionTimeout    time.Duration
	rebalanceTimeout  time.Duration
	joinGroupBackoff  time.Duration
}

// WithMaxWait sets how long one fetch request waits at the broker for new
// records. Default 250ms: short enough that a new message arrives promptly
// and Close returns quickly, long enough not to spin.
func WithMaxWait(d time.Duration) SubscriptionOption {
	return func(s *subscriptionSettings) { s.maxWait = d }
}

// WithHeartbeatInterval sets how often the member tells the group
// coordinator it is alive. A member learns of a rebalance (a member joining
// or leaving) only through its next heartbeat, so this bounds how long the
// group pauses on every membership change. Default 1s (kafka-go's is 3s).
func WithHeartbeatInterval(d time.Duration) SubscriptionOption {
	return func(s *subscriptionSettings) { s.heartbeatInterval = d }
}

// WithSessionTimeout sets how long the coordinator waits without a
// heartbeat before it declares a member dead and gives its partitions to
// the others. A member that Closes leaves at once; this only matters for
// crashes. Default 10s. The broker bounds it: the embedded broker accepts
// 1s to 5m, Kafka by default 6s to 30m.
func WithSessionTimeout(d time.Duration) SubscriptionOption {
	return func(s *subscriptionSettings) { s.sessionTimeout = d }
}

// WithRebalanceTimeout sets how long the coordinator waits for every member
// to rejoin during a rebalance before it drops the laggards. Default 10s.
func WithRebalanceTimeout(d time.Duration) SubscriptionOption {
	return func(s *subscriptionSettings) { s.rebalanceTimeout = d }
}

// WithJoinGroupBackoff sets how long a member waits before retrying a
// failed join. Default 500ms (kafka-go's is 5s).
func WithJoinGroupBackoff(d time.Duration) SubscriptionOption {
	return func(s *subscriptionSettings) { s.joinGroupBackoff = d }
}

// NewSubscription joins group on topic. A group with no committed offset
// starts at the oldest message, so a new group replays the whole topic;
// otherwise it resumes after the group's last commit. Commits are
// synchronous. Partitions are spread over the group's members with
// kafka-go's range or round-robin assignors (the group uses what all
// members support).
func NewSubscription(cfg Config, group, topic string, opts ...SubscriptionOption) (*Subscription, error) {
	cfg, err := cfg.settled()
	if err != nil {
		return nil, err
	}
	if group == "" || topic == "" {
		return nil, fmt.Errorf("new subscription: group %q and topic %q must both be set", group, topic)
	}
	s := subscriptionSettings{
		maxWait:           250 * time.Millisecond,
		heartbeatInterval: time.Second,
		sessionTimeout:    10 * time.Second,
		rebalanceTimeout:  10 * time.Second,
		joinGroupBackoff:  500 * time.Millisecond,
	}
	for _, o := range opts {
		o(&s)
	}
	for name, d := range map[string]time.Duration{
		"max wait": s.maxWait, "heartbeat interval": s.heartbeatInterval, "session timeout": s.sessionTimeout,
		"rebalance timeout": s.rebalanceTimeout, "join group backoff": s.joinGroupBackoff,
	} {
		if d <= 0 {
			return nil, fmt.Errorf("new subscription %s on %s: %s %v must be positive", group, topic, name, d)
		}
	}
	info, errs := cfg.loggers()
	rc := kafka.ReaderConfig{
		Brokers:           cfg.Brokers,
		GroupID:           group,
		Topic:             topic,
		Dialer:            cfg.dialer(),
		MinBytes:          1,
		MaxBytes:          10 << 20,
		MaxWait:           s.maxWait,
		StartOffset:       kafka.FirstOffset,
		CommitInterval:    0,
		HeartbeatInterval: s.heartbeatInterval,
		SessionTimeout:    s.sessionTimeout,
		RebalanceTimeout:  s.rebalanceTimeout,
		JoinGroupBackoff:  s.joinGroupBackoff,
		Logger:            info,
		ErrorLogger:       errs,
	}
	if err := rc.Validate(); err != nil {
		return nil, fmt.Errorf("new subscription %s on %s: %w", group, topic, err)
	}
	return &Subscription{r: kafka.NewReader(rc), group: group, topic: topic}, nil
}

// Fetch returns the next message of the group's partitions, blocking until
// one arrives or ctx ends (then it returns ctx's error). It commits nothing.
func (s *Subscription) Fetch(ctx context.Context) (skillpulse.Message, error) {
	m, err := s.r.FetchMessage(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return skillpulse.Message{}, ctx.Err()
		}
		return skillpulse.Message{}, fmt.Errorf("fetch from %s for group %s: %w", s.topic, s.group, err)
	}
	return skillpulse.Message{
		Topic:     m.Topic,
		Partition: m.Partition,
		Offset:    m.Offset,
		Key:       m.Key,
		Value:     m.Value,
		Time:      m.Time,
	}, nil
}

// Commit marks msgs, and everything before them on their partitions, as
// done for the group, returning once the coordinator has stored it.
func (s *Subscription) Commit(ctx context.Context, msgs ...skillpulse.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	km := make([]kafka.Message, len(msgs))
	for i, m := range msgs {
		topic := m.Topic
		if topic == "" {
			topic = s.topic
		}
		km[i] = kafka.Message{Topic: topic, Partition: m.Partition, Offset: m.Offset}
	}
	if err := s.r.CommitMessages(ctx, km...); err != nil {
		return fmt.Errorf("commit %d messages of %s for group %s: %w", len(msgs), s.topic, s.group, err)
	}
	return nil
}

// Close leaves the group, so its partitions move to the other members at
// once instead of after the session timeout.
func (s *Subscription) Close() error {
	if err := s.r.Close(); err != nil {
		return fmt.Errorf("close subscription %s on %s: %w", s.group, s.topic, err)
	}
	return nil
}
