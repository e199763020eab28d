package sampledata_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/sampledata"
)

// MustPostings parses every line of the bundled file with the pipeline's own
// parser and fails the test on the first line that does not validate.
func MustPostings(tb testing.TB) []skillpulse.RawPosting {
	tb.Helper()
	var ps []skillpulse.RawPosting
	sc := bufio.NewScanner(sampledata.Postings())
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		p, err := skillpulse.ParseRawPosting(sc.Bytes())
		if err != nil {
			tb.Fatalf("%s line %d: %v", sampledata.File, n, err)
		}
		ps = append(ps, p)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read %s: %v", sampledata.File, err)
	}
	return ps
}

// MustDuplicates returns the planted duplicate groups.
func MustDuplicates(tb testing.TB) []sampledata.DuplicateGroup {
	tb.Helper()
	gs, err := sampledata.Duplicates()
	if err != nil {
		tb.Fatal(err)
	}
	return gs
}

func TestPostingsParseAndAreEnough(t *testing.T) {
	ps := MustPostings(t)
	if len(ps) < 240 {
		t.Errorf("%d postings, want at least 240", len(ps))
	}
	for _, p := range ps {
		if len(p.Extra) != 0 {
			t.Errorf("%s: unexpected extra fields %v", p.Key(), p.Extra)
		}
		if p.Employer == "" || p.Location == "" || p.FetchedAt == "" {
			t.Errorf("%s: employer, location or fetched_at empty", p.Key())
		}
		if !strings.HasPrefix(p.URL, "https://") || !strings.Contains(p.URL, ".example.com/") {
			t.Errorf("%s: url %q is not a fictional https://...example.com/ address", p.Key(), p.URL)
		}
	}
}

func TestPostingsReaderIsFresh(t *testing.T) {
	a, err := io.ReadAll(sampledata.Postings())
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(sampledata.Postings())
	if err != nil {
		t.Fatal(err)
	}
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatalf("two readers gave %d and %d bytes, want the same non-empty file", len(a), len(b))
	}
	if !bytes.HasSuffix(a, []byte("\n")) {
		t.Error("file does not end with a newline")
	}
}

func TestPostingsKeysAreUnique(t *testing.T) {
	seen := make(map[string]bool)
	for _, p := range MustPostings(t) {
		if seen[p.Key()] {
			t.Errorf("duplicate (source, source_id) %s", p.Key())
		}
		seen[p.Key()] = true
	}
}

func TestPostingsDates(t *testing.T) {
	first := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC) // exclusive
	months := make(map[time.Month]int)
	var rfc, dateOnly int
	for _, p := range MustPostings(t) {
		at, err := skillpulse.ParsePostedAt(p.PostedAt)
		if err != nil {
			t.Fatalf("%s: %v", p.Key(), err)
		}
		if at.Before(first) || !at.Before(end) {
			t.Errorf("%s: posted_at %s outside 2026-05-01..2026-11-20", p.Key(), p.PostedAt)
		}
		fetched, err := skillpulse.ParsePostedAt(p.FetchedAt)
		if err != nil {
			t.Fatalf("%s: fetched_at: %v", p.Key(), err)
		}
		if fetched.Before(at) {
			t.Errorf("%s: fetched_at %s before posted_at %s", p.Key(), p.FetchedAt, p.PostedAt)
		}
		months[at.Month()]++
		if len(p.PostedAt) == len(time.DateOnly) {
			dateOnly++
		} else {
			rfc++
		}
	}
	if len(months) < 6 {
		t.Errorf("postings fall in %d months, want at least 6: %v", len(months), months)
	}
	if rfc == 0 || dateOnly == 0 {
		t.Errorf("posted_at formats: %d RFC 3339, %d YYYY-MM-DD; want both", rfc, dateOnly)
	}
}

// checkHTML reports the first reason s is not well-formed description HTML.
// The only markup allowed is bare p, ul, li and strong tags, as ATS content
// has them.
func checkHTML(s string) error {
	tag := regexp.MustCompile(`<(/?)([a-z]+)>`)
	allowed := map[string]bool{"p": true, "ul": true, "li": true, "strong": true}
	var stack []string
	for _, m := range tag.FindAllStringSubmatch(s, -1) {
		name := m[2]
		if !allowed[name] {
			return fmt.Errorf("unexpected tag <%s>", name)
		}
		if m[1] == "" {
			stack = append(stack, name)
			continue
		}
		if len(stack) == 0 || stack[len(stack)-1] != name {
			return fmt.Errorf("</%s> closes %v", name, stack)
		}
		stack = stack[:len(stack)-1]
	}
	if len(stack) != 0 {
		return fmt.Errorf("unclosed %v", stack)
	}
	if text := tag.ReplaceAllString(s, ""); strings.ContainsAny(text, "<>") {
		return fmt.Errorf("stray angle bracket in text")
	}
	return nil
}

func TestCheckHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"paragraph and list", "<p><strong>A</strong></p><ul><li>b &amp; c</li></ul>", true},
		{"unclosed", "<p>a", false},
		{"crossed", "<p><strong>a</p></strong>", false},
		{"other tag", "<div>a</div>", false},
		{"stray bracket", "<p>a < b</p>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := checkHTML(tt.in); (err == nil) != tt.ok {
				t.Errorf("checkHTML(%q) = %v, want ok=%v", tt.in, err, tt.ok)
			}
		})
	}
}

func TestDescriptionsAreHTML(t *testing.T) {
	for _, p := range MustPostings(t) {
		d := p.Description
		if n := len(d); n < 1500 || n > 5000 {
			t.Errorf("%s: description is %d bytes, want 1.5-5 KB", p.Key(), n)
		}
		if !strings.HasPrefix(d, "<p>") || !strings.Contains(d, "<ul><li>") || !strings.Contains(d, "<strong>") {
			t.Errorf("%s: description lacks paragraphs, a list or headings", p.Key())
		}
		if strings.ContainsAny(d+p.Title, "{}") {
			t.Errorf("%s: a template placeholder was left unfilled", p.Key())
		}
		if err := checkHTML(d); err != nil {
			t.Errorf("%s: %v", p.Key(), err)
		}
	}
}

func TestPostingsVariety(t *testing.T) {
	employers := make(map[string]bool)
	sources := make(map[string]bool)
	titles := make(map[string]bool)
	var remote, hybrid, onsite int
	for _, p := range MustPostings(t) {
		employers[p.Employer] = true
		sources[p.Source] = true
		titles[p.Title] = true
		switch {
		case strings.Contains(p.Location, "Remote"):
			remote++
		case strings.Contains(p.Location, "Hybrid"):
			hybrid++
		default:
			onsite++
		}
	}
	if len(employers) < 35 {
		t.Errorf("%d employers, want at least 35", len(employers))
	}
	for _, s := range []string{"greenhouse", "lever", "workday", "usajobs-sample", "careers-site"} {
		if !sources[s] {
			t.Errorf("no posting from source %q", s)
		}
	}
	if len(titles) < 60 {
		t.Errorf("%d distinct titles, want at least 60", len(titles))
	}
	if remote == 0 || hybrid == 0 || onsite == 0 {
		t.Errorf("locations: %d remote, %d hybrid, %d on site; want all three", remote, hybrid, onsite)
	}
}

// share is the fraction of postings whose description matches re.
func share(ps []skillpulse.RawPosting, re *regexp.Regexp) float64 {
	if len(ps) == 0 {
		return 0
	}
	n := 0
	for _, p := range ps {
		if re.MatchString(p.Description) {
			n++
		}
	}
	return float64(n) / float64(len(ps))
}

// TestSkillFrequencies checks that frequencies look like a real market:
// communication in most postings, common hard skills in many, niche Epic
// modules in few.
func TestSkillFrequencies(t *testing.T) {
	ps := MustPostings(t)
	tests := []struct {
		name     string
		re       string
		min, max float64
	}{
		{"communication in most", `(?i)communicat`, 0.5, 0.9},
		{"problem solving common", `(?i)problem[- ]solving|troubleshoot complex`, 0.25, 0.7},
		{"attention to detail", `(?i)attention to detail|detail-oriented`, 0.15, 0.5},
		{"mentoring rare", `(?i)mentor`, 0.01, 0.15},
		{"SQL common", `\bSQL\b`, 0.25, 0.7},
		{"HL7 common", `\bHL7\b`, 0.15, 0.6},
		{"HIPAA common", `\bHIPAA\b`, 0.2, 0.7},
		{"Epic ClinDoc niche", `\bClinDoc\b`, 0.02, 0.2},
		{"Epic Beaker rare", `\bBeaker\b`, 0.001, 0.05},
		{"X12 837 or 835", `\b83[57]\b`, 0.03, 0.3},
		{"RN license", `RN license`, 0.02, 0.2},
		{"ICD-10", `ICD-10`, 0.05, 0.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s := share(ps, regexp.MustCompile(tt.re)); s < tt.min || s > tt.max {
				t.Errorf("share of %s = %.3f, want %.2f..%.2f", tt.re, s, tt.min, tt.max)
			}
		})
	}
}

