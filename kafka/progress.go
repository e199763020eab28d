package kafka

import (
	"context"
	"errors"
	"fmt"

	"github.com/segmentio/kafka-go"
)

// Progress is how far a consumer group has got through a topic, summed
// over its partitions.
type Progress struct {
	// Committed counts messages before the group's committed offsets
	// (partitions without a commit count as 0).
	Committed int64
	// End counts messages ever written: the sum of the high watermarks.
	End int64
}

// Lag is the number of messages the group has not committed yet.
func (p Progress) Lag() int64 { return p.End - p.Committed }

// GroupProgress reads the group's committed offsets and the topic's end
// offsets: how operators and tests tell that a stage has caught up.
func GroupProgress(ctx context.Context, cfg Config, group, topic string) (Progress, error) {
	cfg, err := cfg.settled()
	if err != nil {
		return Progress{}, err
	}
	cl, tr := cfg.client()
	defer tr.CloseIdleConnections()
	md, err := cl.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
	if err != nil {
		return Progress{}, fmt.Errorf("group progress %s on %s: metadata: %w", group, topic, err)
	}
	if len(md.Topics) != 1 || md.Topics[0].Error != nil {
		return Progress{}, fmt.Errorf("group progress %s on %s: topic not found", group, topic)
	}
	var parts []int
	var reqs []kafka.OffsetRequest
	for _, p := range md.Topics[0].Partitions {
		parts = append(parts, p.ID)
		reqs = append(reqs, kafka.LastOffsetOf(p.ID))
	}
	ends, err := cl.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{topic: reqs}})
	if err != nil {
		return Progress{}, fmt.Errorf("group progress %s on %s: list offsets: %w", group, topic, err)
	}
	var pr Progress
	for _, po := range ends.Topics[topic] {
		if po.Error != nil {
			return Progress{}, fmt.Errorf("group progress %s on %s: partition %d end offset: %w", group, topic, po.Partition, po.Error)
		}
		pr.End += po.LastOffset
	}
	committed, err := cl.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{topic: parts}})
	if err != nil {
		return Progress{}, fmt.Errorf("group progress %s on %s: offset fetch: %w", group, topic, err)
	}
	// A group that never committed is "not found" on some brokers (kfake)
	// and an empty answer on others (Kafka): both mean nothing committed.
	if errors.Is(committed.Error, kafka.GroupIdNotFound) {
		return pr, nil
	}
	if committed.Error != nil {
		return Progress{}, fmt.Errorf("group progress %s on %s: offset fetch: %w", group, topic, committed.Error)
	}
	for _, p := range committed.Topics[topic] {
		if p.Error != nil {
			return Progress{}, fmt.Errorf("group progress %s on %s: partition %d: %w", group, topic, p.Partition, p.Error)
		}
		if p.CommittedOffset > 0 {
			pr.Committed += p.CommittedOffset
		}
	}
	return pr, nil
}
