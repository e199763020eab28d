package taxonomy

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/taxonomy/norm"
)

// ImportedCategory is the category of every skill brought in by ReadONET or
// ReadESCO: their own groupings (UNSPSC commodities, ESCO pillars) do not
// map one to one onto skillpulse's categories, and a reviewer promoting an
// imported skill into skills.yaml picks the right one.
const ImportedCategory = "imported"

// Decompress returns r itself, or a gzip reader over it when r starts with
// the gzip magic bytes, so importers accept the .gz copies shipped in
// taxonomy/sources as well as fresh downloads.
func Decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return z, nil
	}
	return br, nil
}

// ReadONET reads O*NET's "Technology Skills" file (tab-separated, with the
// header O*NET-SOC Code, Example, Commodity Code, ...): one hard skill per
// distinct Example, the product names occupations list ("Epic Systems",
// "Microsoft Excel"), carrying its UNSPSC commodity code.
func ReadONET(r io.Reader) ([]skillpulse.Skill, error) {
	r, err := Decompress(r)
	if err != nil {
		return nil, fmt.Errorf("onet: %w", err)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var (
		out  []skillpulse.Skill
		seen = map[string]bool{}
		col  = map[string]int{}
	)
	for line := 1; sc.Scan(); line++ {
		f := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
		if line == 1 {
			for i, h := range f {
				col[h] = i
			}
			if _, ok := col["Example"]; !ok {
				return nil, fmt.Errorf("onet: line 1: no Example column (is this Technology Skills.txt?)")
			}
			continue
		}
		ex := get(f, col, "Example")
		if ex == "" || seen[ex] {
			continue
		}
		seen[ex] = true
		out = append(out, skillpulse.Skill{
			ID: "onet-" + slug(ex), Name: ex, Kind: skillpulse.Hard, Category: ImportedCategory,
			ONET: get(f, col, "Commodity Code"),
		})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("onet: %w", err)
	}
	return out, nil
}

// ReadESCO reads an ESCO skills CSV export (skills_en.csv or a collection
// such as transversalSkillsCollection_en.csv): columns conceptUri,
// preferredLabel, altLabels (newline- or " | "-separated) and, if present,
// reuseLevel. Transversal skills become soft skills, all others hard.
func ReadESCO(r io.Reader) ([]skillpulse.Skill, error) {
	r, err := Decompress(r)
	if err != nil {
		return nil, fmt.Errorf("esco: %w", err)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("esco: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, need := range []string{"conceptUri", "preferredLabel"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("esco: header has no %s column", need)
		}
	}
	var out []skillpulse.Skill
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("esco: %w", err)
		}
		name := get(rec, col, "preferredLabel")
		uri := get(rec, col, "conceptUri")
		if name == "" || !strings.HasPrefix(uri, "http://data.europa.eu/esco/") {
			continue
		}
		kind := skillpulse.Hard
		if get(rec, col, "reuseLevel") == "transversal" {
			kind = skillpulse.Soft
		}
		var aliases []string
		for _, a := range strings.FieldsFunc(get(rec, col, "altLabels"), func(r rune) bool { return r == '\n' || r == '|' }) {
			if a = strings.TrimSpace(a); a != "" && a != name {
				aliases = append(aliases, a)
			}
		}
		id := uri[strings.LastIndexByte(uri, '/')+1:]
		out = append(out, skillpulse.Skill{
			ID: "esco-" + slug(id), Name: name, Kind: kind, Category: ImportedCategory,
			Aliases: aliases, ESCO: uri,
		})
	}
	return out, nil
}

func get(f []string, col map[string]int, name string) string {
	i, ok := col[name]
	if !ok || i >= len(f) {
		return ""
	}
	return strings.TrimSpace(f[i])
}

// slug turns a label into the lowercase-slug form Validate requires.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// MergeReport says what Merge kept and dropped, so `taxonomy import` can
// tell the user why the output has fewer skills than the sources.
type MergeReport struct {
	// Added counts skills added; Forms counts their surface forms.
	Added, Forms int
	// DroppedForms counts names and aliases already claimed by an earlier
	// skill (the curated list wins, then the first source given).
	DroppedForms int
	// DroppedSkills counts skills left with no surface form of their own.
	DroppedSkills int
}

// Merge appends skills to t, keeping the result valid: a surface form
// already claimed stays with its first owner and is dropped from the newcomer
// (a skill whose every form is taken is left out), and an ID already in use
// gets a numeric suffix. The curated skills are never changed.
func (t *Taxonomy) Merge(skills []skillpulse.Skill) MergeReport {
	var rep MergeReport
	owner := make(map[string]bool)
	ids := make(map[string]bool, len(t.Skills)+len(skills))
	for _, s := range t.Skills {
		ids[s.ID] = true
		for _, f := range SurfaceForms(s) {
			owner[f] = true
		}
	}
	if t.index == nil {
		t.index = make(map[string]int)
	}
	for _, s := range skills {
		var keep []string
		for _, a := range append([]string{s.Name}, s.Aliases...) {
			n := norm.Normalize(a)
			if n == "" {
				continue
			}
			if owner[n] {
				rep.DroppedForms++
				continue
			}
			owner[n] = true
			keep = append(keep, a)
		}
		if len(keep) == 0 {
			rep.DroppedSkills++
			continue
		}
		s.Name, s.Aliases = keep[0], keep[1:]
		if len(s.Aliases) == 0 {
			s.Aliases = nil
		}
		id := s.ID
		for n := 2; ids[id]; n++ {
			id = s.ID + "-" + strconv.Itoa(n)
		}
		s.ID = id
		ids[id] = true
		t.index[id] = len(t.Skills)
		t.Skills = append(t.Skills, s)
		rep.Added++
		rep.Forms += len(keep)
	}
	return rep
}

// Write encodes t in the layout Parse reads, so an imported taxonomy can be
// reviewed, edited and loaded with --taxonomy like the shipped one.
// Skills are written in their current order.
func (t *Taxonomy) Write(w io.Writer) error {
	f := file{Version: t.Version, Contexts: t.Contexts}
	for _, s := range t.Skills {
		f.Skills = append(f.Skills, entry{Skill: s, Rules: t.Rules[s.ID]})
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("write taxonomy: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("write taxonomy: %w", err)
	}
	return nil
}
