package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest/fetch"
	"github.com/skillpulse/skillpulse/ingest/state"
)

// Source fetches one configured source's current postings.
type Source interface {
	// Fetch returns what the source lists now. An error means the pass is
	// incomplete: entries already read may still be used, but nothing may
	// be closed for being absent.
	Fetch(ctx context.Context, env Env) (Result, error)
}

// Env is what a source fetches with.
type Env struct {
	Client *fetch.Client
	// State is the source's state: validators and list marks to skip
	// unchanged pages.
	State *state.Source
	// Getenv reads secrets (the USAJOBS key); default: none.
	Getenv func(string) string
	// Now stamps fetched_at and reads relative dates; default time.Now.
	Now func() time.Time
}

func (e Env) now() time.Time {
	if e.Now != nil {
		return e.Now().UTC()
	}
	return time.Now().UTC()
}

func (e Env) getenv(k string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(k)
}

// Entry is one posting the source lists.
type Entry struct {
	// ID is the state's key: the posting's source_id (or key, for files
	// of raw postings that name their own sources).
	ID string
	// Mark is the list entry's marker (see state.Seen.Mark).
	Mark string
	// Posting is the posting; nil means listed but not refetched because
	// its list entry or page has not changed.
	Posting *skillpulse.RawPosting
	// Raw and Err describe a posting that cannot be used: Raw goes to the
	// dead-letter topic with Err as the reason.
	Raw []byte
	Err error
}

// Result is one pass over a source.
type Result struct {
	Entries []Entry
	// Unchanged means the source answered "not modified" as a whole:
	// every open posting is still listed.
	Unchanged bool
}

// Reasons of a source error besides fetch's, for metrics and logs.
const (
	ReasonBadJSON     = "bad_json"
	ReasonHTML        = "html_not_json"
	ReasonBadXML      = "bad_xml"
	ReasonInvalidUTF8 = "invalid_utf8"
	ReasonConfig      = "config"
	ReasonFile        = "file"
	// ReasonInvalidPosting is an entry that fails validation.
	ReasonInvalidPosting = "invalid_posting"
)

// Error is a source's own failure: a body it cannot read.
type Error struct {
	Reason string
	Err    error
}

func (e *Error) Error() string { return e.Reason + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// ReasonOf is the metric reason of an error from Fetch or an entry's Err.
func ReasonOf(err error) string {
	var se *Error
	if errors.As(err, &se) {
		return se.Reason
	}
	if errors.Is(err, skillpulse.ErrInvalidPosting) {
		return ReasonInvalidPosting
	}
	return fetch.ReasonOf(err)
}

// New builds the source a configuration entry describes.
func New(c Config) (Source, error) {
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("source %s: %w", c.Name, err)
	}
	switch c.Kind {
	case KindGreenhouse:
		return greenhouse{c}, nil
	case KindLever:
		return lever{c}, nil
	case KindAshby:
		return ashby{c}, nil
	case KindSmartRecruiters:
		return smartRecruiters{c}, nil
	case KindWorkday:
		return workday{c}, nil
	case KindUSAJobs:
		return usaJobs{c}, nil
	case KindJSONLD:
		return newJSONLD(c)
	case KindRSS:
		return rss{c}, nil
	case KindFile:
		return file{c}, nil
	}
	return nil, fmt.Errorf("source %s: unknown kind %q", c.Name, c.Kind)
}

// getBody fetches url, conditionally when conditional is set, recording
// new validators in the state. notModified is true on 304.
func getBody(ctx context.Context, env Env, req fetch.Request, conditional bool) (body []byte, notModified bool, err error) {
	if conditional {
		v := env.State.Validators(req.URL)
		req.Validators = fetch.Validators{ETag: v.ETag, LastModified: v.LastModified}
	}
	resp, err := env.Client.Do(ctx, req)
	if err != nil {
		return nil, false, err
	}
	if conditional {
		env.State.SetValidators(req.URL, state.Validators{ETag: resp.Validators.ETag, LastModified: resp.Validators.LastModified})
	}
	if resp.NotModified {
		return nil, true, nil
	}
	if resp.LooksLikeHTML() && req.Header.Get("Accept") != "text/html" {
		return nil, false, &Error{Reason: ReasonHTML, Err: fmt.Errorf("%s answered with an HTML page", req.URL)}
	}
	return resp.Body, false, nil
}

