package eval

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/skillpulse/skillpulse"
)

//go:embed testdata/skillspan/*.gz testdata/green2022/*.gz testdata/sayfullina/*.gz testdata/healthit/*.txt
//go:embed testdata/healthit-blind-a/*.txt testdata/healthit-blind-b/*.txt testdata/healthit-blind-c/*.txt testdata/healthit-blind-d/*.txt testdata/healthit-blind-e/*.txt testdata/healthit-blind-f/*.txt testdata/healthit-blind-f2/*.txt testdata/healthit-blind-g/*.txt testdata/healthit-blind-h/*.txt
//go:embed testdata/healthit-blind-i/*.txt testdata/healthit-blind-j/*.txt testdata/healthit-blind-j2/*.txt testdata/healthit-blind-k/*.txt testdata/healthit-blind-l/*.txt
//go:embed testdata/healthit-blind-k2/*.txt testdata/healthit-blind-m/*.txt
var embedded embed.FS

// Set is one labelled data set and how to score it.
type Set struct {
	// Name is how `skillpulse eval --set` refers to it.
	Name string
	// About says where the data comes from, for the report.
	About  string
	Layers []Layer
	load   func(fs.FS) ([]Sentence, error)
}

// Sets lists the data sets shipped in testdata, in report order. Tuning is
// done on skillspan-train (and, since taxonomy 2026.14.0, healthit-blind-a
// to -e, -g, -i, -j and -l, each after its one blind score); healthit-blind-f,
// -h, -k and -m are held out;
// skillspan-dev, green-test and sayfullina-test are held out; healthit was
// adjudicated against the tagger and guards against regressions.
func Sets() []Set {
	hard := []skillpulse.Kind{skillpulse.Hard}
	soft := []skillpulse.Kind{skillpulse.Soft}
	skillspan := func(split string) func(fs.FS) ([]Sentence, error) {
		return func(fsys fs.FS) ([]Sentence, error) {
			var all []Sentence
			for _, src := range []string{"house", "tech"} {
				s, err := readFile(fsys, "testdata/skillspan/skillspan_"+src+"_"+split+".conll.gz", []string{"SKILL", "KNOWLEDGE"}, "ALL")
				if err != nil {
					return nil, err
				}
				all = append(all, s...)
			}
			return all, nil
		}
	}
	ssLayers := []Layer{{"KNOWLEDGE", hard}, {"SKILL", soft}, {"ALL", nil}}
	// marked is a Health IT set: inline-labelled postings in testdata/<name>,
	// hard and soft layers.
	marked := func(name, about string) Set {
		return Set{Name: name, About: about + " (testdata/" + name + ")", Layers: []Layer{{"hard", hard}, {"soft", soft}},
			load: markedSet("testdata/" + name)}
	}
	return []Set{
		{Name: "skillspan-train", About: "SkillSpan (Zhang et al., NAACL 2022) train, house+tech; KNOWLEDGE vs hard, SKILL vs soft", Layers: ssLayers, load: skillspan("train")},
		{Name: "skillspan-dev", About: "SkillSpan dev (held out)", Layers: ssLayers, load: skillspan("dev")},
		{Name: "green-test", About: "Green et al. 2022 test, Skill spans vs all mentions", Layers: []Layer{{"Skill", nil}},
			load: func(fsys fs.FS) ([]Sentence, error) {
				return readFile(fsys, "testdata/green2022/testset.txt.gz", []string{"*"}, "")
			}},
		{Name: "sayfullina-test", About: "Sayfullina et al. 2018 soft skills (test split) vs soft mentions", Layers: []Layer{{"SKILL", soft}},
			load: func(fsys fs.FS) ([]Sentence, error) {
				return readFile(fsys, "testdata/sayfullina/sayfullina_test.conll.gz", []string{"SKILL"}, "")
			}},
		marked("healthit", "skillpulse Health IT postings, adjudicated against the tagger; soft and hard"),
		marked("healthit-blind-a", "Health IT postings labelled blind, first writer"),
		marked("healthit-blind-b", "Health IT postings labelled blind, second writer"),
		marked("healthit-blind-c", "Health IT postings labelled blind, third writer"),
		marked("healthit-blind-d", "Health IT postings labelled blind, fourth writer"),
		marked("healthit-blind-e", "Health IT postings labelled blind, fifth writer"),
		marked("healthit-blind-f", "Health IT postings labelled blind, sixth writer; held out"),
		marked("healthit-blind-f2", "set F's texts labelled again by a second labeller"),
		marked("healthit-blind-g", "Health IT postings labelled blind, seventh writer"),
		marked("healthit-blind-h", "Health IT postings labelled blind, eighth writer; held out"),
		marked("healthit-blind-i", "Health IT postings labelled blind, ninth writer (staffing-agency and contract ads)"),
		marked("healthit-blind-j", "Health IT postings labelled blind, tenth writer (academic, government and health-plan ads)"),
		marked("healthit-blind-j2", "set J's texts labelled again by a second labeller"),
		marked("healthit-blind-k", "Health IT postings labelled blind, eleventh writer (a typical day's mix); held out"),
		marked("healthit-blind-k2", "set K's texts labelled again by a second labeller"),
		marked("healthit-blind-l", "Health IT postings labelled blind, twelfth writer (vendors, startups, consultancies, payers)"),
		marked("healthit-blind-m", "Health IT postings labelled blind, thirteenth writer (community and rural employers, short ads); held out"),
	}
}

// Load reads the set's sentences from the data embedded in the binary.
func (s Set) Load() ([]Sentence, error) { return s.LoadFS(embedded) }

// LoadFS reads the set's sentences from fsys, laid out like this package's
// directory (testdata/...), so a user can score an edited copy.
func (s Set) LoadFS(fsys fs.FS) ([]Sentence, error) {
	sents, err := s.load(fsys)
	if err != nil {
		return nil, fmt.Errorf("eval set %s: %w", s.Name, err)
	}
	return sents, nil
}

func readFile(fsys fs.FS, name string, cols []string, all string) ([]Sentence, error) {
	f, err := open(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := ReadCoNLL(f, cols, all)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// markedSet loads every *.txt posting with inline labels in dir, one
// Sentence per posting, in file name order.
func markedSet(dir string) func(fs.FS) ([]Sentence, error) {
	return func(fsys fs.FS) ([]Sentence, error) { return readMarkedDir(fsys, dir) }
}

func readMarkedDir(fsys fs.FS, dir string) ([]Sentence, error) {
	names, err := fs.Glob(fsys, dir+"/*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Sentence
	for _, n := range names {
		f, err := fsys.Open(n)
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		s, err := ReadMarked(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(n), err)
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no postings in %s", dir)
	}
	return out, nil
}

// Row is one line of the report table.
type Row struct {
	Set, Layer     string
	Counts         Counts
	Exact, Overlap PRF
}

// Rows flattens results into table rows, in set then layer order.
func Rows(results []Result) []Row {
	var rows []Row
	for _, r := range results {
		for _, l := range r.Layers {
			c := r.Counts[l]
			rows = append(rows, Row{Set: r.Set, Layer: l, Counts: c, Exact: c.Exact(), Overlap: c.Overlap()})
		}
	}
	return rows
}

// Markdown renders rows as the table docs/tagger.md publishes.
func Markdown(rows []Row) string {
	var b strings.Builder
	b.WriteString("| set | layer | gold | pred | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n",
			r.Set, r.Layer, r.Counts.Gold, r.Counts.Pred, r.Exact.P, r.Exact.R, r.Exact.F1, r.Overlap.P, r.Overlap.R, r.Overlap.F1)
	}
	return b.String()
}
