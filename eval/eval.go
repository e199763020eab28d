// Package eval scores the tagger against span-labelled job-ad text, so
// every claim about its accuracy is a number anyone can reproduce with
// `skillpulse eval`.
//
// Its one job is scoring: it reads labelled sentences (CoNLL BIO files, plain
// or gzipped, and the Health IT set's inline markup), tags each sentence with
// a skillpulse.Tagger, and counts exact and overlapping span matches per
// layer. It depends on the domain package only, not on the taxonomy or any
// pipeline stage; the labelled sets it ships are embedded from testdata.
package eval

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/skillpulse/skillpulse"
)

// Span is a labelled or predicted stretch of a sentence: UTF-8 byte offsets
// into the sentence text, End exclusive.
type Span struct {
	Start, End int
}

// Sentence is one labelled text. Gold maps a layer name ("KNOWLEDGE",
// "SKILL", "soft", "hard"...) to the spans annotators marked in it.
type Sentence struct {
	Text string
	Gold map[string][]Span
	// Tokens, when set, are the byte ranges of the tokens the annotators
	// labelled (CoNLL sets label whole tokens, not bytes). Predictions are
	// then scored the way token-level benchmarks score a tagger (seqeval):
	// each prediction is widened to the tokens it touches, and predictions
	// that share a token become one span. Without it ("{{hard|...}}"
	// markup labels bytes) predictions are scored as they are.
	Tokens []Span
}

// Layer says how one gold layer is compared with the tagger's output:
// which gold spans, against mentions of which kinds.
type Layer struct {
	// Name is the gold layer's key in Sentence.Gold.
	Name string
	// Kinds are the mention kinds scored against it; empty means all.
	Kinds []skillpulse.Kind
}

// Counts are the raw tallies behind one row of scores, kept so that rows
// can be summed before the ratios are taken.
type Counts struct {
	// Pred and Gold count predicted and labelled spans.
	Pred, Gold int
	// ExactPred counts predictions equal to some gold span; ExactGold
	// counts gold spans equal to some prediction.
	ExactPred, ExactGold int
	// OverlapPred counts predictions sharing a byte with some gold span;
	// OverlapGold counts gold spans sharing a byte with some prediction.
	OverlapPred, OverlapGold int
}

// Add returns the sum of c and d.
func (c Counts) Add(d Counts) Counts {
	return Counts{
		Pred: c.Pred + d.Pred, Gold: c.Gold + d.Gold,
		ExactPred: c.ExactPred + d.ExactPred, ExactGold: c.ExactGold + d.ExactGold,
		OverlapPred: c.OverlapPred + d.OverlapPred, OverlapGold: c.OverlapGold + d.OverlapGold,
	}
}

// PRF is precision, recall and F1, each in [0, 1].
type PRF struct {
	P, R, F1 float64
}

