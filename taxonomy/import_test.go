package taxonomy_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/taxonomy"
)

func MustOpen(tb testing.TB, name string) *os.File {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func TestReadONET(t *testing.T) {
	skills, err := taxonomy.ReadONET(MustOpen(t, "testdata/import/onet/technology_skills.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(skills) != 3 {
		t.Fatalf("got %d skills, want 3 distinct examples: %+v", len(skills), skills)
	}
	s := skills[1]
	if s.ID != "onet-acme-widget-pro" || s.Name != "Acme Widget Pro" || s.Kind != skillpulse.Hard || s.ONET != "43232306" {
		t.Errorf("skill = %+v", s)
	}
	if _, err := taxonomy.ReadONET(strings.NewReader("a\tb\n")); err == nil {
		t.Error("a file without an Example column was accepted")
	}
}

func TestReadESCOGzipAndKinds(t *testing.T) {
	raw, err := os.ReadFile("testdata/import/esco/skills.csv")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	skills, err := taxonomy.ReadESCO(&gz)
	if err != nil {
		t.Fatal(err)
	}
	if len(skills) != 3 {
		t.Fatalf("got %d skills, want 3", len(skills))
	}
	if skills[0].Kind != skillpulse.Soft || skills[1].Kind != skillpulse.Hard {
		t.Errorf("kinds = %s, %s; want transversal soft, cross-sector hard", skills[0].Kind, skills[1].Kind)
	}
	if got := skills[0].Aliases; len(got) != 2 || got[0] != "be patient" {
		t.Errorf("newline-separated aliases = %q", got)
	}
	if got := skills[1].Aliases; len(got) != 2 || got[1] != "maintain interfaces" {
		t.Errorf("pipe-separated aliases = %q", got)
	}
}

// TestMergeKeepsTaxonomyValid checks the import rule that keeps `taxonomy
// validate` true for imported files: a form the curated list (or an earlier
// import) owns stays with it.
func TestMergeKeepsTaxonomyValid(t *testing.T) {
	tax := MustDefault(t)
	before := len(tax.Skills)
	onet, err := taxonomy.ReadONET(MustOpen(t, "testdata/import/onet/technology_skills.txt"))
	if err != nil {
		t.Fatal(err)
	}
	esco, err := taxonomy.ReadESCO(MustOpen(t, "testdata/import/esco/skills.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r1 := tax.Merge(onet)
	r2 := tax.Merge(esco)
	if err := tax.Validate(); err != nil {
		t.Fatalf("merged taxonomy invalid: %v", err)
	}
	// "Epic Systems" and "Microsoft Excel" are curated forms: dropped.
	if r1.Added != 1 || r1.DroppedSkills != 2 {
		t.Errorf("onet merge = %+v, want 1 added, 2 dropped", r1)
	}
	// "communication" and "communicate" are curated: that skill is dropped.
	if r2.Added != 2 || r2.DroppedSkills != 1 {
		t.Errorf("esco merge = %+v, want 2 added, 1 dropped", r2)
	}
	if len(tax.Skills) != before+3 {
		t.Errorf("%d skills, want %d", len(tax.Skills), before+3)
	}
	if _, ok := tax.Skill("esco-aaaa-1"); !ok {
		t.Error("imported skill not found by ID")
	}

	// Written and parsed back, it is the same and still valid.
	var buf bytes.Buffer
	if err := tax.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := taxonomy.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := back.Validate(); err != nil {
		t.Fatalf("round trip invalid: %v", err)
	}
	if len(back.Skills) != len(tax.Skills) || len(back.Rules) != len(tax.Rules) {
		t.Errorf("round trip: %d skills %d rules, want %d and %d", len(back.Skills), len(back.Rules), len(tax.Skills), len(tax.Rules))
	}
}
