package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse"
)

func TestTagCommand(t *testing.T) {
	in := strings.Join([]string{
		`{"id": 1, "text": "Épic résumé: we need SQL and strong communication skills."}`,
		`{"id": "p2", "text": "Nothing to see here."}`,
		`{"source":"lever","source_id":"9","title":"HL7 Analyst","posted_at":"2026-10-01","description":"<p>Mirth &amp; FHIR</p>"}`,
		`not json`,
	}, "\n")
	var out bytes.Buffer
	m := &Main{Stdin: strings.NewReader(in), Stdout: &out, Stderr: testLogWriter{t}, Getenv: func(string) string { return "" }}
	err := m.Run(context.Background(), []string{"tag"})
	if err == nil || !strings.Contains(err.Error(), "1 lines could not be read") {
		t.Errorf("err = %v, want a count of unreadable lines", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d output lines for 4 inputs:\n%s", len(lines), out.String())
	}
	type result struct {
		ID       any                  `json:"id"`
		Mentions []skillpulse.Mention `json:"mentions"`
		Error    string               `json:"error"`
	}
	var rs []result
	for _, l := range lines {
		var r result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("output line is not JSON: %s", l)
		}
		rs = append(rs, r)
	}
	text := "Épic résumé: we need SQL and strong communication skills."
	ids := map[string]bool{}
	for _, m := range rs[0].Mentions {
		ids[m.SkillID] = true
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mention %+v: text[%d:%d] = %q", m, m.Start, m.End, text[m.Start:m.End])
		}
	}
	if rs[0].ID != float64(1) || !ids["sql"] || !ids["communication"] || len(ids) != 2 {
		t.Errorf("line 1 = %+v", rs[0])
	}
	if rs[1].ID != "p2" || len(rs[1].Mentions) != 0 || rs[1].Error != "" {
		t.Errorf("line 2 = %+v", rs[1])
	}
	posting := map[string]bool{}
	for _, m := range rs[2].Mentions {
		posting[m.SkillID] = true
	}
	if rs[2].ID != "lever:9" || !posting["hl7-v2"] || !posting["mirth-connect"] || !posting["fhir"] {
		t.Errorf("raw posting line = %+v", rs[2])
	}
	if !strings.Contains(rs[3].Error, "line 4") {
		t.Errorf("bad line = %+v", rs[3])
	}
}

func TestUsageAndHelp(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr func(error) bool
	}{
		{"no command", nil, func(err error) bool { var u usageError; return errors.As(err, &u) }},
		{"unknown command", []string{"frobnicate"}, func(err error) bool { var u usageError; return errors.As(err, &u) }},
		{"help", []string{"--help"}, func(err error) bool { return err == nil }},
		{"command help", []string{"top", "--help"}, func(err error) bool { return errors.Is(err, flag.ErrHelp) }},
		{"bad flag", []string{"top", "--kind", "medium"}, func(err error) bool {
			var u usageError
			return errors.As(err, &u) && strings.Contains(err.Error(), "soft or hard")
		}},
		{"import without files", []string{"import"}, func(err error) bool { var u usageError; return errors.As(err, &u) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			m := &Main{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr, Getenv: func(string) string { return "" }}
			err := m.Run(context.Background(), tt.args)
			if !tt.wantErr(err) {
				t.Errorf("err = %v", err)
			}
			if tt.name != "bad flag" && stderr.Len() == 0 {
				t.Error("printed no usage")
			}
		})
	}
}

func TestTaxonomyCommand(t *testing.T) {
	for _, sub := range []string{"validate", "stats", "terms"} {
		t.Run(sub, func(t *testing.T) {
			var out bytes.Buffer
			m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: testLogWriter{t}, Getenv: func(string) string { return "" }}
			if err := m.Run(context.Background(), []string{"taxonomy", sub}); err != nil {
				t.Fatal(err)
			}
			switch sub {
			case "validate":
				if !strings.Contains(out.String(), "is valid") {
					t.Errorf("validate printed %q", out.String())
				}
			case "terms":
				terms := strings.Split(strings.TrimSpace(out.String()), "\n")
				if len(terms) < 500 || !slices.Contains(terms, "fhir") || !slices.Contains(terms, "sql") {
					t.Errorf("terms: %d lines", len(terms))
				}
			case "stats":
				if !strings.Contains(out.String(), "soft") || !strings.Contains(out.String(), "ehr_module") {
					t.Errorf("stats printed %q", out.String())
				}
			}
		})
	}
}
