package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/eval"
	"github.com/skillpulse/skillpulse/tagger"
	"github.com/skillpulse/skillpulse/taxonomy"
)

// MustRunMain runs the skillpulse command line in-process with args and
// returns what it printed on stdout; it fails the test on an error.
func MustRunMain(tb testing.TB, args ...string) string {
	tb.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	if err := m.Run(context.Background(), args); err != nil {
		tb.Fatalf("skillpulse %s: %v\nstderr:\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

// MustEvalRows scores the named built-in set with the embedded taxonomy
// through the eval package directly: what the command must print.
func MustEvalRows(tb testing.TB, name string) []eval.Row {
	tb.Helper()
	return mustEvalRows(tb, name, false)
}

// mustEvalRows is MustEvalRows, with byteExact dropping the sentences'
// tokens as `eval --bytes` does.
func mustEvalRows(tb testing.TB, name string, byteExact bool) []eval.Row {
	tb.Helper()
	tg, _, err := tagger.Default()
	if err != nil {
		tb.Fatal(err)
	}
	for _, set := range eval.Sets() {
		if set.Name != name {
			continue
		}
		sents, err := set.Load()
		if err != nil {
			tb.Fatal(err)
		}
		if byteExact {
			for i := range sents {
				sents[i].Tokens = nil
			}
		}
		return eval.Rows([]eval.Result{eval.Score(set.Name, tg, sents, set.Layers)})
	}
	tb.Fatalf("no eval set %q", name)
	return nil
}

// TestEvalCommand checks that `skillpulse eval` prints, as a table and as
// JSON, exactly the figures the eval package computes for the same set.
func TestEvalCommand(t *testing.T) {
	const set = "healthit" // the smallest built-in set
	want := MustEvalRows(t, set)
	if len(want) != 2 {
		t.Fatalf("eval package gave %d rows for %s, want hard and soft", len(want), set)
	}

	t.Run("table", func(t *testing.T) {
		out := MustRunMain(t, "eval", "--set", set)
		var got [][]string
		for _, line := range strings.Split(out, "\n") {
			if !strings.HasPrefix(line, "| "+set+" |") {
				continue
			}
			var cells []string
			for _, c := range strings.Split(strings.Trim(line, "| "), "|") {
				cells = append(cells, strings.TrimSpace(c))
			}
			got = append(got, cells)
		}
		if len(got) != len(want) {
			t.Fatalf("printed %d %s rows, want %d:\n%s", len(got), set, len(want), out)
		}
		for i, w := range want {
			cells := got[i]
			if len(cells) != 10 {
				t.Fatalf("row %d has %d cells: %q", i, len(cells), cells)
			}
			if cells[1] != w.Layer {
				t.Errorf("row %d layer = %q, want %q", i, cells[1], w.Layer)
			}
			ints := []int{w.Counts.Gold, w.Counts.Pred}
			for k, n := range ints {
				if v, err := strconv.Atoi(cells[2+k]); err != nil || v != n {
					t.Errorf("row %s cell %d = %q, want %d", w.Layer, 2+k, cells[2+k], n)
				}
			}
			floats := []float64{w.Exact.P, w.Exact.R, w.Exact.F1, w.Overlap.P, w.Overlap.R, w.Overlap.F1}
			for k, f := range floats {
				v, err := strconv.ParseFloat(cells[4+k], 64)
				if err != nil || strconv.FormatFloat(v, 'f', 3, 64) != strconv.FormatFloat(f, 'f', 3, 64) {
					t.Errorf("row %s cell %d = %q, want %.3f", w.Layer, 4+k, cells[4+k], f)
				}
			}
		}
	})

	t.Run("json", func(t *testing.T) {
		out := MustRunMain(t, "eval", "--set", set, "--json")
		var got []eval.Row
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("--json output is not rows: %v\n%s", err, out)
		}
		if !slices.Equal(got, want) {
			t.Errorf("--json rows = %+v\nwant %+v", got, want)
		}
	})

	t.Run("errors", func(t *testing.T) {
		out := MustRunMain(t, "eval", "--set", set, "--errors", "3")
		for _, l := range []string{"hard", "soft"} {
			for _, what := range []string{"false positives:", "misses:"} {
				if h := set + " " + l + " " + what; !strings.Contains(out, h) {
					t.Errorf("--errors output lacks %q", h)
				}
			}
		}
	})
}

// TestEvalBytesFlag checks that a token-labelled set is scored on its
// tokens by default and on byte offsets with --bytes, each exactly as the
// eval package computes it, and that the two differ on SkillSpan (whose
// tokens carry punctuation such as "Docker)").
func TestEvalBytesFlag(t *testing.T) {
	const set = "skillspan-dev"
	rows := func(args ...string) []eval.Row {
		out := MustRunMain(t, append([]string{"eval", "--set", set, "--json"}, args...)...)
		var got []eval.Row
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("--json output is not rows: %v\n%s", err, out)
		}
		return got
	}
	tokens, byteExact := rows(), rows("--bytes")
	if want := mustEvalRows(t, set, false); !slices.Equal(tokens, want) {
		t.Errorf("token-level rows = %+v\nwant %+v", tokens, want)
	}
	if want := mustEvalRows(t, set, true); !slices.Equal(byteExact, want) {
		t.Errorf("--bytes rows = %+v\nwant %+v", byteExact, want)
	}
	if tokens[0].Counts.ExactGold <= byteExact[0].Counts.ExactGold {
		t.Errorf("token-level %s exact hits %d, byte-level %d: want more on tokens", tokens[0].Layer,
			tokens[0].Counts.ExactGold, byteExact[0].Counts.ExactGold)
	}
}

// TestEvalUnmatchedFlag checks that `eval --unmatched` prints one
// tab-separated line per prediction touching no label and per label no
// prediction touches: as many lines as the overlap counts leave out.
func TestEvalUnmatchedFlag(t *testing.T) {
	const set = "healthit"
	out := MustRunMain(t, "eval", "--set", set, "--unmatched")
	falsePos, misses := map[string]int{}, map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 6 || f[0] != set || !strings.Contains(f[5], "[["+f[3]+"]]") {
			t.Fatalf("line %q: want set, layer, kind, text, skill, context with [[text]]", line)
		}
		switch {
		case f[2] == "false-positive" && f[4] != "-" && f[4] != "":
			falsePos[f[1]]++
		case f[2] == "miss" && f[4] == "-":
			misses[f[1]]++
		default:
			t.Fatalf("line %q: want a false-positive with its skill or a miss", line)
		}
	}
	for _, row := range mustEvalRows(t, set, false) {
		c := row.Counts
		if falsePos[row.Layer] != c.Pred-c.OverlapPred || misses[row.Layer] != c.Gold-c.OverlapGold {
			t.Errorf("%s: %d false positives and %d misses listed, counts %+v", row.Layer, falsePos[row.Layer], misses[row.Layer], c)
		}
	}
}

