package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"text/tabwriter"

	"github.com/skillpulse/skillpulse/tagger"
	"github.com/skillpulse/skillpulse/taxonomy"
)

func (m *Main) runTaxonomy(ctx context.Context, args []string) error {
	fs := m.flagSet("taxonomy", "validate|stats|terms [--file FILE]",
		"validate: check a taxonomy file (duplicate ids, aliases claimed by two skills, bad kinds...).\n"+
			"stats:    skills by kind and category, surface forms, rules.\n"+
			"terms:    every normalised surface form the matcher looks for, one per line.\n"+
			"Without --file, the taxonomy built into this binary.")
	file := fs.String("file", "", "taxonomy YAML `file` (default: the embedded taxonomy)")
	asJSON := fs.Bool("json", false, "stats as JSON")
	if len(args) == 0 {
		fs.Usage()
		return usageError{"taxonomy: want validate, stats or terms"}
	}
	sub, rest := args[0], args[1:]
	if sub == "-h" || sub == "--help" {
		fs.Usage()
		return nil
	}
	if err := parse(fs, rest); err != nil {
		return err
	}
	tax, err := m.loadTaxonomy(*file)
	if err != nil {
		return err
	}
	switch sub {
	case "validate":
		if err := tax.Validate(); err != nil {
			return fmt.Errorf("taxonomy %s is invalid:\n%w", tax.Version, err)
		}
		if _, err := tagger.New(tax); err != nil {
			return fmt.Errorf("taxonomy %s: %w", tax.Version, err)
		}
		fmt.Fprintf(m.Stdout, "taxonomy %s is valid: %d skills\n", tax.Version, len(tax.Skills))
		return nil
	case "stats":
		st := tax.Stats()
		if *asJSON {
			enc := json.NewEncoder(m.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(st)
		}
		fmt.Fprintf(m.Stdout, "taxonomy %s: %d skills (%d soft, %d hard), %d surface forms, %d context rules\n\n",
			st.Version, st.Skills, st.ByKind["soft"], st.ByKind["hard"], st.SurfaceForms, st.Rules)
		cats := make([]string, 0, len(st.ByCategory))
		for c := range st.ByCategory {
			cats = append(cats, c)
		}
		sort.Strings(cats)
		tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "CATEGORY\tSKILLS")
		for _, c := range cats {
			fmt.Fprintf(tw, "%s\t%d\n", c, st.ByCategory[c])
		}
		return tw.Flush()
	case "terms":
		tg, err := tagger.New(tax)
		if err != nil {
			return err
		}
		for _, t := range tg.Terms() {
			fmt.Fprintln(m.Stdout, t)
		}
		return nil
	}
	fs.Usage()
	return usageError{fmt.Sprintf("taxonomy: unknown subcommand %q", sub)}
}

func (m *Main) loadTaxonomy(file string) (*taxonomy.Taxonomy, error) {
	if file == "" {
		return taxonomy.Default()
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("taxonomy: %w", err)
	}
	defer f.Close()
	tax, err := taxonomy.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("taxonomy %s: %w", file, err)
	}
	return tax, nil
}
