package eval

import (
	"fmt"

	"github.com/skillpulse/skillpulse"
)

// Labels is a skillpulse.Tagger that answers with another labelling of the
// same texts: scoring it against a set (`skillpulse eval --labels-from`)
// measures how far two labellers agree, the ceiling any tagger is judged
// under. Tag returns nil for a text the labelling does not hold; Score
// then counts that text's labels as misses, and Covers tells the caller
// beforehand.
type Labels struct {
	byText map[string][]skillpulse.Mention
}

// NewLabels turns sents' gold spans into mentions: each layer's spans get
// the layer's kind. Layers must name exactly one kind each (the Health IT
// sets' hard and soft); a layer scored against all kinds has none to give.
func NewLabels(sents []Sentence, layers []Layer) (Labels, error) {
	l := Labels{byText: make(map[string][]skillpulse.Mention, len(sents))}
	for _, layer := range layers {
		if len(layer.Kinds) != 1 {
			return Labels{}, fmt.Errorf("labels: layer %s is scored against %d kinds, want one", layer.Name, len(layer.Kinds))
		}
	}
	for _, s := range sents {
		var ms []skillpulse.Mention
		for _, layer := range layers {
			for _, g := range s.Gold[layer.Name] {
				ms = append(ms, skillpulse.Mention{Kind: layer.Kinds[0], Start: g.Start, End: g.End, Text: s.Text[g.Start:g.End]})
			}
		}
		l.byText[s.Text] = ms
	}
	return l, nil
}

// Tag returns the labelled spans of text as mentions, or nil if the
// labelling does not hold text.
func (l Labels) Tag(text string) []skillpulse.Mention { return l.byText[text] }

// Covers reports whether the labelling holds every one of sents' texts.
func (l Labels) Covers(sents []Sentence) bool {
	for _, s := range sents {
		if _, ok := l.byText[s.Text]; !ok {
			return false
		}
	}
	return true
}
