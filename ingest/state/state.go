// Package state keeps what one job source has seen, in a JSON file per
// source under the data directory: each posting's content hash (to
// republish only what changed), the last published posting (to close it
// when it vanishes), the source's list marks (to skip detail requests for
// unchanged list entries), conditional-request validators per URL, and a
// cursor. A restart therefore neither refetches everything nor loses its
// place. It knows nothing about HTTP or Kafka.
package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"github.com/skillpulse/skillpulse"
)

// Seen is what the state remembers of one posting.
type Seen struct {
	// Hash is the content hash of the posting as last published.
	Hash string `json:"hash"`
	// Mark is the source's own marker of the list entry (an updated time,
	// a list item's hash); a detail page is refetched only when it changes.
	Mark string `json:"mark,omitempty"`
	// Posting is the posting as last published, republished with
	// closed_at when the source stops listing it.
	Posting skillpulse.RawPosting `json:"posting"`
	// Closed is when it was published as closed; empty while open.
	Closed string `json:"closed,omitempty"`
}

// Source is one source's state. Its methods are safe for concurrent use.
type Source struct {
	path string
	mu   sync.Mutex
	data data
}

type data struct {
	// Cursor is source-specific progress (a file's content hash).
	Cursor string `json:"cursor,omitempty"`
	// LastSuccess is the end of the last complete pass, RFC 3339.
	LastSuccess string                `json:"last_success,omitempty"`
	Seen        map[string]*Seen      `json:"seen"`
	Validators  map[string]Validators `json:"validators,omitempty"`
}

// Validators are a URL's ETag and Last-Modified.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Path is where the state of the source named name lives under dir.
func Path(dir, name string) string {
	return filepath.Join(dir, unsafeName.ReplaceAllString(name, "_")+".json")
}

// Open loads the state file at path, or starts empty when it is missing.
func Open(path string) (*Source, error) {
	s := &Source{path: path, data: data{Seen: map[string]*Seen{}, Validators: map[string]Validators{}}}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read source state: %w", err)
	}
	if err := json.Unmarshal(b, &s.data); err != nil {
		return nil, fmt.Errorf("read source state %s: %w", path, err)
	}
	if s.data.Seen == nil {
		s.data.Seen = map[string]*Seen{}
	}
	if s.data.Validators == nil {
		s.data.Validators = map[string]Validators{}
	}
	return s, nil
}

// Get returns a copy of what is remembered about id.
func (s *Source) Get(id string) (Seen, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.data.Seen[id]
	if !ok {
		return Seen{}, false
	}
	return *v, true
}

// Put records id.
func (s *Source) Put(id string, v Seen) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Seen[id] = &v
}

// IDs lists every remembered id, open and closed.
func (s *Source) IDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.data.Seen))
	for id := range s.data.Seen {
		ids = append(ids, id)
	}
	return ids
}

// Validators returns the validators recorded for url.
func (s *Source) Validators(url string) Validators {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.Validators[url]
}

// SetValidators records url's validators; empty ones forget the URL.
func (s *Source) SetValidators(url string, v Validators) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v == (Validators{}) {
		delete(s.data.Validators, url)
		return
	}
	s.data.Validators[url] = v
}

// Cursor returns the source-specific cursor.
func (s *Source) Cursor() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.Cursor
}

// SetCursor records the cursor.
func (s *Source) SetCursor(c string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Cursor = c
}

// LastSuccess is the end of the last complete pass, zero before the first.
func (s *Source) LastSuccess() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, _ := time.Parse(time.RFC3339, s.data.LastSuccess)
	return t
}

// SetLastSuccess records the end of a complete pass.
func (s *Source) SetLastSuccess(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.LastSuccess = t.UTC().Format(time.RFC3339)
}

// Save writes the state atomically (a temporary file renamed over the
// old one), so a crash leaves either the old or the new state.
func (s *Source) Save() error {
	s.mu.Lock()
	b, err := json.Marshal(s.data)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("encode source state: %w", err)
	}
	if err := WriteFile(s.path, b); err != nil {
		return fmt.Errorf("save source state: %w", err)
	}
	return nil
}

// WriteFile writes b to path atomically: a temporary file beside it is
// renamed over it, so a crash leaves the old or the new content, never half.
// The directory is created if missing.
func WriteFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
