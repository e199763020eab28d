package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/skillpulse/skillpulse/ingest"
)

// file reads a file the operator keeps current: JSON lines or CSV of raw
// postings (through ingest's decoder), or JSON-LD JobPostings (an array,
// an object with @graph, or one JSON object per line), any of them
// gzipped. The file is the whole listing: a posting missing from a new
// version is closed. An unchanged file (same content hash) is not re-read.
type file struct{ c Config }

// maxFileBytes bounds a file source's decompressed size.
const maxFileBytes = 1 << 30

func (s file) Fetch(ctx context.Context, env Env) (Result, error) {
	b, err := os.ReadFile(s.c.Path)
	if err != nil {
		return Result{}, &Error{Reason: ReasonFile, Err: err}
	}
	hash := ingest.ContentHash(b)
	if hash == env.State.Cursor() {
		return Result{Unchanged: true}, nil
	}
	if len(b) > 1 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return Result{}, &Error{Reason: ReasonFile, Err: fmt.Errorf("gzip: %w", err)}
		}
		b, err = io.ReadAll(io.LimitReader(zr, maxFileBytes))
		if err != nil {
			return Result{}, &Error{Reason: ReasonFile, Err: fmt.Errorf("gzip: %w", err)}
		}
	}
	format := s.c.Format
	if format == "" {
		format = sniff(s.c.Path, b)
	}
	var res Result
	if format == "jsonld" {
		res, err = s.jsonld(env, b)
	} else {
		res, err = s.records(env, b, ingest.Format(format))
	}
	if err == nil {
		env.State.SetCursor(hash)
	}
	return res, err
}

// sniff picks jsonld when the content is a JSON array or its first object
// names a schema.org @type; otherwise the file name decides.
func sniff(name string, b []byte) string {
	t := bytes.TrimSpace(b)
	if len(t) > 0 && t[0] == '[' {
		return "jsonld"
	}
	first, _, _ := bytes.Cut(t, []byte("\n"))
	if bytes.Contains(first, []byte(`"@type"`)) || bytes.Contains(first, []byte(`"@context"`)) {
		return "jsonld"
	}
	return string(ingest.FormatOf(name))
}

func (s file) records(env Env, b []byte, f ingest.Format) (Result, error) {
	dec, err := ingest.NewDecoder(bytes.NewReader(b), f)
	if err != nil {
		return Result{}, &Error{Reason: ReasonFile, Err: err}
	}
	var res Result
	for {
		rec, err := dec.Next()
		if errors.Is(err, io.EOF) {
			return res, nil
		}
		if err != nil {
			return res, &Error{Reason: ReasonFile, Err: err}
		}
		if rec.Err != nil {
			res.Entries = append(res.Entries, Entry{ID: fmt.Sprintf("%s line %d", s.c.Path, rec.Line), Raw: rec.Raw, Err: rec.Err})
			continue
		}
		p := rec.Posting
		e := entry(env, p.Key(), "", p)
		res.Entries = append(res.Entries, e)
	}
}

func (s file) jsonld(env Env, b []byte) (Result, error) {
	var docs []any
	t := bytes.TrimSpace(b)
	if len(t) > 0 && t[0] == '[' {
		var v any
		if err := json.Unmarshal(t, &v); err != nil {
			return Result{}, &Error{Reason: ReasonBadJSON, Err: fmt.Errorf("%s: %w", s.c.Path, err)}
		}
		docs = append(docs, v)
	} else {
		sc := bufio.NewScanner(bytes.NewReader(t))
		sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			var v any
			if err := json.Unmarshal([]byte(line), &v); err != nil {
				docs = append(docs, badLine{raw: line, err: err})
				continue
			}
			docs = append(docs, v)
		}
		if err := sc.Err(); err != nil {
			return Result{}, &Error{Reason: ReasonFile, Err: err}
		}
	}
	var res Result
	for i, d := range docs {
		if bl, ok := d.(badLine); ok {
			res.Entries = append(res.Entries, Entry{ID: fmt.Sprintf("%s#%d", s.c.Path, i), Raw: []byte(bl.raw), Err: &Error{Reason: ReasonBadJSON, Err: bl.err}})
			continue
		}
		for n, jp := range findJobPostings(d) {
			res.Entries = append(res.Entries, fromJobPosting(env, jp, s.c.Employer, fmt.Sprintf("%s#%d.%d", s.c.Path, i, n), ""))
		}
	}
	return res, nil
}

// badLine is a JSON-LD line that did not parse.
type badLine struct {
	raw string
	err error
}
