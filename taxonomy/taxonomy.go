// Package taxonomy holds the skills the pipeline counts: a versioned,
// human-reviewed list of soft and hard Health IT skills with their surface
// forms and the context rules that keep ambiguous forms ("Epic", "R",
// "Excel") from matching ordinary words.
//
// Its one job is to load and check that list; matching it against text is
// the tagger's job. It depends on the domain package, the YAML decoder and
// its own norm subpackage only, and must not depend on Kafka, ClickHouse or
// any pipeline stage.
package taxonomy

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/taxonomy/norm"
)

//go:embed data/skills.yaml
var defaultYAML string

// DefaultWindow is the number of tokens on each side of a match in which a
// rule's NeedsContext words are looked for when the rule leaves Window zero.
const DefaultWindow = 8

// Taxonomy is one version of the skills list. Build it with Parse or Default
// and check it with Validate before handing it to a tagger.
type Taxonomy struct {
	// Version names the data file's release (e.g. "2026.11.1"); tagged
	// postings record it so figures can be traced to the list that made them.
	Version string
	// Skills are the skills in file order.
	Skills []skillpulse.Skill
	// Rules are the context rules of ambiguous surface forms, by skill ID.
	Rules map[string][]Rule
	// Contexts are named word lists that rules refer to as "@name", so a
	// list such as the Epic application names is written once.
	Contexts map[string][]string

	index map[string]int
}

// Rule restricts when some surface forms of a skill count as a mention.
// Every condition that is set must hold; a form guarded by several rules
// must pass them all. Word lists may name a shared list as "@name".
type Rule struct {
	// Forms are the aliases (or the name) the rule guards, written as in
	// the skill; empty means every surface form of the skill.
	Forms []string `yaml:"forms,omitempty"`
	// RequiresCase lists the exact spellings, case and punctuation
	// included, that count: "Epic" but not "epic". Empty means any case.
	RequiresCase []string `yaml:"requires_case,omitempty"`
	// NotFollowedBy lists words or phrases that must not come right after
	// the match ("Excel" not followed by "in").
	NotFollowedBy []string `yaml:"not_followed_by,omitempty"`
	// NotPrecededBy lists words or phrases that must not come right before
	// the match ("our" leadership).
	NotPrecededBy []string `yaml:"not_preceded_by,omitempty"`
	// NeedsContext lists words or phrases of which at least one must occur
	// within Window tokens before or after the match. Empty means no need.
	NeedsContext []string `yaml:"needs_context,omitempty"`
	// NotNear lists words or phrases none of which may occur within Window
	// tokens before or after the match: "computer science" near "degree"
	// or "Bachelor's" names a degree subject, which ads and labellers do not
	// count as a skill.
	NotNear []string `yaml:"not_near,omitempty"`
	// Window is how many tokens on each side NeedsContext and NotNear look
	// at; zero means DefaultWindow.
	Window int `yaml:"window,omitempty"`
}

// file is the layout of the YAML data file.
type file struct {
	Version  string              `yaml:"version"`
	Contexts map[string][]string `yaml:"contexts"`
	Skills   []entry             `yaml:"skills"`
}

type entry struct {
	skillpulse.Skill `yaml:",inline"`
	Rules            []Rule `yaml:"rules,omitempty"`
}

// Default parses the taxonomy embedded in the binary, the one every worker
// uses unless told otherwise. It does not validate: call Validate.
func Default() (*Taxonomy, error) {
	t, err := Parse(strings.NewReader(defaultYAML))
	if err != nil {
		return nil, fmt.Errorf("embedded taxonomy: %w", err)
	}
	return t, nil
}

// Parse reads a taxonomy in the YAML layout of data/skills.yaml. Unknown
// fields are errors, so a misspelt rule key cannot silently switch a rule
// off. It does not validate: call Validate.
func Parse(r io.Reader) (*Taxonomy, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("parse taxonomy: %w", err)
	}
	t := &Taxonomy{
		Version:  f.Version,
		Skills:   make([]skillpulse.Skill, 0, len(f.Skills)),
		Rules:    make(map[string][]Rule),
		Contexts: f.Contexts,
		index:    make(map[string]int, len(f.Skills)),
	}
	for _, e := range f.Skills {
		if _, dup := t.index[e.ID]; !dup {
			t.index[e.ID] = len(t.Skills)
		}
		t.Skills = append(t.Skills, e.Skill)
		if len(e.Rules) > 0 {
			t.Rules[e.ID] = append(t.Rules[e.ID], e.Rules...)
		}
	}
	return t, nil
}

