package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/tagger"
	"github.com/skillpulse/skillpulse/taxonomy"
)

func (m *Main) runTaxonomy(ctx context.Context, args []string) error {
	fs := m.flagSet("taxonomy", "validate|stats|terms [--file FILE] | import [--onet FILE] [--esco FILE]... --out FILE",
		"validate: check a taxonomy file (duplicate ids, aliases claimed by two skills, bad kinds...).\n"+
			"stats:    skills by kind and category, surface forms, rules.\n"+
			"terms:    every normalised surface form the matcher looks for, one per line.\n"+
			"import:   widen a taxonomy (--file, default the embedded one) with O*NET Technology Skills\n"+
			"          (Technology Skills.txt) and ESCO skills CSV exports (plain or .gz; copies with their\n"+
			"          licences in taxonomy/sources/), writing a valid taxonomy to --out. Curated skills keep\n"+
			"          their forms; an imported name or alias already claimed is dropped. Load the result\n"+
			"          with --taxonomy FILE in eval and bench.\n"+
			"Without --file, the taxonomy built into this binary.")
	file := fs.String("file", "", "taxonomy YAML `file` (default: the embedded taxonomy)")
	asJSON := fs.Bool("json", false, "stats as JSON")
	onet := fs.String("onet", "", "import: O*NET Technology Skills `file` (tab-separated, optionally .gz)")
	var esco stringList
	fs.Var(&esco, "esco", "import: ESCO skills CSV `file` (optionally .gz); repeat for several")
	out := fs.String("out", "", "import: write the merged taxonomy to `file`")
	if len(args) == 0 {
		fs.Usage()
		return usageError{"taxonomy: want validate, stats, terms or import"}
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
	case "import":
		return m.importTaxonomy(tax, *onet, esco, *out)
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

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// importTaxonomy merges O*NET and ESCO exports into base and writes the
// result to out, refusing to write a taxonomy that would not validate.
func (m *Main) importTaxonomy(base *taxonomy.Taxonomy, onet string, esco []string, out string) error {
	if out == "" {
		return usageError{"taxonomy import: --out FILE is required"}
	}
	if onet == "" && len(esco) == 0 {
		return usageError{"taxonomy import: give --onet FILE and/or --esco FILE"}
	}
	type source struct {
		path string
		read func(io.Reader) ([]skillpulse.Skill, error)
	}
	var sources []source
	if onet != "" {
		sources = append(sources, source{onet, taxonomy.ReadONET})
	}
	for _, e := range esco {
		sources = append(sources, source{e, taxonomy.ReadESCO})
	}
	for _, src := range sources {
		f, err := os.Open(src.path)
		if err != nil {
			return fmt.Errorf("taxonomy import: %w", err)
		}
		skills, err := src.read(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("taxonomy import %s: %w", src.path, err)
		}
		rep := base.Merge(skills)
		fmt.Fprintf(m.Stderr, "%s: %d skills read, %d added with %d surface forms; %d forms already claimed, %d skills left with none\n",
			src.path, len(skills), rep.Added, rep.Forms, rep.DroppedForms, rep.DroppedSkills)
	}
	base.Version += "+import"
	if err := base.Validate(); err != nil {
		return fmt.Errorf("taxonomy import: the merged taxonomy is invalid:\n%w", err)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Generated by `skillpulse taxonomy import`: the curated skillpulse taxonomy widened with\n"+
		"# imported skills (category %q).\n"+
		"# This taxonomy uses the ESCO classification of the European Commission (reuse authorised\n"+
		"# under Commission Decision 2011/833/EU) and includes information from the O*NET 29.2\n"+
		"# Database by USDOL/ETA, used under CC BY 4.0. O*NET® is a trademark of USDOL/ETA.\n", taxonomy.ImportedCategory)
	if err := base.Write(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("taxonomy import: %w", err)
	}
	st := base.Stats()
	fmt.Fprintf(m.Stdout, "wrote %s: taxonomy %s, %d skills, %d surface forms\n", out, st.Version, st.Skills, st.SurfaceForms)
	return nil
}