// board fetches a job board whose one document lists every job under
// "jobs" (Greenhouse, Ashby), conditionally: unchanged is true on 304.
func board(ctx context.Context, env Env, u, what string) (jobs []json.RawMessage, unchanged bool, err error) {
	body, notModified, err := getBody(ctx, env, fetch.Request{URL: u}, true)
	if err != nil || notModified {
		return nil, notModified, err
	}
	var doc struct {
		Jobs []json.RawMessage `json:"jobs"`
	}
	if err := decodeJSON(body, &doc, what); err != nil {
		forgetValidators(env, u)
		return nil, false, err
	}
	return doc.Jobs, false, nil
}

// forgetValidators drops url's validators, so a body that could not be
// used is fetched in full next time rather than answered with a 304.
func forgetValidators(env Env, url string) { env.State.SetValidators(url, state.Validators{}) }

// decodeJSON decodes a whole body into v, naming truncated and broken JSON.
func decodeJSON(body []byte, v any, what string) error {
	if err := json.Unmarshal(body, v); err != nil {
		return &Error{Reason: ReasonBadJSON, Err: fmt.Errorf("%s: %w", what, err)}
	}
	return nil
}

// itemEntry decodes one list item into v. An item with invalid UTF-8 or
// that does not decode is an Entry with Err, so it reaches the dead-letter
// topic and the other items still count.
func itemEntry(raw json.RawMessage, v any) *Entry {
	if !utf8.Valid(raw) {
		return &Entry{ID: idOf(raw), Raw: bytes.ToValidUTF8(raw, []byte("\uFFFD")),
			Err: &Error{Reason: ReasonInvalidUTF8, Err: errors.New("posting is not valid UTF-8")}}
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return &Entry{ID: idOf(raw), Raw: raw, Err: &Error{Reason: ReasonBadJSON, Err: err}}
	}
	return nil
}

// idOf digs an "id" out of a raw item for a dead letter's key.
func idOf(raw []byte) string {
	var v struct {
		ID any `json:"id"`
	}
	json.Unmarshal(bytes.ToValidUTF8(raw, nil), &v)
	if v.ID == nil {
		return ""
	}
	return fmt.Sprint(v.ID)
}

// entry validates p and wraps it. A posting that fails validation becomes
// a dead letter carrying its JSON.
func entry(env Env, id, mark string, p skillpulse.RawPosting) Entry {
	p.FetchedAt = env.now().Format(time.RFC3339)
	p.Title = strings.TrimSpace(p.Title)
	p.Employer = strings.TrimSpace(p.Employer)
	p.Location = strings.TrimSpace(p.Location)
	if err := p.Validate(); err != nil {
		raw, _ := json.Marshal(p)
		return Entry{ID: id, Mark: mark, Raw: raw, Err: err}
	}
	return Entry{ID: id, Mark: mark, Posting: &p}
}

// unchanged is the entry of a posting whose list mark has not moved since
// it was fetched, and that is still open: it need not be fetched again.
func unchanged(env Env, id, mark string) (Entry, bool) {
	seen, ok := env.State.Get(id)
	if ok && mark != "" && seen.Mark == mark && seen.Closed == "" {
		return Entry{ID: id, Mark: mark}, true
	}
	return Entry{}, false
}

// date converts the many date forms sources use to RFC 3339, or "" when
// it cannot. Epoch milliseconds come as numbers, handled by callers.
func date(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	layouts := []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05.0000000", "2006-01-02T15:04:05.0000", "2006-01-02T15:04:05.000Z0700",
		"2006-01-02T15:04:05", "2006-01-02 15:04:05", time.DateOnly, time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
		"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "January 2, 2006", "01/02/2006"}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

// millis converts epoch milliseconds to RFC 3339.
func millis(ms int64) string {
	if ms <= 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

// workMode maps the many spellings of work arrangements to the domain's.
func workMode(s string) string {
	switch strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(s)) {
	case "remote", "telecommute", "fullyremote":
		return skillpulse.Remote
	case "hybrid":
		return skillpulse.Hybrid
	case "onsite", "inoffice", "inperson":
		return skillpulse.Onsite
	}
	return ""
}

// firstNonEmpty returns the first non-blank string.
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// itoa formats an id that JSON gave as a number.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
