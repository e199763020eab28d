package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/extract"
)

// tagInput is one stdin line: either {"id", "text"} or a raw posting.
type tagInput struct {
	ID          json.RawMessage `json:"id"`
	Text        *string         `json:"text"`
	Description *string         `json:"description"`
}

// tagOutput is one stdout line.
type tagOutput struct {
	ID       json.RawMessage      `json:"id"`
	Mentions []skillpulse.Mention `json:"mentions"`
	Error    string               `json:"error,omitempty"`
}

// maxTagLine bounds one input line (16 MiB).
const maxTagLine = 16 << 20

func (m *Main) runTag(ctx context.Context, args []string) error {
	fs := m.flagSet("tag", "< in.jsonl > out.jsonl",
		"Reads JSON lines {\"id\": ..., \"text\": ...} (or raw postings) on stdin and writes one JSON line per input:\n"+
			"{\"id\": ..., \"mentions\": [{\"skill_id\",\"skill\",\"kind\",\"category\",\"start\",\"end\",\"text\"}]}.\n"+
			"start/end are UTF-8 byte offsets into the text; for a raw posting, into its title, a blank line, and its\n"+
			"description as plain text, which is what extract tags (its id is source:source_id). A line that cannot be\n"+
			"read gets {\"id\": ..., \"error\": ...}, the others go on, and the exit status is 1.")
	if err := parse(fs, args); err != nil {
		return err
	}
	tax, tg, err := loadTagger()
	if err != nil {
		return err
	}
	ex := &extract.Extractor{Tagger: tg, TaxonomyVersion: tax.Version}
	sc := bufio.NewScanner(m.Stdin)
	sc.Buffer(make([]byte, 0, 64<<10), maxTagLine)
	out := bufio.NewWriter(m.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	failed := 0
	for line := 1; sc.Scan(); line++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		res := tagLine(b, ex)
		if res.Error != "" {
			failed++
			res.Error = fmt.Sprintf("line %d: %s", line, res.Error)
		}
		if err := enc.Encode(res); err != nil {
			return fmt.Errorf("tag: write: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("tag: an input line is longer than %d bytes", maxTagLine)
		}
		return fmt.Errorf("tag: read: %w", err)
	}
	if failed > 0 {
		out.Flush()
		return fmt.Errorf("tag: %d lines could not be read", failed)
	}
	return nil
}

func tagLine(b []byte, ex *extract.Extractor) tagOutput {
	var in tagInput
	if err := json.Unmarshal(b, &in); err != nil {
		return tagOutput{ID: json.RawMessage("null"), Mentions: []skillpulse.Mention{}, Error: "bad JSON: " + err.Error()}
	}
	id := in.ID
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	switch {
	case in.Text != nil:
		return tagOutput{ID: id, Mentions: nonNil(ex.Tagger.Tag(*in.Text))}
	case in.Description != nil:
		p, err := skillpulse.ParseRawPosting(b)
		if err != nil {
			return tagOutput{ID: id, Mentions: []skillpulse.Mention{}, Error: err.Error()}
		}
		tp := ex.Extract(p)
		if len(in.ID) == 0 {
			id, _ = json.Marshal(p.Key())
		}
		return tagOutput{ID: id, Mentions: tp.Mentions}
	}
	return tagOutput{ID: id, Mentions: []skillpulse.Mention{}, Error: `want a "text" field or a raw posting`}
}

func nonNil(m []skillpulse.Mention) []skillpulse.Mention {
	if m == nil {
		return []skillpulse.Mention{}
	}
	return m
}