// Skill returns the skill with the given ID, so callers holding only an ID
// (a ClickHouse row, a CLI flag) can recover its name, kind and category.
func (t *Taxonomy) Skill(id string) (skillpulse.Skill, bool) {
	if t.index != nil {
		i, ok := t.index[id]
		if ok && i < len(t.Skills) && t.Skills[i].ID == id {
			return t.Skills[i], true
		}
	}
	for _, s := range t.Skills {
		if s.ID == id {
			return s, true
		}
	}
	return skillpulse.Skill{}, false
}

// SurfaceForms returns the name and aliases of s as the matcher sees them
// (normalised, deduplicated, in file order), dropping any that normalise to
// nothing.
func SurfaceForms(s skillpulse.Skill) []string {
	out := make([]string, 0, len(s.Aliases)+1)
	seen := make(map[string]bool, len(s.Aliases)+1)
	for _, a := range append([]string{s.Name}, s.Aliases...) {
		n := norm.Normalize(a)
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	return out
}

// Expand replaces every "@name" in words by the named context list, so the
// tagger sees plain words. Unknown names expand to nothing; Validate
// reports them.
func (t *Taxonomy) Expand(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		if name, ok := strings.CutPrefix(w, "@"); ok {
			out = append(out, t.Contexts[name]...)
			continue
		}
		out = append(out, w)
	}
	return out
}

// Validate checks the whole taxonomy and reports every problem at once,
// each naming the skill and the field, so a reviewer fixes a data file in
// one round: duplicate or malformed IDs, empty names, bad kinds, unknown
// categories, surface forms claimed by two skills, and broken rules.
func (t *Taxonomy) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if strings.TrimSpace(t.Version) == "" {
		add("version: empty")
	}
	if len(t.Skills) == 0 {
		add("skills: none")
	}
	for name, words := range t.Contexts {
		if len(words) == 0 {
			add("contexts.%s: empty list", name)
		}
		for _, w := range words {
			if norm.Normalize(w) == "" {
				add("contexts.%s: %q has no words", name, w)
			}
		}
	}
	ids := make(map[string]int, len(t.Skills))
	owner := make(map[string]string) // normalised form -> skill ID
	for i, s := range t.Skills {
		where := fmt.Sprintf("skill %d (%s)", i, s.ID)
		switch {
		case s.ID == "":
			add("%s: id: empty", where)
		case !isSlug(s.ID):
			add("%s: id: %q is not a lowercase slug like epic-cadence", where, s.ID)
		}
		if j, dup := ids[s.ID]; dup && s.ID != "" {
			add("%s: id: duplicate of skill %d", where, j)
		} else {
			ids[s.ID] = i
		}
		if strings.TrimSpace(s.Name) == "" {
			add("%s: name: empty", where)
		}
		if s.Kind != skillpulse.Soft && s.Kind != skillpulse.Hard {
			add("%s: kind: %q, want soft or hard", where, s.Kind)
		}
		switch {
		case strings.TrimSpace(s.Category) == "":
			add("%s: category: empty", where)
		case (s.Kind == skillpulse.Soft || s.Kind == skillpulse.Hard) && !knownCategory(s.Kind, s.Category):
			add("%s: category: %q is not a %s category (%s)", where, s.Category, s.Kind, strings.Join(Categories(s.Kind), ", "))
		}
		if s.ESCO != "" && !strings.HasPrefix(s.ESCO, "http://data.europa.eu/esco/") {
			add("%s: esco: %q is not an ESCO URI", where, s.ESCO)
		}
		for _, a := range s.Aliases {
			if norm.Normalize(a) == "" {
				add("%s: aliases: %q has no words", where, a)
			}
		}
		for _, f := range SurfaceForms(s) {
			if other, taken := owner[f]; taken && other != s.ID {
				add("%s: aliases: %q is also a surface form of %s", where, f, other)
				continue
			}
			owner[f] = s.ID
		}
	}
	ruleIDs := make([]string, 0, len(t.Rules))
	for id := range t.Rules {
		ruleIDs = append(ruleIDs, id)
	}
	sort.Strings(ruleIDs)
	for _, id := range ruleIDs {
		s, ok := t.Skill(id)
		if !ok {
			add("rules for %s: no such skill", id)
			continue
		}
		forms := make(map[string]bool)
		for _, f := range SurfaceForms(s) {
			forms[f] = true
		}
		for k, r := range t.Rules[id] {
			errs = append(errs, t.validateRule(fmt.Sprintf("skill %s: rules[%d]", id, k), r, forms)...)
		}
	}
	return errors.Join(errs...)
}

