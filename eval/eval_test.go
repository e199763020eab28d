package eval_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/eval"
	"github.com/skillpulse/skillpulse/tagger"
)

func TestCompare(t *testing.T) {
	tests := []struct {
		name       string
		pred, gold []eval.Span
		want       eval.Counts
	}{
		{"nothing", nil, nil, eval.Counts{}},
		{"exact hit", []eval.Span{{0, 5}}, []eval.Span{{0, 5}},
			eval.Counts{Pred: 1, Gold: 1, ExactPred: 1, ExactGold: 1, OverlapPred: 1, OverlapGold: 1}},
		{"partial overlap is not exact", []eval.Span{{0, 5}}, []eval.Span{{3, 9}},
			eval.Counts{Pred: 1, Gold: 1, OverlapPred: 1, OverlapGold: 1}},
		{"touching spans do not overlap", []eval.Span{{0, 5}}, []eval.Span{{5, 9}},
			eval.Counts{Pred: 1, Gold: 1}},
		{"one prediction covers two gold spans", []eval.Span{{0, 20}}, []eval.Span{{0, 4}, {10, 14}},
			eval.Counts{Pred: 1, Gold: 2, OverlapPred: 1, OverlapGold: 2}},
		{"false positive and miss", []eval.Span{{0, 3}, {10, 12}}, []eval.Span{{0, 3}, {20, 25}},
			eval.Counts{Pred: 2, Gold: 2, ExactPred: 1, ExactGold: 1, OverlapPred: 1, OverlapGold: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eval.Compare(tt.pred, tt.gold); got != tt.want {
				t.Errorf("Compare = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestPRF(t *testing.T) {
	// 4 predictions, 3 exact; 6 gold, 3 exact: P = 3/4, R = 3/6, F1 = 2PR/(P+R) = 0.6.
	c := eval.Counts{Pred: 4, Gold: 6, ExactPred: 3, ExactGold: 3, OverlapPred: 4, OverlapGold: 5}
	near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
	if e := c.Exact(); !near(e.P, 0.75) || !near(e.R, 0.5) || !near(e.F1, 0.6) {
		t.Errorf("Exact = %+v, want P 0.75 R 0.5 F1 0.6", e)
	}
	// Overlap: P = 1, R = 5/6, F1 = 2*(5/6)/(1+5/6) = 10/11.
	if o := c.Overlap(); !near(o.P, 1) || !near(o.R, 5.0/6) || !near(o.F1, 10.0/11) {
		t.Errorf("Overlap = %+v, want P 1 R 0.833 F1 0.909", o)
	}
	if z := (eval.Counts{}).Exact(); z != (eval.PRF{}) {
		t.Errorf("empty counts = %+v, want zeros", z)
	}
}

func TestReadCoNLL(t *testing.T) {
	in := "Strong\tO\tO\nPython\tO\tB\nand\tO\tO\nteam\tB\tO\nwork\tI\tO\nskills\tO\tO\n\nKnow\tO\tO\nAWS\tO\tB-K\nEC2\tO\tI-K\n"
	sents, err := eval.ReadCoNLL(strings.NewReader(in), []string{"SKILL", "KNOWLEDGE"}, "ALL")
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 {
		t.Fatalf("got %d sentences, want 2", len(sents))
	}
	s := sents[0]
	if s.Text != "Strong Python and team work skills" {
		t.Errorf("text = %q", s.Text)
	}
	span := func(s eval.Sentence, layer string, k int) string {
		sp := s.Gold[layer][k]
		return s.Text[sp.Start:sp.End]
	}
	if got := span(s, "KNOWLEDGE", 0); got != "Python" {
		t.Errorf("KNOWLEDGE = %q, want Python", got)
	}
	if got := span(s, "SKILL", 0); got != "team work" {
		t.Errorf("SKILL = %q, want team work", got)
	}
	if n := len(s.Gold["ALL"]); n != 2 {
		t.Errorf("ALL has %d spans, want 2", n)
	}
	if got := span(sents[1], "KNOWLEDGE", 0); got != "AWS EC2" {
		t.Errorf("KNOWLEDGE = %q, want AWS EC2", got)
	}
	var toks []string
	for _, tk := range s.Tokens {
		toks = append(toks, s.Text[tk.Start:tk.End])
	}
	if want := []string{"Strong", "Python", "and", "team", "work", "skills"}; !slices.Equal(toks, want) {
		t.Errorf("tokens = %q, want %q", toks, want)
	}
}

func TestProjectToTokens(t *testing.T) {
	// "Docker) and HTML5/CSS3 or C# ." tokens: Docker) and HTML5/CSS3 or C# .
	text := "Docker) and HTML5/CSS3 or C# ."
	var tokens []eval.Span
	at := 0
	for _, f := range strings.Fields(text) {
		i := strings.Index(text[at:], f) + at
		tokens = append(tokens, eval.Span{Start: i, End: i + len(f)})
		at = i + len(f)
	}
	sp := func(sub string) eval.Span {
		i := strings.Index(text, sub)
		return eval.Span{Start: i, End: i + len(sub)}
	}
	tests := []struct {
		name       string
		pred, want []eval.Span
		tokens     []eval.Span
	}{
		{"widened to the token", []eval.Span{sp("Docker")}, []eval.Span{sp("Docker)")}, tokens},
		{"two in one token merge", []eval.Span{sp("CSS3"), sp("HTML5")}, []eval.Span{sp("HTML5/CSS3")}, tokens},
		{"whole tokens unchanged", []eval.Span{sp("C#")}, []eval.Span{sp("C#")}, tokens},
		{"across tokens", []eval.Span{sp("and HTML5")}, []eval.Span{sp("and HTML5/CSS3")}, tokens},
		{"sorted by start", []eval.Span{sp("C#"), sp("Docker")}, []eval.Span{sp("Docker)"), sp("C#")}, tokens},
		{"no tokens: as predicted", []eval.Span{sp("Docker")}, []eval.Span{sp("Docker")}, nil},
		{"a space between tokens stays", []eval.Span{{Start: 7, End: 8}}, []eval.Span{{Start: 7, End: 8}}, tokens},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eval.ProjectToTokens(slices.Clone(tt.pred), tt.tokens); !slices.Equal(got, tt.want) {
				t.Errorf("ProjectToTokens(%v) = %v, want %v", tt.pred, got, tt.want)
			}
		})
	}
}

func TestReadMarked(t *testing.T) {
	s, err := eval.ReadMarked("Use {{hard|Epic Cadence}} with {{soft|good judgement}}.")
	if err != nil {
		t.Fatal(err)
	}
	if s.Text != "Use Epic Cadence with good judgement." {
		t.Fatalf("text = %q", s.Text)
	}
	h := s.Gold["hard"][0]
	if s.Text[h.Start:h.End] != "Epic Cadence" {
		t.Errorf("hard = %q", s.Text[h.Start:h.End])
	}
	for _, bad := range []string{"{{hard|x", "x}}", "{{|x}}", "{{hard}}"} {
		if _, err := eval.ReadMarked(bad); err == nil {
			t.Errorf("ReadMarked(%q) = nil error", bad)
		}
	}
}

// fakeTagger returns fixed mentions, so Score's bookkeeping is checked
// apart from the real tagger.
type fakeTagger []skillpulse.Mention

func (f fakeTagger) Tag(string) []skillpulse.Mention { return f }

func TestScoreByKind(t *testing.T) {
	s, err := eval.ReadMarked("{{hard|SQL}} and {{soft|teamwork}} and Excel")
	if err != nil {
		t.Fatal(err)
	}
	tg := fakeTagger{
		{Kind: skillpulse.Hard, Start: 0, End: 3},   // SQL: hit
		{Kind: skillpulse.Soft, Start: 8, End: 16},  // teamwork: hit
		{Kind: skillpulse.Hard, Start: 21, End: 26}, // Excel: false positive
	}
	res := eval.Score("x", tg, []eval.Sentence{s}, []eval.Layer{
		{Name: "hard", Kinds: []skillpulse.Kind{skillpulse.Hard}},
		{Name: "soft", Kinds: []skillpulse.Kind{skillpulse.Soft}},
	})
	if c := res.Counts["hard"]; c.Pred != 2 || c.ExactPred != 1 || c.ExactGold != 1 {
		t.Errorf("hard counts = %+v, want 2 predictions, 1 exact", c)
	}
	if c := res.Counts["soft"]; c.Pred != 1 || c.ExactGold != 1 {
		t.Errorf("soft counts = %+v, want 1 prediction, 1 exact", c)
	}
	if got := res.TopErrors("hard", false, 5); len(got) != 1 || !strings.HasSuffix(got[0], "Excel") {
		t.Errorf("hard false positives = %q, want Excel", got)
	}
}

// TestScoreUnmatched checks the overlap-level disagreement list: a
// prediction touching a label is no error even when its bounds differ, one
// touching none is a false positive with its skill, and an untouched label
// is a miss; Context marks the span on one line.
func TestScoreUnmatched(t *testing.T) {
	s, err := eval.ReadMarked("Strong {{hard|SQL Server}} skills.\nAlso {{hard|HL7}} and Excel")
	if err != nil {
		t.Fatal(err)
	}
	tg := fakeTagger{
		{SkillID: "sql", Kind: skillpulse.Hard, Start: 7, End: 10},       // "SQL" inside "SQL Server": overlap, no error
		{SkillID: "ms-excel", Kind: skillpulse.Hard, Start: 39, End: 44}, // "Excel": false positive
	}
	res := eval.Score("x", tg, []eval.Sentence{s}, []eval.Layer{{Name: "hard", Kinds: []skillpulse.Kind{skillpulse.Hard}}})
	var got []string
	for _, e := range res.Unmatched {
		got = append(got, fmt.Sprintf("%v %s %s %s", e.Missed, e.Text, e.SkillID, e.Context(6)))
	}
	want := []string{
		"false Excel ms-excel 7 and [[Excel]]",
		"true HL7   / Also [[HL7]] and E", // the line break shows as " / "
	}
	if !slices.Equal(got, want) {
		t.Errorf("unmatched =\n%q\nwant\n%q", got, want)
	}
	if c := res.Counts["hard"]; len(res.Unmatched) != (c.Pred-c.OverlapPred)+(c.Gold-c.OverlapGold) {
		t.Errorf("%d unmatched, counts %+v: want one per prediction and label outside the overlap counts", len(res.Unmatched), c)
	}
}

// TestLabelsAsTagger checks that one labelling scored as a tagger against
// another counts their agreement per kind, and that Labels answers nothing
// for a text it does not hold.
func TestLabelsAsTagger(t *testing.T) {
	layers := []eval.Layer{
		{Name: "hard", Kinds: []skillpulse.Kind{skillpulse.Hard}},
		{Name: "soft", Kinds: []skillpulse.Kind{skillpulse.Soft}},
	}
	first, err := eval.ReadMarked("{{hard|Epic Beaker}} and {{soft|teamwork}}, SQL")
	if err != nil {
		t.Fatal(err)
	}
	second, err := eval.ReadMarked("Epic {{hard|Beaker}} and {{hard|teamwork}}, {{hard|SQL}}")
	if err != nil {
		t.Fatal(err)
	}
	labels, err := eval.NewLabels([]eval.Sentence{second}, layers)
	if err != nil {
		t.Fatal(err)
	}
	if !labels.Covers([]eval.Sentence{first}) || labels.Tag("other text") != nil {
		t.Fatal("labels should hold the shared text and nothing else")
	}
	res := eval.Score("x", labels, []eval.Sentence{first}, layers)
	// hard: Beaker overlaps Epic Beaker; teamwork (hard here, soft there) and SQL do not match a hard label.
	if c := res.Counts["hard"]; c.Pred != 3 || c.OverlapPred != 1 || c.Gold != 1 || c.OverlapGold != 1 || c.ExactPred != 0 {
		t.Errorf("hard counts = %+v", c)
	}
	if c := res.Counts["soft"]; c.Pred != 0 || c.Gold != 1 || c.OverlapGold != 0 {
		t.Errorf("soft counts = %+v", c)
	}
	if _, err := eval.NewLabels(nil, []eval.Layer{{Name: "ALL"}}); err == nil {
		t.Error("a layer of all kinds has no kind to give: want an error")
	}
}

// TestScoreProjectsOnCoNLLTokens checks that a token-labelled sentence
// scores a prediction inside a labelled token as an exact hit, as seqeval
// would, while the same spans in marked-up text stay byte-exact.
func TestScoreProjectsOnCoNLLTokens(t *testing.T) {
	sents, err := eval.ReadCoNLL(strings.NewReader("Use\tO\nDocker)\tB\n"), []string{"KNOWLEDGE"}, "")
	if err != nil {
		t.Fatal(err)
	}
	tg := fakeTagger{{Kind: skillpulse.Hard, Start: 4, End: 10}} // "Docker" without ")"
	layers := []eval.Layer{{Name: "KNOWLEDGE", Kinds: []skillpulse.Kind{skillpulse.Hard}}}
	if c := eval.Score("conll", tg, sents, layers).Counts["KNOWLEDGE"]; c.ExactPred != 1 || c.ExactGold != 1 {
		t.Errorf("token-labelled counts = %+v, want the prediction an exact hit", c)
	}
	marked, err := eval.ReadMarked("Use {{KNOWLEDGE|Docker)}}")
	if err != nil {
		t.Fatal(err)
	}
	if c := eval.Score("marked", tg, []eval.Sentence{marked}, layers).Counts["KNOWLEDGE"]; c.ExactPred != 0 || c.OverlapPred != 1 {
		t.Errorf("byte-labelled counts = %+v, want an overlap, not an exact hit", c)
	}
}

func mustTagger(tb testing.TB) *tagger.Tagger {
	tb.Helper()
	tg, _, err := tagger.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return tg
}

// TestShippedSetsLoad reads every shipped set and scores a small slice,
// so a broken file or reader fails here and not in the docs.
func TestShippedSetsLoad(t *testing.T) {
	tg := mustTagger(t)
	for _, set := range eval.Sets() {
		t.Run(set.Name, func(t *testing.T) {
			sents, err := set.Load()
			if err != nil {
				t.Fatal(err)
			}
			if len(sents) == 0 {
				t.Fatal("no sentences")
			}
			slice := sents[:min(len(sents), 200)]
			res := eval.Score(set.Name, tg, slice, set.Layers)
			gold := 0
			for _, l := range set.Layers {
				c := res.Counts[l.Name]
				gold += c.Gold
				if c.ExactPred > c.OverlapPred || c.ExactGold > c.OverlapGold || c.OverlapPred > c.Pred || c.OverlapGold > c.Gold {
					t.Errorf("%s: inconsistent counts %+v", l.Name, c)
				}
			}
			if gold == 0 {
				t.Error("no gold spans in the first sentences")
			}
		})
	}
}