func prf(hitPred, pred, hitGold, gold int) PRF {
	var s PRF
	if pred > 0 {
		s.P = float64(hitPred) / float64(pred)
	}
	if gold > 0 {
		s.R = float64(hitGold) / float64(gold)
	}
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// Exact scores predictions that match a gold span byte for byte.
func (c Counts) Exact() PRF { return prf(c.ExactPred, c.Pred, c.ExactGold, c.Gold) }

// Overlap scores predictions that share at least one byte with a gold
// span, the lenient measure the published dictionary baselines report.
func (c Counts) Overlap() PRF { return prf(c.OverlapPred, c.Pred, c.OverlapGold, c.Gold) }

// Compare counts how pred matches gold within one sentence. Both may be in
// any order and may contain duplicates; each span is judged on its own.
func Compare(pred, gold []Span) Counts {
	c := Counts{Pred: len(pred), Gold: len(gold)}
	for _, p := range pred {
		exact, over := false, false
		for _, g := range gold {
			exact = exact || p == g
			over = over || overlaps(p, g)
		}
		if exact {
			c.ExactPred++
		}
		if over {
			c.OverlapPred++
		}
	}
	for _, g := range gold {
		exact, over := false, false
		for _, p := range pred {
			exact = exact || p == g
			over = over || overlaps(p, g)
		}
		if exact {
			c.ExactGold++
		}
		if over {
			c.OverlapGold++
		}
	}
	return c
}

// ProjectToTokens widens each predicted span to the whole tokens it
// touches and merges spans that then share a token, in text order: the
// span a BIO tag sequence derived from pred would spell. "Docker" found in
// the token "Docker)" becomes "Docker)", as a token-level annotator (and
// SkillSpan's gold) marks it; "HTML5" and "CSS3" found in the one token
// "HTML5/CSS3" become one span. With no tokens pred is returned unchanged.
func ProjectToTokens(pred, tokens []Span) []Span {
	if len(tokens) == 0 || len(pred) == 0 {
		return pred
	}
	out := make([]Span, 0, len(pred))
	for _, p := range pred {
		first := sort.Search(len(tokens), func(i int) bool { return tokens[i].End > p.Start })
		last := first
		for last+1 < len(tokens) && tokens[last+1].Start < p.End {
			last++
		}
		if first >= len(tokens) || tokens[first].Start >= p.End {
			out = append(out, p) // between tokens: nothing to widen to
			continue
		}
		out = append(out, Span{tokens[first].Start, tokens[last].End})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	merged := out[:1]
	for _, sp := range out[1:] {
		top := &merged[len(merged)-1]
		if sp.Start < top.End {
			top.End = max(top.End, sp.End)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

func overlaps(a, b Span) bool { return a.Start < b.End && b.Start < a.End }

// Error is one disagreement between the tagger and the labels, for
// reviewers tuning the taxonomy: a false positive or a missed span.
type Error struct {
	Layer string
	// Missed is true for a gold span no prediction matched, false for a
	// prediction no gold span matched.
	Missed bool
	Text   string
	// Start and End are Text's byte offsets in Sentence.
	Start, End int
	// SkillID is the skill of the first mention inside a false positive;
	// empty for a miss.
	SkillID string
	// Sentence is the whole labelled text.
	Sentence string
}

// Context returns the error's text marked [[like this]] with up to width
// bytes of its sentence on each side (cut at rune boundaries), on one
// line: line breaks show as " / ".
func (e Error) Context(width int) string {
	from, to := max(0, e.Start-width), min(len(e.Sentence), e.End+width)
	for from > 0 && !utf8.RuneStart(e.Sentence[from]) {
		from--
	}
	for to < len(e.Sentence) && !utf8.RuneStart(e.Sentence[to]) {
		to++
	}
	s := e.Sentence[from:e.Start] + "[[" + e.Sentence[e.Start:e.End] + "]]" + e.Sentence[e.End:to]
	return strings.ReplaceAll(s, "\n", " / ")
}

// Result is the score of one data set, layer by layer.
type Result struct {
	Set    string
	Layers []string
	Counts map[string]Counts
	// Errors lists exact-match disagreements, in sentence order.
	Errors []Error
	// Unmatched lists the overlap-level disagreements, in sentence order:
	// predictions that touch no gold span and gold spans no prediction
	// touches. These are what the overlap precision and recall count.
	Unmatched []Error
}

// Score tags every sentence and compares the mentions of each layer's
// kinds with its gold spans.
func Score(set string, tg skillpulse.Tagger, sents []Sentence, layers []Layer) Result {
	res := Result{Set: set, Counts: make(map[string]Counts)}
	for _, l := range layers {
		res.Layers = append(res.Layers, l.Name)
	}
	for _, s := range sents {
		ms := tg.Tag(s.Text)
		for _, l := range layers {
			var pred []Span
			var layerMentions []skillpulse.Mention
			for _, m := range ms {
				if len(l.Kinds) == 0 || containsKind(l.Kinds, m.Kind) {
					pred = append(pred, Span{m.Start, m.End})
					layerMentions = append(layerMentions, m)
				}
			}
			pred = ProjectToTokens(pred, s.Tokens)
			gold := s.Gold[l.Name]
			res.Counts[l.Name] = res.Counts[l.Name].Add(Compare(pred, gold))
			res.Errors = append(res.Errors, disagreements(l.Name, s.Text, pred, gold)...)
			res.Unmatched = append(res.Unmatched, unmatched(l.Name, s.Text, pred, gold, layerMentions)...)
		}
	}
	return res
}

func disagreements(layer, text string, pred, gold []Span) []Error {
	var out []Error
	in := func(x Span, set []Span) bool {
		for _, y := range set {
			if x == y {
				return true
			}
		}
		return false
	}
	for _, p := range pred {
		if !in(p, gold) {
			out = append(out, Error{Layer: layer, Text: text[p.Start:p.End], Start: p.Start, End: p.End, Sentence: text})
		}
	}
	for _, g := range gold {
		if !in(g, pred) {
			out = append(out, Error{Layer: layer, Missed: true, Text: text[g.Start:g.End], Start: g.Start, End: g.End, Sentence: text})
		}
	}
	return out
}

// unmatched returns the predictions overlapping no gold span and the gold
// spans no prediction overlaps; ms are the layer's mentions, for the skill
// of each false positive.
func unmatched(layer, text string, pred, gold []Span, ms []skillpulse.Mention) []Error {
	var out []Error
	touches := func(x Span, set []Span) bool {
		for _, y := range set {
			if overlaps(x, y) {
				return true
			}
		}
		return false
	}
	for _, p := range pred {
		if touches(p, gold) {
			continue
		}
		e := Error{Layer: layer, Text: text[p.Start:p.End], Start: p.Start, End: p.End, Sentence: text}
		for _, m := range ms {
			if overlaps(p, Span{m.Start, m.End}) {
				e.SkillID = m.SkillID
				break
			}
		}
		out = append(out, e)
	}
	for _, g := range gold {
		if !touches(g, pred) {
			out = append(out, Error{Layer: layer, Missed: true, Text: text[g.Start:g.End], Start: g.Start, End: g.End, Sentence: text})
		}
	}
	return out
}

func containsKind(ks []skillpulse.Kind, k skillpulse.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// TopErrors counts the most frequent false positives and misses of a
// layer (by lower-cased text), for a reviewer deciding what to fix first.
func (r Result) TopErrors(layer string, missed bool, n int) []string {
	count := map[string]int{}
	for _, e := range r.Errors {
		if e.Layer == layer && e.Missed == missed {
			count[e.Text]++
		}
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if count[keys[i]] != count[keys[j]] {
			return count[keys[i]] > count[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%d\t%s", count[k], k)
	}
	return out
}
