package eval_test

import (
	"testing"

	"github.com/skillpulse/skillpulse/eval"
)

// TestHealthITGoals fails CI when a taxonomy or tagger change drops the
// Health IT set below the goals: precision >= 0.90 and recall >=
// 0.85 for soft and for hard skills (overlap matching; see
// testdata/healthit/README.md for why).
func TestHealthITGoals(t *testing.T) {
	var set eval.Set
	for _, s := range eval.Sets() {
		if s.Name == "healthit" {
			set = s
		}
	}
	sents, err := set.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) < 40 {
		t.Errorf("%d postings, want at least 40", len(sents))
	}
	res := eval.Score(set.Name, mustTagger(t), sents, set.Layers)
	for _, layer := range []string{"hard", "soft"} {
		t.Run(layer, func(t *testing.T) {
			c := res.Counts[layer]
			if c.Gold < 100 {
				t.Errorf("only %d gold %s spans", c.Gold, layer)
			}
			o := c.Overlap()
			if o.P < 0.90 {
				t.Errorf("precision %.3f < 0.90; false positives: %q", o.P, res.TopErrors(layer, false, 15))
			}
			if o.R < 0.85 {
				t.Errorf("recall %.3f < 0.85; misses: %q", o.R, res.TopErrors(layer, true, 15))
			}
		})
	}
}