// TestEvalLabelsFrom checks that `eval --labels-from` scores one labelling
// of a set's texts against another (set F's second labeller against its
// writer), matching eval.Score with eval.Labels as the tagger, and refuses
// a set whose texts the labelling does not hold.
func TestEvalLabelsFrom(t *testing.T) {
	out := MustRunMain(t, "eval", "--set", "healthit-blind-f", "--labels-from", "healthit-blind-f2", "--json")
	var got []eval.Row
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("--json output is not rows: %v\n%s", err, out)
	}
	load := func(name string) ([]eval.Sentence, []eval.Layer) {
		set, ok := findSet(name)
		if !ok {
			t.Fatalf("no set %s", name)
		}
		sents, err := set.Load()
		if err != nil {
			t.Fatal(err)
		}
		return sents, set.Layers
	}
	second, layers := load("healthit-blind-f2")
	labels, err := eval.NewLabels(second, layers)
	if err != nil {
		t.Fatal(err)
	}
	first, layers := load("healthit-blind-f")
	want := eval.Rows([]eval.Result{eval.Score("healthit-blind-f", labels, first, layers)})
	if !slices.Equal(got, want) {
		t.Errorf("rows = %+v\nwant %+v", got, want)
	}
	for _, r := range got {
		if c := r.Counts; c.OverlapGold == 0 || c.OverlapPred == c.Pred && c.OverlapGold == c.Gold {
			t.Errorf("%s: counts %+v: two labellers should overlap a lot and not perfectly", r.Layer, c)
		}
	}
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	if err := m.Run(context.Background(), []string{"eval", "--set", "healthit-blind-a", "--labels-from", "healthit-blind-f2"}); err == nil ||
		!strings.Contains(err.Error(), "does not label the texts of set healthit-blind-a") {
		t.Errorf("labels of other texts: err = %v", err)
	}
}