func (t *Taxonomy) validateRule(where string, r Rule, forms map[string]bool) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(r.RequiresCase)+len(r.NotFollowedBy)+len(r.NotPrecededBy)+len(r.NeedsContext)+len(r.NotNear) == 0 {
		add("%s: no condition set", where)
	}
	if r.Window < 0 {
		add("%s: window: %d is negative", where, r.Window)
	}
	for _, f := range r.Forms {
		if !forms[norm.Normalize(f)] {
			add("%s: forms: %q is not a name or alias of the skill", where, f)
		}
	}
	for _, c := range r.RequiresCase {
		if !forms[norm.Normalize(c)] {
			add("%s: requires_case: %q is not a name or alias of the skill", where, c)
		}
	}
	for field, words := range map[string][]string{
		"not_followed_by": r.NotFollowedBy, "not_preceded_by": r.NotPrecededBy, "needs_context": r.NeedsContext,
		"not_near": r.NotNear,
	} {
		for _, w := range words {
			if name, ok := strings.CutPrefix(w, "@"); ok {
				if _, known := t.Contexts[name]; !known {
					add("%s: %s: no context list named %q", where, field, name)
				}
				continue
			}
			if norm.Normalize(w) == "" {
				add("%s: %s: %q has no words", where, field, w)
			}
		}
	}
	return errs
}

func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// Categories lists the categories a skill of kind k may have, so that a
// typo ("ehr-system") is caught by Validate rather than splitting a
// dashboard's counts. It returns a new slice on each call.
func Categories(k skillpulse.Kind) []string {
	switch k {
	case skillpulse.Hard:
		return []string{
			"ehr_system", "ehr_module", "interoperability_standard", "integration_engine",
			"terminology_coding", "regulation_compliance", "certification", "licence",
			"programming_language", "data_analytics", "database", "cloud_infrastructure",
			"security", "methodology", "clinical_domain", "business_domain", "office_tool",
			"field_of_study", "language", ImportedCategory,
		}
	case skillpulse.Soft:
		return []string{
			"communication", "collaboration", "problem_solving", "adaptability", "organisation",
			"leadership", "attention_to_detail", "critical_thinking", "customer_service",
			"empathy", "interpersonal", "self_motivation", "work_ethic", ImportedCategory,
		}
	}
	return nil
}

func knownCategory(k skillpulse.Kind, c string) bool {
	for _, known := range Categories(k) {
		if c == known {
			return true
		}
	}
	return false
}

// Stats summarises a taxonomy for `skillpulse taxonomy stats` and for
// reviewers comparing two versions.
type Stats struct {
	Version string `json:"version"`
	Skills  int    `json:"skills"`
	// ByKind counts skills per kind.
	ByKind map[skillpulse.Kind]int `json:"by_kind"`
	// ByCategory counts skills per category.
	ByCategory map[string]int `json:"by_category"`
	// SurfaceForms counts distinct normalised names and aliases: the
	// strings the tagger looks for.
	SurfaceForms int `json:"surface_forms"`
	// Rules counts context rules.
	Rules int `json:"rules"`
}

// Stats counts skills by kind and category and the surface forms the
// tagger will look for.
func (t *Taxonomy) Stats() Stats {
	st := Stats{
		Version:    t.Version,
		Skills:     len(t.Skills),
		ByKind:     make(map[skillpulse.Kind]int),
		ByCategory: make(map[string]int),
	}
	forms := make(map[string]bool)
	for _, s := range t.Skills {
		st.ByKind[s.Kind]++
		st.ByCategory[s.Category]++
		for _, f := range SurfaceForms(s) {
			forms[f] = true
		}
	}
	st.SurfaceForms = len(forms)
	for _, rs := range t.Rules {
		st.Rules += len(rs)
	}
	return st
}
