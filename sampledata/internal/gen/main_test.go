package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// MustRun runs the generator with args and fails the test if it fails.
func MustRun(tb testing.TB, args ...string) {
	tb.Helper()
	if err := run(args, io.Discard); err != nil {
		tb.Fatalf("gen %v: %v", args, err)
	}
}

// MustRead returns the contents of a file.
func MustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestCommittedDataMatchesGenerator regenerates the sample data with the
// default flags and compares it byte for byte with the committed files, so
// the data never drifts from its generator. After changing the generator,
// run: go run ./sampledata/internal/gen -out sampledata/postings.jsonl
func TestCommittedDataMatchesGenerator(t *testing.T) {
	dir := t.TempDir()
	MustRun(t, "-out", filepath.Join(dir, "postings.jsonl"))
	for _, name := range []string{"postings.jsonl", "duplicates.json"} {
		t.Run(name, func(t *testing.T) {
			got := MustRead(t, filepath.Join(dir, name))
			want := MustRead(t, filepath.Join("..", "..", name))
			if !bytes.Equal(got, want) {
				t.Errorf("generated %s (%d bytes) differs from the committed one (%d bytes); regenerate it", name, len(got), len(want))
			}
		})
	}
}

func TestSeedChangesOutput(t *testing.T) {
	dir := t.TempDir()
	MustRun(t, "-seed", "1", "-jobs", "40", "-groups", "4", "-out", filepath.Join(dir, "a.jsonl"), "-dups", filepath.Join(dir, "a.json"))
	MustRun(t, "-seed", "1", "-jobs", "40", "-groups", "4", "-out", filepath.Join(dir, "b.jsonl"), "-dups", filepath.Join(dir, "b.json"))
	MustRun(t, "-seed", "2", "-jobs", "40", "-groups", "4", "-out", filepath.Join(dir, "c.jsonl"), "-dups", filepath.Join(dir, "c.json"))
	a, b, c := MustRead(t, filepath.Join(dir, "a.jsonl")), MustRead(t, filepath.Join(dir, "b.jsonl")), MustRead(t, filepath.Join(dir, "c.jsonl"))
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different output")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds gave the same output")
	}
	var groups []dupGroup
	if err := json.Unmarshal(MustRead(t, filepath.Join(dir, "a.json")), &groups); err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, g := range groups {
		copies += len(g.Keys) - 1
	}
	if len(groups) != 4 || copies < 4 {
		t.Errorf("-groups 4 gave %d groups with %d copies", len(groups), copies)
	}
	if n := bytes.Count(a, []byte("\n")); n != 40+copies {
		t.Errorf("40 jobs with %d planted copies gave %d lines, want %d", copies, n, 40+copies)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
	}{
		{"no jobs", []string{"-jobs", "0"}},
		{"more groups than jobs", []string{"-jobs", "3", "-groups", "5"}},
		{"unknown flag", []string{"-nope"}},
		{"unwritable output", []string{"-out", filepath.Join(dir, "missing", "p.jsonl")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"-out", filepath.Join(dir, "p.jsonl")}, tt.args...)
			if err := run(args, io.Discard); err == nil {
				t.Errorf("gen %v succeeded, want an error", tt.args)
			}
		})
	}
}