// benchRow is one parsed row of the `skillpulse bench` table.
type benchRow struct {
	label, version                       string
	skills, terms                        int
	mbps, cpuMBps, allocs, rssMB, buildS float64
	minMax, rg, ratio                    string
}

func parseBenchRows(tb testing.TB, out string) map[string]benchRow {
	tb.Helper()
	rows := map[string]benchRow{}
	header := false
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "taxonomy" {
			header = true
			continue
		}
		if !header {
			continue
		}
		if len(f) == 0 {
			break // the table ends at the first blank line
		}
		if len(f) != 12 {
			tb.Fatalf("bench row has %d fields, want 12: %q", len(f), line)
		}
		num := func(s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				tb.Fatalf("bench field %q in %q: %v", s, line, err)
			}
			return v
		}
		r := benchRow{label: f[0], version: f[1], minMax: f[5], rg: f[10], ratio: f[11]}
		r.skills, r.terms = int(num(f[2])), int(num(f[3]))
		r.mbps, r.cpuMBps, r.allocs, r.rssMB, r.buildS = num(f[4]), num(f[6]), num(f[7]), num(f[8]), num(f[9])
		rows[r.label] = r
	}
	return rows
}

// TestBenchCommand runs a tiny `skillpulse bench` and checks that every
// figure is present and positive. It never asserts a speed.
func TestBenchCommand(t *testing.T) {
	tg, tax, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	wide := filepath.Join(dir, "wide.yaml")
	MustRunMain(t, "taxonomy", "import", "--onet", "testdata/taxonomy-import/small/technology_skills.txt", "--out", wide)
	corpus := filepath.Join(dir, "corpus.jsonl")
	lines := []string{
		`{"source":"lever","source_id":"1","title":"Epic Analyst","posted_at":"2026-10-01","description":"<p>Epic Cadence, SQL and HL7 v2. Strong communication skills.</p>"}`,
		`{"source":"lever","source_id":"2","title":"Data Engineer","posted_at":"2026-10-02","description":"<p>Python, Acme Widget Pro and FHIR.</p>"}`,
	}
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		args   []string
		labels []string
		rg     bool
	}{
		{"sample corpus", []string{"--rg", ""}, []string{"embedded"}, false},
		{"wide and ripgrep", []string{"--corpus", corpus, "--wide", wide, "--rg-mb", "0"}, []string{"embedded", "wide"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.rg {
				if _, err := exec.LookPath("rg"); err != nil {
					t.Skip("ripgrep not installed")
				}
			}
			args := append([]string{"bench", "--runs", "2", "--min-time", "10ms"}, tt.args...)
			out := MustRunMain(t, args...)
			if !strings.HasPrefix(out, "corpus: ") || !strings.Contains(out, "peak RSS of this process") {
				t.Errorf("bench output lacks the corpus or peak RSS line:\n%s", out)
			}
			rows := parseBenchRows(t, out)
			if len(rows) != len(tt.labels) {
				t.Fatalf("got rows %v, want %v:\n%s", rows, tt.labels, out)
			}
			for _, l := range tt.labels {
				r, ok := rows[l]
				if !ok {
					t.Fatalf("no %s row:\n%s", l, out)
				}
				if r.version == "" || r.skills <= 0 || r.terms <= 0 || r.mbps <= 0 || r.cpuMBps <= 0 ||
					r.allocs <= 0 || r.rssMB <= 0 || r.buildS < 0 || !strings.HasPrefix(r.minMax, "(") {
					t.Errorf("%s row has a missing or non-positive figure: %+v", l, r)
				}
				if tt.rg {
					if v, err := strconv.ParseFloat(r.rg, 64); err != nil || v <= 0 || !strings.HasSuffix(r.ratio, "x") {
						t.Errorf("%s ripgrep columns = %q %q", l, r.rg, r.ratio)
					}
				} else if r.rg != "-" || r.ratio != "-" {
					t.Errorf("%s ripgrep columns = %q %q without rg", l, r.rg, r.ratio)
				}
			}
			if e := rows["embedded"]; e.skills != len(tax.Skills) || e.terms != len(tg.Terms()) {
				t.Errorf("embedded row counts %d skills, %d terms; the taxonomy has %d, %d", e.skills, e.terms, len(tax.Skills), len(tg.Terms()))
			}
			if w, ok := rows["wide"]; ok && (w.skills <= len(tax.Skills) || !strings.HasSuffix(w.version, "+import")) {
				t.Errorf("wide row = %+v, want more skills than the embedded %d and an +import version", w, len(tax.Skills))
			}
		})
	}
}

