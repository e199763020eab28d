package skillpulse

import (
	"context"
	"encoding/json"
	"time"
	"unicode/utf8"
)

// Message is one Kafka record as the stages see it. Partition and Offset are
// set on fetched messages and ignored when publishing.
type Message struct {
	Topic     string
	Partition int
	Offset    int64
	Key       []byte
	Value     []byte
	Time      time.Time
}

// Publisher writes messages to Kafka.
//
// Publish returns only after every message is acknowledged by the broker
// (all in-sync replicas), or an error naming the topic; on error the caller
// must assume none, some or all were written and may retry: downstream
// stages are idempotent per posting.
type Publisher interface {
	Publish(ctx context.Context, msgs ...Message) error
	Close() error
}

// Subscription reads one topic as a member of a consumer group.
//
// Fetch blocks until a message arrives or ctx ends (then it returns ctx's
// error). It does not commit: the caller commits with Commit after the
// message's effects are durable, so a crash redelivers instead of losing.
// Commit marks the given messages and everything before them on their
// partitions as done for the group.
type Subscription interface {
	Fetch(ctx context.Context) (Message, error)
	Commit(ctx context.Context, msgs ...Message) error
	Close() error
}

// PostingWriter stores tagged postings where analysts query them.
//
// WriteTagged must be idempotent: writing the same posting again, in the
// same batch or a later one, leaves every count unchanged. It returns only
// once the rows are durable, because the caller commits Kafka offsets next.
type PostingWriter interface {
	WriteTagged(ctx context.Context, batch []TaggedPosting) error
}

// Slice selects the postings a figure is computed over. Every zero field
// means "no filter", so the zero Slice is every posting.
type Slice struct {
	// From and To bound the posting day, both inclusive. Zero means open.
	From, To time.Time
	// Kind filters skill lists to soft or hard skills; empty means both.
	// It never changes which postings count in a share's denominator.
	Kind Kind
	// Category filters skill lists to one taxonomy category.
	Category string
	// RoleFamily, Region (a state or region code such as "TX"), Employer,
	// Source and WorkMode (remote, hybrid, onsite) filter the postings.
	RoleFamily string
	Region     string
	Employer   string
	Source     string
	WorkMode   string
	// HealthITOnly keeps only postings flagged as Health IT.
	HealthITOnly bool
}

// TopQuery selects the most requested skills of a slice.
type TopQuery struct {
	Slice
	// Limit caps the number of rows; zero means the caller's default.
	Limit int
}

// SkillCount is one row of a top-skills answer.
type SkillCount struct {
	SkillID  string  `json:"skill_id"`
	Skill    string  `json:"skill"`
	Kind     Kind    `json:"kind"`
	Category string  `json:"category"`
	Postings uint64  `json:"postings"`
	Share    float64 `json:"share"`
}

// SkillQuerier answers analysts' questions from the stored tables.
//
// TopSkills counts distinct deduplicated postings per skill in the slice and
// returns them by count, descending, then by skill id; Share is the count
// over PostingCount for the same slice. PostingCount counts distinct
// deduplicated postings in the slice (Kind and Category do not apply to it).
type SkillQuerier interface {
	TopSkills(ctx context.Context, q TopQuery) ([]SkillCount, error)
	PostingCount(ctx context.Context, s Slice) (uint64, error)
}

// DeadLetter is the JSON value written to postings.dlq for input a stage
// could not use. It keeps the original bytes so nothing is lost: an operator
// can fix the cause and republish Value to its topic.
type DeadLetter struct {
	// Stage is the worker that rejected the input: ingest, extract or aggregate.
	Stage string `json:"stage"`
	// Reason says in words what was wrong, e.g. "invalid posting: title is empty".
	Reason    string `json:"reason"`
	Topic     string `json:"topic,omitempty"`
	Partition int    `json:"partition"`
	Offset    int64  `json:"offset"`
	Key       string `json:"key,omitempty"`
	// Value is the original message value when it is valid UTF-8;
	// otherwise ValueBase64 holds it.
	Value       string    `json:"value,omitempty"`
	ValueBase64 []byte    `json:"value_base64,omitempty"`
	At          time.Time `json:"at"`
}

// NewDeadLetter describes why a stage rejects m. m.Topic, Partition and
// Offset say where the input came from (empty for input read from a file).
func NewDeadLetter(stage, reason string, m Message, at time.Time) DeadLetter {
	dl := DeadLetter{
		Stage: stage, Reason: reason, Topic: m.Topic, Partition: m.Partition, Offset: m.Offset,
		Key: string(m.Key), At: at.UTC(),
	}
	if utf8.Valid(m.Value) {
		dl.Value = string(m.Value)
	} else {
		dl.ValueBase64 = m.Value
	}
	return dl
}

// Message is the dead letter as a message for the dead-letter topic, keyed
// like the input so an operator can find every rejection of one posting.
func (d DeadLetter) Message(topic string) Message {
	b, _ := json.Marshal(d) // strings, numbers, bytes and a time: encoding cannot fail
	return Message{Topic: topic, Key: []byte(d.Key), Value: b}
}