// TestRisingSkills checks the planted trends: FHIR and AI/ML skills are
// asked for more often in the last months than in the first.
func TestRisingSkills(t *testing.T) {
	var early, late []skillpulse.RawPosting
	for _, p := range MustPostings(t) {
		at, _ := skillpulse.ParsePostedAt(p.PostedAt)
		switch {
		case at.Before(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)):
			early = append(early, p)
		case !at.Before(time.Date(2026, 9, 20, 0, 0, 0, 0, time.UTC)):
			late = append(late, p)
		}
	}
	tests := []struct {
		name string
		re   string
	}{
		{"FHIR", `\bFHIR\b`},
		{"AI and machine learning", `(?i)machine learning|generative AI|\bLLMs?\b|large language model|\bAI\b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re := regexp.MustCompile(tt.re)
			e, l := share(early, re), share(late, re)
			if l < e+0.08 {
				t.Errorf("share May-June %.3f, late Sept-Nov %.3f: want a rise of at least 0.08", e, l)
			}
		})
	}
}

// TestTrapsArePresent checks that the phrases a good tagger must not count
// are in the data, so tagger tests on it mean something.
func TestTrapsArePresent(t *testing.T) {
	ps := MustPostings(t)
	for _, trap := range []string{"excel in a fast-paced environment", "our leadership team", "join our team", "epic opportunity"} {
		t.Run(trap, func(t *testing.T) {
			if share(ps, regexp.MustCompile(`(?i)`+regexp.QuoteMeta(trap))) == 0 {
				t.Errorf("no posting contains %q", trap)
			}
		})
	}
}

func TestDuplicates(t *testing.T) {
	ps := MustPostings(t)
	byKey := make(map[string]skillpulse.RawPosting, len(ps))
	for _, p := range ps {
		byKey[p.Key()] = p
	}
	gs := MustDuplicates(t)
	inGroup := make(map[string]bool)
	copies := 0
	kinds := make(map[string]int)
	for i, g := range gs {
		kinds[g.Kind]++
		if len(g.Keys) < 2 {
			t.Errorf("group %d has %d keys, want at least 2", i, len(g.Keys))
			continue
		}
		copies += len(g.Keys) - 1
		orig, ok := byKey[g.Keys[0]]
		if !ok {
			t.Errorf("group %d: original %s is not in %s", i, g.Keys[0], sampledata.File)
			continue
		}
		origAt, _ := skillpulse.ParsePostedAt(orig.PostedAt)
		sources := map[string]bool{orig.Source: true}
		for _, k := range g.Keys {
			if inGroup[k] {
				t.Errorf("%s is in more than one group", k)
			}
			inGroup[k] = true
		}
		for _, k := range g.Keys[1:] {
			c, ok := byKey[k]
			if !ok {
				t.Errorf("group %d: copy %s is not in %s", i, k, sampledata.File)
				continue
			}
			if c.Employer != orig.Employer || c.Location != orig.Location {
				t.Errorf("group %d: %s (%s, %s) differs in employer or location from %s", i, k, c.Employer, c.Location, g.Keys[0])
			}
			at, _ := skillpulse.ParsePostedAt(c.PostedAt)
			if at.Before(origAt.AddDate(0, 0, -1)) || at.After(origAt.AddDate(0, 0, 16)) {
				t.Errorf("group %d: copy %s posted %s, original %s: want within days", i, k, c.PostedAt, orig.PostedAt)
			}
			sources[c.Source] = true
		}
		switch g.Kind {
		case "repost":
			if len(sources) != 1 {
				t.Errorf("group %d: a repost spans sources %v", i, sources)
			}
		case "syndicated", "both":
			if len(sources) < 2 {
				t.Errorf("group %d: a %s group stays on one source", i, g.Kind)
			}
		default:
			t.Errorf("group %d: unknown kind %q", i, g.Kind)
		}
	}
	if r := float64(copies) / float64(len(ps)); r < 0.05 || r > 0.12 {
		t.Errorf("planted copies are %.3f of the postings, want about 8%%", r)
	}
	if len(kinds) < 3 {
		t.Errorf("duplicate kinds %v, want repost, syndicated and both", kinds)
	}
}

// TestNothingRevealsDuplicates checks that a deduper has to work: no field
// or phrase marks a posting as a copy.
func TestNothingRevealsDuplicates(t *testing.T) {
	re := regexp.MustCompile(`(?i)duplicate|repost|syndicat|previously posted`)
	for _, p := range MustPostings(t) {
		for _, f := range []string{p.Title, p.Description, p.URL} {
			if re.MatchString(f) {
				t.Errorf("%s: %q gives the duplicate away", p.Key(), re.FindString(f))
			}
		}
	}
}