// TestTaxonomyImportCommand imports a small O*NET and ESCO export and checks
// that `taxonomy validate --file` accepts the result and that it holds the
// imported skills, minus the forms the curated taxonomy already claims.
func TestTaxonomyImportCommand(t *testing.T) {
	const in = "testdata/taxonomy-import/small/"
	out := filepath.Join(t.TempDir(), "wide.yaml")
	MustRunMain(t, "taxonomy", "import", "--onet", in+"technology_skills.txt", "--esco", in+"skills.csv", "--out", out)

	if got := MustRunMain(t, "taxonomy", "validate", "--file", out); !strings.Contains(got, "is valid") {
		t.Errorf("validate --file printed %q", got)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wide, err := taxonomy.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	base, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(wide.Version, "+import") {
		t.Errorf("version = %q, want the base version +import", wide.Version)
	}

	tests := []struct {
		name, id string
		present  bool
		kind     skillpulse.Kind
		code     func(skillpulse.Skill) string
		wantCode string
	}{
		{"onet product", "onet-acme-widget-pro", true, skillpulse.Hard, func(s skillpulse.Skill) string { return s.ONET }, "43232306"},
		{"second onet product", "onet-zorblax-charting-suite", true, skillpulse.Hard, func(s skillpulse.Skill) string { return s.ONET }, "43232304"},
		{"esco transversal is soft", "esco-aaaa-1", true, skillpulse.Soft, func(s skillpulse.Skill) string { return s.ESCO }, "http://data.europa.eu/esco/skill/aaaa-1"},
		{"esco cross-sector is hard", "esco-bbbb-2", true, skillpulse.Hard, func(s skillpulse.Skill) string { return s.ESCO }, "http://data.europa.eu/esco/skill/bbbb-2"},
		{"curated form claimed: onet dropped", "onet-microsoft-excel", false, "", nil, ""},
		{"curated forms claimed: esco dropped", "esco-cccc-3", false, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := wide.Skill(tt.id)
			if ok != tt.present {
				t.Fatalf("skill %s present = %v, want %v", tt.id, ok, tt.present)
			}
			if !ok {
				return
			}
			if s.Kind != tt.kind || s.Category != taxonomy.ImportedCategory || tt.code(s) != tt.wantCode {
				t.Errorf("skill = %+v, want kind %s, category %s, code %s", s, tt.kind, taxonomy.ImportedCategory, tt.wantCode)
			}
		})
	}
	if len(wide.Skills) != len(base.Skills)+4 {
		t.Errorf("%d skills, want the %d curated plus 4 imported", len(wide.Skills), len(base.Skills))
	}

	terms := strings.Split(strings.TrimSpace(MustRunMain(t, "taxonomy", "terms", "--file", out)), "\n")
	for _, want := range []string{"acme widget pro", "zorblax charting suite", "be patient", "maintain interfaces", "fhir"} {
		if !slices.Contains(terms, want) {
			t.Errorf("taxonomy terms --file lacks %q", want)
		}
	}
}
