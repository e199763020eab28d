package skillpulse_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
)

func TestParseRawPostingKeepsUnknownFields(t *testing.T) {
	in := `{"source":"greenhouse","source_id":"42","title":"Epic Analyst","employer":"Lakeshore Health","location":"Austin, TX","posted_at":"2026-10-01","description":"<p>Epic Cadence</p>","remote":true,"salary":{"min":90000}}`
	p, err := skillpulse.ParseRawPosting([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if p.Key() != "greenhouse:42" {
		t.Errorf("Key = %q", p.Key())
	}
	if string(p.Extra["remote"]) != "true" || string(p.Extra["salary"]) != `{"min":90000}` {
		t.Errorf("Extra = %v", p.Extra)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var round map[string]any
	if err := json.Unmarshal(out, &round); err != nil {
		t.Fatalf("re-encoded posting is not JSON: %v: %s", err, out)
	}
	if round["remote"] != true || round["title"] != "Epic Analyst" {
		t.Errorf("round trip lost fields: %s", out)
	}
}

func TestParseRawPostingRejects(t *testing.T) {
	valid := map[string]any{"source": "s", "source_id": "1", "title": "t", "posted_at": "2026-10-01", "description": "d"}
	with := func(k string, v any) string {
		m := map[string]any{}
		for kk, vv := range valid {
			m[kk] = vv
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	tests := []struct{ name, in, want string }{
		{"not json", "<html>", "bad JSON"},
		{"truncated", `{"source":"s"`, "bad JSON"},
		{"trailing", with("source", "s") + "{}", "trailing"},
		{"invalid utf8", "{\"source\":\"\xff\"}", "UTF-8"},
		{"no source", with("source", nil), "source is empty"},
		{"no id", with("source_id", ""), "source_id is empty"},
		{"no title", with("title", " "), "title is empty"},
		{"no description", with("description", nil), "description is empty"},
		{"bad date", with("posted_at", "yesterday"), "posted_at"},
		{"bad fetched", with("fetched_at", "soon"), "fetched_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := skillpulse.ParseRawPosting([]byte(tt.in))
			if !errors.Is(err, skillpulse.ErrInvalidPosting) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrInvalidPosting mentioning %q", err, tt.want)
			}
		})
	}
}

func TestParsePostedAt(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-10-01", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)},
		{"2026-10-01T23:30:00-05:00", time.Date(2026, 10, 2, 4, 30, 0, 0, time.UTC)},
		{" 2026-10-01T08:00:00Z ", time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := skillpulse.ParsePostedAt(tt.in)
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("ParsePostedAt(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestTaggedPostingSkillsCountsOncePerSkill(t *testing.T) {
	tp := skillpulse.TaggedPosting{Mentions: []skillpulse.Mention{
		{SkillID: "sql", Start: 0}, {SkillID: "communication", Start: 10}, {SkillID: "sql", Start: 20},
	}}
	got := tp.Skills()
	if len(got) != 2 || got[0].SkillID != "sql" || got[0].Start != 0 || got[1].SkillID != "communication" {
		t.Errorf("Skills = %+v", got)
	}
}

func FuzzParseRawPosting(f *testing.F) {
	f.Add([]byte(`{"source":"s","source_id":"1","title":"t","posted_at":"2026-10-01","description":"d","x":[1]}`))
	f.Add([]byte(`{"source":"s"`))
	f.Add([]byte("\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := skillpulse.ParseRawPosting(b)
		if err != nil {
			if !errors.Is(err, skillpulse.ErrInvalidPosting) {
				t.Fatalf("error does not wrap ErrInvalidPosting: %v", err)
			}
			return
		}
		// A valid posting survives its own encoding.
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal valid posting: %v", err)
		}
		if _, err := skillpulse.ParseRawPosting(out); err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
	})
}
