package drain_test

import (
	"context"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/internal/drain"
)

func TestContextOutlivesParentForGrace(t *testing.T) {
	parent, stop := context.WithCancel(context.Background())
	ctx, cancel := drain.Context(parent, 50*time.Millisecond)
	defer cancel()
	stop()
	select {
	case <-ctx.Done():
		t.Fatal("drain context ended with its parent")
	case <-time.After(10 * time.Millisecond):
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("drain context outlived the grace period")
	}
}

func TestContextLivesWhileParentLives(t *testing.T) {
	ctx, cancel := drain.Context(context.Background(), time.Millisecond)
	select {
	case <-ctx.Done():
		t.Fatal("drain context ended without cause")
	case <-time.After(20 * time.Millisecond):
	}
	cancel()
	if ctx.Err() == nil {
		t.Fatal("cancel did not end the context")
	}
}
