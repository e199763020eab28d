package kafka_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/kafka"
)

func TestGroupProgress(t *testing.T) {
	b := MustBroker(t, "", map[string]int{"progress": 3})
	ctx := MustContext(t, 30*time.Second)
	pub := MustPublisher(t, b)
	var msgs []skillpulse.Message
	for i := range 10 {
		msgs = append(msgs, skillpulse.Message{Topic: "progress", Key: []byte(fmt.Sprint(i)), Value: []byte("v")})
	}
	if err := pub.Publish(ctx, msgs...); err != nil {
		t.Fatal(err)
	}
	p, err := kafka.GroupProgress(ctx, cfgFor(b), "g", "progress")
	if err != nil {
		t.Fatal(err)
	}
	if p.End != 10 || p.Committed != 0 || p.Lag() != 10 {
		t.Fatalf("before any commit: %+v, want end 10 committed 0", p)
	}
	sub, err := kafka.NewSubscription(cfgFor(b), "g", "progress", testOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	for range 4 {
		m, err := sub.Fetch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := sub.Commit(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	p, err = kafka.GroupProgress(ctx, cfgFor(b), "g", "progress")
	if err != nil {
		t.Fatal(err)
	}
	if p.End != 10 || p.Committed != 4 || p.Lag() != 6 {
		t.Errorf("after 4 commits: %+v, want end 10 committed 4", p)
	}
	if _, err := kafka.GroupProgress(ctx, cfgFor(b), "g", "no-such-topic"); err == nil {
		t.Error("progress on a missing topic succeeded")
	}
}
