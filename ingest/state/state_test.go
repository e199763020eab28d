package state_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest/state"
)

func TestPath(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "oscar-health", "oscar-health.json"},
		{"unsafe characters", "../etc/passwd x", ".._etc_passwd_x.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := state.Path("/d", tt.in); got != filepath.Join("/d", tt.want) {
				t.Errorf("Path(%q) = %q, want %q", tt.in, got, filepath.Join("/d", tt.want))
			}
		})
	}
}

// TestSaveAndReopen checks that everything a source records survives a
// restart, and that a missing file is an empty state.
func TestSaveAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "s.json")
	s, err := state.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.IDs()) != 0 || !s.LastSuccess().IsZero() {
		t.Fatal("a new state is not empty")
	}
	p := skillpulse.RawPosting{Source: "greenhouse", SourceID: "b/1", Title: "Epic Analyst", PostedAt: "2026-09-01", Description: "x"}
	s.Put("b/1", state.Seen{Hash: "h1", Mark: "m1", Posting: p})
	s.SetValidators("https://x/jobs", state.Validators{ETag: `"e"`})
	s.SetCursor("c1")
	when := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	s.SetLastSuccess(when)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("temporary file left behind: %v", err)
	}
	r, err := state.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	seen, ok := r.Get("b/1")
	if !ok || seen.Hash != "h1" || seen.Mark != "m1" || seen.Posting.Title != "Epic Analyst" {
		t.Errorf("seen = %+v, %v", seen, ok)
	}
	if v := r.Validators("https://x/jobs"); v.ETag != `"e"` {
		t.Errorf("validators = %+v", v)
	}
	if r.Cursor() != "c1" || !r.LastSuccess().Equal(when) {
		t.Errorf("cursor %q, last success %v", r.Cursor(), r.LastSuccess())
	}
	r.SetValidators("https://x/jobs", state.Validators{})
	if v := r.Validators("https://x/jobs"); v != (state.Validators{}) {
		t.Errorf("empty validators must forget the URL, got %+v", v)
	}
}

func TestOpenCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.json")
	os.WriteFile(path, []byte("{not json"), 0o644)
	if _, err := state.Open(path); err == nil {
		t.Error("a corrupt state file must be an error, not silently empty")
	}
}
