package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/eval"
	"github.com/skillpulse/skillpulse/tagger"
)

func (m *Main) runEval(ctx context.Context, args []string) error {
	fs := m.flagSet("eval", "[--set NAME,...] [--taxonomy FILE | --labels-from SET] [--dir DIR] [--errors N] [--bytes] [--json | --unmatched]",
		"Scores the tagger against span-labelled job-ad text: exact and overlap precision, recall and F1 per layer.\n"+
			"Sets: "+strings.Join(setNames(), ", ")+".\n"+
			"Token-labelled (CoNLL) sets are scored on their tokens, as seqeval scores a BIO tagger; --bytes\n"+
			"compares byte offsets instead.\n"+
			"The data is built into this binary; --dir scores a copy laid out like eval/ (testdata/...).\n"+
			"--labels-from SET scores another labelling of the same texts instead of the tagger\n"+
			"(healthit-blind-f2 against healthit-blind-f): how far two labellers agree.")
	sets := fs.String("set", "", "comma-separated `sets` to score (default: all)")
	file := fs.String("taxonomy", "", "taxonomy YAML `file` (default: the embedded taxonomy)")
	dir := fs.String("dir", "", "read the sets from `dir` (holding testdata/) instead of the built-in copy")
	nErr := fs.Int("errors", 0, "also print the `n` most frequent false positives and misses per layer")
	asJSON := fs.Bool("json", false, "print rows as JSON instead of a Markdown table")
	byteExact := fs.Bool("bytes", false, "score every set on byte offsets, not widening predictions to the labelled tokens")
	listUnmatched := fs.Bool("unmatched", false, "print every prediction touching no label and every label no prediction touches, in context (tab-separated), instead of the table")
	labelsFrom := fs.String("labels-from", "", "score the labels of `set` (the same texts labelled by someone else) instead of the tagger: how far two labellers agree")
	if err := parse(fs, args); err != nil {
		return err
	}
	tax, err := m.loadTaxonomy(*file)
	if err != nil {
		return err
	}
	var tg skillpulse.Tagger
	if tg, err = tagger.New(tax); err != nil {
		return err
	}
	want := map[string]bool{}
	for _, s := range strings.Split(*sets, ",") {
		if s = strings.TrimSpace(s); s != "" {
			want[s] = true
		}
	}
	known := map[string]bool{}
	for _, set := range eval.Sets() {
		known[set.Name] = true
	}
	for s := range want {
		if !known[s] {
			return usageError{fmt.Sprintf("eval: unknown set %q (have %s)", s, strings.Join(setNames(), ", "))}
		}
	}
	load := func(set eval.Set) ([]eval.Sentence, error) {
		if *dir != "" {
			return set.LoadFS(os.DirFS(*dir))
		}
		return set.Load()
	}
	var labels *eval.Labels
	if *labelsFrom != "" {
		set, ok := findSet(*labelsFrom)
		if !ok {
			return usageError{fmt.Sprintf("eval: --labels-from: unknown set %q (have %s)", *labelsFrom, strings.Join(setNames(), ", "))}
		}
		sents, err := load(set)
		if err != nil {
			return err
		}
		l, err := eval.NewLabels(sents, set.Layers)
		if err != nil {
			return fmt.Errorf("eval: --labels-from %s: %w", set.Name, err)
		}
		labels, tg = &l, l
	}
	var results []eval.Result
	for _, set := range eval.Sets() {
		if len(want) > 0 && !want[set.Name] {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		sents, err := load(set)
		if err != nil {
			return err
		}
		if labels != nil && (set.Name == *labelsFrom || !labels.Covers(sents)) {
			if len(want) == 0 {
				continue // score only the other sets of the same texts
			}
			return fmt.Errorf("eval: --labels-from %s does not label the texts of set %s", *labelsFrom, set.Name)
		}
		if *byteExact {
			for i := range sents {
				sents[i].Tokens = nil
			}
		}
		results = append(results, eval.Score(set.Name, tg, sents, set.Layers))
	}
	if *listUnmatched {
		return printUnmatched(m.Stdout, results)
	}
	rows := eval.Rows(results)
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	scored := "taxonomy " + tax.Version
	if labels != nil {
		scored = "labels of " + *labelsFrom
	}
	fmt.Fprintf(m.Stdout, "%s\n\n%s", scored, eval.Markdown(rows))
	if *nErr > 0 {
		for _, r := range results {
			for _, l := range r.Layers {
				fmt.Fprintf(m.Stdout, "\n%s %s false positives:\n", r.Set, l)
				for _, e := range r.TopErrors(l, false, *nErr) {
					fmt.Fprintln(m.Stdout, "  "+e)
				}
				fmt.Fprintf(m.Stdout, "%s %s misses:\n", r.Set, l)
				for _, e := range r.TopErrors(l, true, *nErr) {
					fmt.Fprintln(m.Stdout, "  "+e)
				}
			}
		}
	}
	return nil
}

func findSet(name string) (eval.Set, bool) {
	for _, s := range eval.Sets() {
		if s.Name == name {
			return s, true
		}
	}
	return eval.Set{}, false
}

func setNames() []string {
	var out []string
	for _, s := range eval.Sets() {
		out = append(out, s.Name)
	}
	return out
}

// printUnmatched writes the overlap-level disagreements one per line, set,
// layer, "false-positive" or "miss", text, skill id and context separated
// by tabs: the list a reviewer reads to decide what to change in the
// taxonomy (sort | uniq -c on the text or skill column to rank them).
func printUnmatched(w io.Writer, results []eval.Result) error {
	for _, r := range results {
		for _, e := range r.Unmatched {
			what, skill := "false-positive", e.SkillID
			if e.Missed {
				what, skill = "miss", "-"
			}
			clean := strings.NewReplacer("\t", " ", "\n", " / ")
			if _, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Set, e.Layer, what, clean.Replace(e.Text), skill, clean.Replace(e.Context(60))); err != nil {
				return fmt.Errorf("eval: write: %w", err)
			}
		}
	}
	return nil
}
