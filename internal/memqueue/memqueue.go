// Package memqueue is an in-memory stand-in for Kafka behind the
// skillpulse.Publisher and skillpulse.Subscription interfaces, for unit tests
// of the workers. It has one partition per topic and per-group committed
// offsets; a new subscription resumes after its group's last commit, which is
// exactly the redelivery behaviour the workers must tolerate.
//
// The real adapter (package kafka) is tested against a real broker; this
// fake only keeps worker unit tests fast and deterministic.
package memqueue

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/skillpulse/skillpulse"
)

// Queue holds topics and committed offsets.
type Queue struct {
	mu        sync.Mutex
	cond      chan struct{} // closed and replaced on every publish
	topics    map[string][]skillpulse.Message
	committed map[string]int64 // group/topic -> next offset
	// FailPublish, if set, is returned by the next Publish and then cleared.
	failPublish error
}

// New returns an empty queue.
func New() *Queue {
	return &Queue{cond: make(chan struct{}), topics: map[string][]skillpulse.Message{}, committed: map[string]int64{}}
}

// FailNextPublish makes the next Publish return err without writing.
func (q *Queue) FailNextPublish(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.failPublish = err
}

// Publish appends messages to their topics.
func (q *Queue) Publish(_ context.Context, msgs ...skillpulse.Message) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.failPublish != nil {
		err := q.failPublish
		q.failPublish = nil
		return err
	}
	for _, m := range msgs {
		if m.Topic == "" {
			return fmt.Errorf("publish: message without topic")
		}
		m.Offset = int64(len(q.topics[m.Topic]))
		m.Time = time.Now()
		q.topics[m.Topic] = append(q.topics[m.Topic], m)
	}
	close(q.cond)
	q.cond = make(chan struct{})
	return nil
}

// Close does nothing; it makes Queue a skillpulse.Publisher.
func (q *Queue) Close() error { return nil }

// Messages returns a copy of every message published to topic.
func (q *Queue) Messages(topic string) []skillpulse.Message {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]skillpulse.Message(nil), q.topics[topic]...)
}

// Committed is the group's next offset on topic.
func (q *Queue) Committed(group, topic string) int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.committed[group+"/"+topic]
}

// Subscribe starts reading topic for group after its last commit.
func (q *Queue) Subscribe(group, topic string) *Subscription {
	q.mu.Lock()
	defer q.mu.Unlock()
	return &Subscription{q: q, group: group, topic: topic, next: q.committed[group+"/"+topic]}
}

// Subscription reads one topic for one group.
type Subscription struct {
	q            *Queue
	group, topic string
	next         int64
}

// Fetch returns the next message, waiting for one until ctx ends.
func (s *Subscription) Fetch(ctx context.Context) (skillpulse.Message, error) {
	for {
		s.q.mu.Lock()
		msgs := s.q.topics[s.topic]
		wait := s.q.cond
		if s.next < int64(len(msgs)) {
			m := msgs[s.next]
			s.next++
			s.q.mu.Unlock()
			return m, nil
		}
		s.q.mu.Unlock()
		select {
		case <-ctx.Done():
			return skillpulse.Message{}, ctx.Err()
		case <-wait:
		}
	}
}

// Commit records the offset after the latest of msgs.
func (s *Subscription) Commit(_ context.Context, msgs ...skillpulse.Message) error {
	s.q.mu.Lock()
	defer s.q.mu.Unlock()
	key := s.group + "/" + s.topic
	for _, m := range msgs {
		if m.Offset+1 > s.q.committed[key] {
			s.q.committed[key] = m.Offset + 1
		}
	}
	return nil
}

// Close does nothing; uncommitted messages are redelivered to the next
// subscription of the group, as with Kafka.
func (s *Subscription) Close() error { return nil }

var (
	_ skillpulse.Publisher    = (*Queue)(nil)
	_ skillpulse.Subscription = (*Subscription)(nil)
)
