// Package tagger finds taxonomy skills in plain posting text: the extract
// stage and `skillpulse tag` both call Tag, so what a user tries on the
// command line is exactly what the pipeline counts.
//
// Its one job is matching. It depends on the domain package and the
// taxonomy (for the skills, their context rules and the shared
// normalisation) and must not depend on Kafka, ClickHouse, HTML parsing or
// any pipeline stage: callers hand it plain text (see package htmltext).
//
// How it matches: the text is tokenised once (package taxonomy/norm), every
// token is looked up once in a dictionary of the words the taxonomy uses,
// and a trie over those word IDs is walked from each token, keeping the
// longest surface form whose context rules hold. Shorter matches inside a
// longer one are dropped. A hard skill right before a role noun
// ("developer", "engineer", "team"...) names a job or a team and is not
// counted (see roleNouns); a capitalised one that starts an employer's or a
// place's name ("Ruby Valley County Health") is not counted either (see
// nameNouns). The work per text is linear in its length times
// the longest surface form (a handful of tokens), with no regular
// expressions and no allocation beyond the returned slice.
//
// Boilerplate is skipped, by these rules on the token stream:
//   - EEO: a sentence (ended by '.', '!', '?' or a line break) containing an
//     equal-opportunity or diversity phrase ("equal opportunity",
//     "affirmative action", "without regard to", "protected veteran",
//     "diversity and inclusion", ...) yields no mentions;
//   - benefits sentence: a sentence naming two or more benefits ("dental",
//     "401(k)", "paid time off", "tuition reimbursement", ...) yields none;
//   - benefits section: a line that is a benefits heading ("Benefits",
//     "What we offer", "Perks", ...; alone on its line or followed by ':')
//     starts a section that yields no mentions until the next heading line:
//     a known section heading ("Requirements", "Qualifications", ...) or any
//     line of at most six words ending in ':'.
package tagger

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/taxonomy"
	"github.com/skillpulse/skillpulse/taxonomy/norm"
)

var _ skillpulse.Tagger = (*Tagger)(nil)

// Tagger matches one taxonomy against texts. Build it once with New and
// share it: Tag is safe for concurrent use.
type Tagger struct {
	skills []skillpulse.Skill
	// words maps every normalised word of a surface form, rule phrase or
	// boilerplate phrase to a small ID while New builds the trie.
	words map[string]int32
	// next maps (node<<32 | word ID) to the child node of the trie while
	// New builds it.
	next map[uint64]int32
	// wordIDs and children are read-only copies of words and next, built
	// for fast lookup once New is done (table.go).
	wordIDs  wordTable
	children childTable
	// rootChild is the trie's first level indexed by word ID (0: none),
	// which answers most lookups without hashing.
	rootChild []int32
	// info holds per trie node, in one word the walk loads anyway: bit 0
	// (endsForm) is set if the node ends a surface form or a marker
	// phrase, so the walk touches nodes only on a hit; bits 1 to 63 are a
	// one-hash Bloom filter of the word IDs of its children (childBit),
	// so most failing child lookups, and every one at a leaf, end without
	// probing the child table (4 MB for 40,000 terms: a cache miss each).
	info []uint64
	// nodes holds, per trie node, what a match ending there means.
	nodes []node
	// terms are the skills' normalised surface forms, sorted.
	terms []string
	// longest is the most tokens any surface form has.
	longest int
	// roleWords marks, by word ID, the role nouns ("developer", "engineer",
	// "team": a hard skill right before one names a job or a team, not a
	// requirement) and the role modifiers (which may stand between the
	// skill and its role noun: "Android Software Engineer"): a match costs
	// one array read when followed by neither.
	roleWords []roleWord
	// nameWords marks, by word ID, the words that end a proper name when
	// capitalised ("County", "Valley", "Partners"...): a capitalised skill
	// word right before them is part of an employer's or place's name
	// ("Ruby Valley County Health", "Java Creek Medical Center").
	nameWords []nameWord
	// scratch pools per-call buffers so Tag does not allocate them.
	scratch sync.Pool
}

type node struct {
	skill  int32 // index into skills, or -1
	marker marker
	// hard is true if skill is a hard skill: the role-noun check reads
	// it here rather than from the (much larger) Skill.
	hard  bool
	rules []rule
}

// marker says a node ends a boilerplate or heading phrase.
type marker uint8

const (
	markEEO marker = 1 << iota
	markBenefit
	markBenefitsHeading
	markHeading
)

type rule struct {
	requiresCase []string
	notFollowed  [][]int32
	notPreceded  [][]int32
	needs        [][]int32
	notNear      [][]int32
	// needsFirst and notNearFirst are 64-bit filters of the first word IDs
	// of needs and notNear: a token whose bit is clear starts none of them,
	// so most tokens of a window cost one AND.
	needsFirst, notNearFirst uint64
	window                   int
}

type candidate struct {
	i, j int // token range, j exclusive
	// node is the trie node matched, or -node-1 for a marker phrase
	// whose skill does not count here.
	node int32
}

// abs returns the trie node of c, whether or not its skill counts.
func (c candidate) abs() int32 {
	if c.node < 0 {
		return -c.node - 1
	}
	return c.node
}

type scratch struct {
	toks   []norm.Token
	buf    []byte
	ids    []int32
	cands  []candidate
	listed []candidate // hard matches held back by case or context rules
	sent   []int32     // sentence number per candidate
	lines  []int32     // index of the first token of each line
	breaks []int32     // tokens after a sentence end or line break, in order
	flags  []uint8     // per sentence: flagEEO, benefit count
	skip   []bool      // per candidate
}

// maxPooledBytes is the largest normalised text whose buffers Tag keeps
// for reuse: postings are a few KB, a 1 MB text is an outlier.
const maxPooledBytes = 1 << 20

const (
	sentEEO      = 0x80
	sentBenefits = 0x7f // mask of the benefit count
)

// Default compiles the taxonomy embedded in the binary, the one every
// worker uses unless told otherwise, and returns it too (callers record its
// version).
func Default() (*Tagger, *taxonomy.Taxonomy, error) {
	tax, err := taxonomy.Default()
	if err != nil {
		return nil, nil, err
	}
	tg, err := New(tax)
	if err != nil {
		return nil, nil, fmt.Errorf("embedded taxonomy %s: %w", tax.Version, err)
	}
	return tg, tax, nil
}

// New compiles t into a matcher. It validates t first, so a taxonomy with
// conflicting aliases or broken rules is refused rather than matched
// unpredictably.
func New(t *taxonomy.Taxonomy) (*Tagger, error) {
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("tagger: taxonomy %q: %w", t.Version, err)
	}
	tg := &Tagger{
		skills: append([]skillpulse.Skill(nil), t.Skills...),
		words:  make(map[string]int32),
		next:   make(map[uint64]int32),
		nodes:  []node{{skill: -1}},
	}
	tg.scratch.New = func() any { return new(scratch) }
	for i, s := range tg.skills {
		forms := taxonomy.SurfaceForms(s)
		rulesByForm := make(map[string][]rule)
		for _, r := range t.Rules[s.ID] {
			cr := tg.compileRule(t, r)
			if len(r.Forms) == 0 {
				for _, f := range forms {
					rulesByForm[f] = append(rulesByForm[f], cr)
				}
				continue
			}
			for _, f := range r.Forms {
				n := norm.Normalize(f)
				rulesByForm[n] = append(rulesByForm[n], cr)
			}
		}
		for _, f := range forms {
			n := tg.insert(norm.Words(f))
			tg.nodes[n].skill = int32(i)
			tg.nodes[n].hard = s.Kind == skillpulse.Hard
			tg.nodes[n].rules = rulesByForm[f]
			tg.terms = append(tg.terms, f)
		}
	}
	roleWords := make(map[int32]roleWord)
	for _, w := range roleNouns() {
		roleWords[tg.word(norm.Normalize(w))] = roleNoun
	}
	for _, w := range roleModifiers() {
		roleWords[tg.word(norm.Normalize(w))] = roleModifier
	}
	nameWords := make(map[int32]nameWord)
	for _, w := range nameNouns() {
		nameWords[tg.word(norm.Normalize(w))] = nameNoun
	}
	for _, w := range nameEnds() {
		nameWords[tg.word(norm.Normalize(w))] = nameEnd
	}
	for m, phrases := range boilerplate() {
		for _, p := range phrases {
			n := tg.insert(norm.Words(p))
			tg.nodes[n].marker |= m
		}
	}
	sort.Strings(tg.terms)
	tg.roleWords = make([]roleWord, len(tg.words))
	for w, r := range roleWords {
		tg.roleWords[w] = r
	}
	tg.nameWords = make([]nameWord, len(tg.words))
	for w, r := range nameWords {
		tg.nameWords[w] = r
	}
	tg.wordIDs = newWordTable(tg.words)
	tg.children = newChildTable(tg.next)
	tg.rootChild = make([]int32, len(tg.words))
	for k, child := range tg.next {
		if k>>32 == 0 {
			tg.rootChild[uint32(k)] = child
		}
	}
	tg.info = make([]uint64, len(tg.nodes))
	for i, nd := range tg.nodes {
		if nd.skill >= 0 || nd.marker != 0 {
			tg.info[i] |= endsForm
		}
	}
	for k := range tg.next {
		tg.info[k>>32] |= childBit(int32(uint32(k)))
	}
	tg.words, tg.next = nil, nil // only New writes them; Tag reads the tables
	return tg, nil
}

// endsForm is the bit of Tagger.info set for nodes that end a form.
const endsForm = 1

// childBit is word ID w's bit in the Bloom filter of Tagger.info: one of
// bits 1 to 63, chosen by a multiplicative hash of w.
func childBit(w int32) uint64 {
	return 2 << (uint32(w) * 0x9E3779B1 >> 26 % 63)
}

// boilerplate lists the phrases that mark equal-opportunity statements,
// benefits and section headings (see the package comment for how they are
// used). Phrases are normalised like surface forms.
func boilerplate() map[marker][]string {
	return map[marker][]string{
		markEEO: {
			"equal opportunity", "equal employment opportunity", "EEO", "EEOC", "affirmative action",
			"without regard to", "regardless of race", "protected veteran", "protected veterans",
			"veteran status", "disability status", "sexual orientation", "gender identity",
			"national origin", "reasonable accommodation", "reasonable accommodations",
			"E-Verify", "drug-free workplace", "pay transparency", "fair chance",
			"diversity, equity", "diversity and inclusion", "equity and inclusion", "DEI", "DE&I",
			"environment of inclusion", "inclusive workplace",
		},
		markBenefit: {
			"401(k)", "401k", "403(b)", "403b", "dental", "vision insurance", "health insurance",
			"medical insurance", "life insurance", "disability insurance", "paid time off", "PTO",
			"tuition reimbursement", "tuition assistance", "parental leave", "paid holidays",
			"retirement plan", "employee assistance program", "wellness program", "HSA", "FSA",
			"sign-on bonus", "relocation assistance", "employee discount", "employee discounts",
			"dental and vision", "vision coverage", "dental coverage", "medical coverage",
			"health coverage", "pension plan", "pension", "wellness reimbursement",
			"commuter benefits", "free parking", "retirement savings", "health plans",
		},
		markBenefitsHeading: {
			"benefits", "our benefits", "benefits and perks", "perks", "perks and benefits",
			"what we offer", "we offer", "what you'll get", "compensation and benefits",
			"total rewards", "why join us", "why work here", "why you'll love working here",
			"what's in it for you", "employee benefits", "benefits include",
		},
		markHeading: {
			"requirements", "qualifications", "minimum qualifications", "preferred qualifications",
			"required qualifications", "responsibilities", "key responsibilities", "duties",
			"essential duties", "what you'll do", "what you will do", "about you", "who you are",
			"skills", "required skills", "preferred skills", "experience", "education",
			"about the role", "the role", "job description", "job summary", "position summary",
			"overview", "about us", "nice to have", "what you bring", "what we're looking for",
		},
	}
}

// roleNouns are the words that turn a hard skill before them into a job
// title, a team, an organisational unit or its people: "Senior Java
// Developer", "our DevOps team", "the Surgical Services Department", "the
// Project Management Office", "the Nursing Practice Council", "revenue
// cycle leadership", "the CDI Manager", "Chief Nursing Informatics
// Officer". Titles and units are not requirements (the body of the ad
// states those), and counting them would credit a skill to every posting
// that merely names the role or the department it works with. "analyst"
// is deliberately absent: "Epic Cadence Analyst" is itself the requirement
// in Health IT ads.
func roleNouns() []string {
	return []string{
		"developer", "developers", "engineer", "engineers", "architect", "architects",
		"programmer", "programmers", "team", "teams", "industry", "guild", "community",
		"department", "departments", "dept", "office", "council", "committee", "committees",
		"division", "leadership", "leaders", "director", "directors", "manager", "managers", "officer", "officers",
	}
}

// roleModifiers are the words a job title may put between the skill and
// the role noun: "Senior Java Software Engineer", "Python Backend
// Developer", "Java Full Stack Developer". They are generic kinds of
// software work only. Domain words ("integration", "interface", "report",
// "data") are deliberately absent: in "Cerner CCL Report Developer" or
// "HL7 Integration Engineer" the skill is what the role is hired for.
func roleModifiers() []string {
	return []string{
		"software", "web", "backend", "frontend", "fullstack", "full", "stack", "back", "front", "end",
		"mobile", "app", "application", "senior", "lead", "principal", "staff", "junior",
	}
}

// roleWord says what a word is to a job title.
type roleWord uint8

const (
	roleNoun roleWord = iota + 1
	roleModifier
)

// maxRoleModifiers is how many modifiers namesRole looks past.
const maxRoleModifiers = 2

// namesRole reports whether the match ending before token j is followed,
// in the same sentence and with nothing but spaces or hyphens between, by
// a role noun, possibly after up to maxRoleModifiers role modifiers.
func (tg *Tagger) namesRole(toks []norm.Token, ids []int32, j int) bool {
	for k := j; k < len(ids) && k <= j+maxRoleModifiers; k++ {
		if toks[k].Sep&^norm.SepSpace != 0 {
			return false
		}
		if ids[k] < 0 {
			return false // a word no form or role uses
		}
		switch tg.roleWords[ids[k]] {
		case roleNoun:
			return true
		case roleModifier:
		default:
			return false
		}
	}
	return false
}

// nameNouns are the capitalised words that make the words before them a
// place's or an organisation's name: "Ruby Valley County Health", "Jenkins
// County Medical Center", "Agile Path Advisory Group", "Keystone Excel
// Health Partners". Every blind-labelled Health IT set has employers named
// after skill words; none counts them. Words that also head product names
// ("Hospital" in "Epic Hospital Billing", "Health" in "Azure Health Data
// Services") are left to nameEnds; "lake" and "consulting" are left out
// because skill keyword lines use them ("Azure Data Lake", "IT Consulting").
func nameNouns() []string {
	return []string{
		"county", "valley", "river", "creek", "ridge", "hills", "heights", "springs", "bay", "harbor",
		"harbour", "mountain", "park", "center", "centre", "partners", "associates", "staffing",
		"advisory", "foundation", "university", "college", "institute", "group",
	}
}

// nameEnds are the words that make a name only as its last capitalised
// word: "Spark Health" is an employer, "Azure Health Data Services" a
// product.
func nameEnds() []string {
	return []string{"health", "healthcare"}
}

// nameWord says what a word is to a proper name.
type nameWord uint8

const (
	nameNoun nameWord = iota + 1
	nameEnd
)

// maxNameWords is how many capitalised words namesOrg reads after a match.
const maxNameWords = 3

// namesOrg reports whether the capitalised match of tokens [i, j) starts a
// proper name: it is followed, on the same line with only spaces between,
// by up to maxNameWords capitalised words of which one is a nameNoun, or
// the last a nameEnd.
func (tg *Tagger) namesOrg(text string, toks []norm.Token, ids []int32, i, j int) bool {
	if !isUpper(text[toks[i].Start]) {
		return false
	}
	for k := j; k < len(toks) && k < j+maxNameWords; k++ {
		if toks[k].Sep&^norm.SepSpace != 0 || !isUpper(text[toks[k].Start]) {
			return false
		}
		if ids[k] < 0 {
			continue // a capitalised word of no form, role or name: "Three", "Bridgewater"
		}
		switch tg.nameWords[ids[k]] {
		case nameNoun:
			return true
		case nameEnd:
			last := k+1 >= len(toks) || toks[k+1].Sep&^norm.SepSpace != 0 || !isUpper(text[toks[k+1].Start])
			if last {
				return true
			}
		}
	}
	return false
}

func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }

func (tg *Tagger) word(w string) int32 {
	id, ok := tg.words[w]
	if !ok {
		id = int32(len(tg.words))
		tg.words[w] = id
	}
	return id
}

// insert adds the word sequence to the trie and returns its last node.
func (tg *Tagger) insert(ws []string) int32 {
	var n int32
	for _, w := range ws {
		key := uint64(n)<<32 | uint64(uint32(tg.word(w)))
		child, ok := tg.next[key]
		if !ok {
			child = int32(len(tg.nodes))
			tg.nodes = append(tg.nodes, node{skill: -1})
			tg.next[key] = child
		}
		n = child
	}
	if len(ws) > tg.longest {
		tg.longest = len(ws)
	}
	return n
}

func (tg *Tagger) phrases(t *taxonomy.Taxonomy, list []string) [][]int32 {
	var out [][]int32
	for _, p := range t.Expand(list) {
		ws := norm.Words(p)
		if len(ws) == 0 {
			continue
		}
		ids := make([]int32, len(ws))
		for k, w := range ws {
			ids[k] = tg.word(w)
		}
		out = append(out, ids)
	}
	return out
}

func (tg *Tagger) compileRule(t *taxonomy.Taxonomy, r taxonomy.Rule) rule {
	w := r.Window
	if w == 0 {
		w = taxonomy.DefaultWindow
	}
	cr := rule{
		requiresCase: r.RequiresCase,
		notFollowed:  tg.phrases(t, r.NotFollowedBy),
		notPreceded:  tg.phrases(t, r.NotPrecededBy),
		needs:        tg.phrases(t, r.NeedsContext),
		notNear:      tg.phrases(t, r.NotNear),
		window:       w,
	}
	cr.needsFirst, cr.notNearFirst = firstWords(cr.needs), firstWords(cr.notNear)
	return cr
}

// Terms returns every normalised surface form the matcher looks for,
// sorted, so `skillpulse taxonomy terms` shows reviewers exactly what will
// match. The slice is the caller's to keep.
func (tg *Tagger) Terms() []string {
	return append([]string(nil), tg.terms...)
}

// Tag returns the skill mentions in text, in text order. Start and End are
// UTF-8 byte offsets into text and Text is text[Start:End]. Mentions inside
// equal-opportunity statements and benefits sections are left out.
func (tg *Tagger) Tag(text string) []skillpulse.Mention {
	s := tg.scratch.Get().(*scratch)
	defer func() {
		// Do not keep the buffers of an unusually large text alive.
		if cap(s.buf) <= maxPooledBytes {
			tg.scratch.Put(s)
		}
	}()

	var trailing norm.Sep
	s.toks, s.buf, trailing = norm.Append(s.toks[:0], s.buf[:0], text)
	toks := s.toks
	n := len(toks)
	s.ids = grow(s.ids, n)
	s.breaks = s.breaks[:0]
	for k, t := range toks {
		s.ids[k] = tg.wordIDs.get(s.buf[t.NormStart:t.NormEnd])
		// Sentence and line starts, noted here so the boilerplate pass
		// need not walk the tokens again.
		if t.Sep&(norm.SepSentence|norm.SepLine) != 0 && k > 0 {
			s.breaks = append(s.breaks, int32(k))
		}
	}
	ids := s.ids

	// Longest match from each token whose rules hold. ends records the
	// surface forms ending along the walk; forms are a few words, so 16 is
	// far more than any path holds.
	s.cands, s.listed = s.cands[:0], s.listed[:0]
	var ends [16]struct {
		j    int
		node int32
	}
	for i := 0; i < n; {
		depth := 0
		var cur int32
		for j := i; j < n && ids[j] >= 0; j++ {
			if j > i && toks[j].Sep&(norm.SepSentence|norm.SepLine|norm.SepList|norm.SepColon) != 0 {
				break // surface forms do not span sentences, lines or list items
			}
			var child int32
			if cur == 0 {
				child = tg.rootChild[ids[j]]
				if child == 0 {
					break
				}
			} else {
				if tg.info[cur]&childBit(ids[j]) == 0 {
					break // no child of cur has this word
				}
				var ok bool
				if child, ok = tg.children.get(uint64(cur)<<32 | uint64(uint32(ids[j]))); !ok {
					break
				}
			}
			cur = child
			if tg.info[cur]&endsForm != 0 && depth < len(ends) {
				ends[depth].j, ends[depth].node = j+1, cur
				depth++
			}
		}
		matched := false
		listed := false
		for d := depth - 1; d >= 0; d-- {
			j, nid := ends[d].j, ends[d].node
			nd := &tg.nodes[nid]
			if nd.marker == 0 && !tg.rulesHold(nd.rules, text, toks, ids, i, j, false) {
				if !listed && nd.hard && tg.rulesHold(nd.rules, text, toks, ids, i, j, true) &&
					!tg.namesRole(toks, ids, j) && !tg.namesOrg(text, toks, ids, i, j) {
					s.listed = append(s.listed, candidate{i: i, j: j, node: nid})
					listed = true
				}
				continue
			}
			if nd.hard && (tg.namesRole(toks, ids, j) || tg.namesOrg(text, toks, ids, i, j)) {
				if nd.marker == 0 {
					continue
				}
				nid = -nid - 1
			}
			if nd.marker != 0 && nd.skill >= 0 && !tg.rulesHold(nd.rules, text, toks, ids, i, j, false) {
				nid = -nid - 1 // keep the marker, drop the skill
			}
			s.cands = append(s.cands, candidate{i: i, j: j, node: nid})
			i = j
			matched = true
			break
		}
		if !matched {
			i++
		} else if listed {
			s.listed = s.listed[:len(s.listed)-1] // a form matched here after all
		}
	}
	if len(s.listed) > 0 {
		tg.acceptListed(s, toks)
	}
	if len(s.cands) == 0 {
		return nil
	}

	// Most texts have no boilerplate marker at all, or a single benefit
	// word: then nothing is skipped and the boilerplate pass is not needed.
	var seen marker
	benefits := 0
	for _, c := range s.cands {
		m := tg.nodes[c.abs()].marker
		seen |= m
		if m&markBenefit != 0 {
			benefits++
		}
	}
	boiler := seen&(markEEO|markBenefitsHeading) != 0 || benefits >= 2
	if boiler {
		tg.markBoilerplate(s, trailing)
	} else {
		s.skip = grow(s.skip, len(s.cands))
		clear(s.skip)
	}

	// Count first so the one allocation Tag makes is exactly the result.
	count := 0
	for ci, c := range s.cands {
		if c.node >= 0 && !s.skip[ci] && tg.nodes[c.node].skill >= 0 {
			count++
		}
	}
	if count == 0 {
		return nil
	}
	out := make([]skillpulse.Mention, 0, count)
	prevSkill := int32(-1) // skill of out's last mention
	for ci, c := range s.cands {
		if c.node < 0 || s.skip[ci] {
			continue
		}
		nd := &tg.nodes[c.node]
		if nd.skill < 0 {
			continue
		}
		sk := &tg.skills[nd.skill]
		start, end := toks[c.i].Start, toks[c.j-1].End
		if nd.skill == prevSkill {
			k := len(out) - 1
			if whole, ok := abbreviated(text, out[k].Start, out[k].End, start, end); ok {
				out[k].End, out[k].Text = whole, text[out[k].Start:whole]
				continue
			}
		}
		prevSkill = nd.skill
		out = append(out, skillpulse.Mention{
			SkillID:  sk.ID,
			Skill:    sk.Name,
			Kind:     sk.Kind,
			Category: sk.Category,
			Start:    start,
			End:      end,
			Text:     text[start:end],
		})
	}
	return out
}

// acceptListed adds to s.cands the held-back matches of s.listed that
// stand in a list of other hard skills: "java, spring, linux", "Technologies:
// php go python". A list of skills is context enough for an ambiguous form
// that its case or context rule would otherwise refuse (lower-case "spring"
// or "go", "Cadence" in a list of Epic modules); its not_followed_by and
// not_preceded_by rules still held. A listed match counts when a counted
// hard match, or a listed match already accepted, touches it with only
// spaces or list punctuation between, on the same line and sentence.
func (tg *Tagger) acceptListed(s *scratch, toks []norm.Token) {
	joins := func(a, b candidate) bool { // a ends where b starts
		return a.j == b.i && toks[b.i].Sep&^(norm.SepSpace|norm.SepList) == 0
	}
	counts := func(c candidate) bool {
		return c.node >= 0 && tg.nodes[c.node].hard && tg.nodes[c.node].skill >= 0
	}
	for changed := true; changed; {
		changed = false
		for li := 0; li < len(s.listed); li++ {
			l := s.listed[li]
			// The first counted match starting at or after l.i.
			k := sort.Search(len(s.cands), func(k int) bool { return s.cands[k].i >= l.i })
			if k < len(s.cands) && s.cands[k].i < l.j || k > 0 && s.cands[k-1].j > l.i {
				continue // overlaps a counted match
			}
			if !(k > 0 && counts(s.cands[k-1]) && joins(s.cands[k-1], l) ||
				k < len(s.cands) && counts(s.cands[k]) && joins(l, s.cands[k])) {
				continue
			}
			s.cands = slices.Insert(s.cands, k, l)
			s.listed = slices.Delete(s.listed, li, li+1)
			li--
			changed = true
		}
	}
}

// abbreviated reports whether text[start:end] is the parenthesised
// abbreviation of the mention text[prevStart:prevEnd] right before it,
// "Google Cloud Platform (GCP)", and if so where the pair ends: one
// mention, not two, as a reader and a span-labelled corpus mark it. The
// abbreviation must spell the initials of the long form's words, all of
// them ("IoT") or all but the short function words ("NLP"), optionally
// with a plural "s" ("SOPs").
func abbreviated(text string, prevStart, prevEnd, start, end int) (int, bool) {
	if strings.TrimSpace(text[prevEnd:start]) != "(" {
		return 0, false
	}
	after := strings.TrimLeft(text[end:], " \t")
	if !strings.HasPrefix(after, ")") {
		return 0, false
	}
	abbr := text[start:end]
	if len(abbr) > 3 && abbr[len(abbr)-1] == 's' {
		abbr = abbr[:len(abbr)-1]
	}
	long := text[prevStart:prevEnd]
	if len(abbr) < 2 || !(initialsSpell(long, abbr, false) || initialsSpell(long, abbr, true)) {
		return 0, false
	}
	return len(text) - len(after) + 1, true
}

// initialsSpell reports whether the first letters of long's words (split
// at spaces, hyphens and slashes), without its short function words if
// skipFunction, spell abbr, ignoring case. It allocates nothing: Tag calls
// it for every pair of neighbouring mentions of one skill.
func initialsSpell(long, abbr string, skipFunction bool) bool {
	k := 0
	for len(long) > 0 {
		i := strings.IndexAny(long, " -/")
		w := long
		if i >= 0 {
			w, long = long[:i], long[i+1:]
		} else {
			long = ""
		}
		if w == "" || skipFunction && isFunctionWord(w) {
			continue
		}
		if k == len(abbr) || lowerASCII(w[0]) != lowerASCII(abbr[k]) {
			return false
		}
		k++
	}
	return k == len(abbr)
}

func isFunctionWord(w string) bool {
	for _, f := range [...]string{"of", "and", "&", "the", "for", "in", "on"} {
		if strings.EqualFold(w, f) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// markBoilerplate fills s.skip: true for the candidates in EEO or
// benefits sentences and in benefits sections. It works per candidate and
// per line, not per token: a posting has a few dozen candidates and lines
// but hundreds of tokens.
func (tg *Tagger) markBoilerplate(s *scratch, trailing norm.Sep) {
	toks, cands := s.toks, s.cands
	n := len(toks)
	s.sent = grow(s.sent, len(cands))
	s.skip = grow(s.skip, len(cands))
	// Sentence k starts at token breaks[k-1] (sentence 0 at token 0);
	// lines start at token 0 and at the breaks that are line breaks.
	s.lines = append(s.lines[:0], 0)
	for _, b := range s.breaks {
		if toks[b].Sep&norm.SepLine != 0 {
			s.lines = append(s.lines, b)
		}
	}
	bi := 0
	for ci, c := range cands {
		for bi < len(s.breaks) && int(s.breaks[bi]) <= c.i {
			bi++
		}
		s.sent[ci] = int32(bi)
	}
	sent := len(s.breaks)
	s.flags = grow(s.flags, sent+1)
	clear(s.flags)

	for ci, c := range cands {
		m := tg.nodes[c.abs()].marker
		if m&markEEO != 0 {
			s.flags[s.sent[ci]] |= sentEEO
		}
		if m&markBenefit != 0 && s.flags[s.sent[ci]]&sentBenefits < sentBenefits {
			s.flags[s.sent[ci]]++
		}
	}

	colonAfter := func(i int) bool { // is there a ':' right before token i (or at the end)?
		if i >= n {
			return trailing&norm.SepColon != 0
		}
		return toks[i].Sep&norm.SepColon != 0
	}
	inBenefits := false
	ci := 0
	for li, start := range s.lines {
		k, e := int(start), n
		if li+1 < len(s.lines) {
			e = int(s.lines[li+1])
		}
		// A heading is a candidate at the line's start that ends the line
		// or is followed by ':'.
		var m marker
		if ci < len(cands) && cands[ci].i == k {
			c := cands[ci]
			if c.j >= n || toks[c.j].Sep&norm.SepLine != 0 || colonAfter(c.j) {
				m = tg.nodes[c.abs()].marker
			}
		}
		switch {
		case m&markBenefitsHeading != 0:
			inBenefits = true
		case m&markHeading != 0 || (e-k <= 6 && colonAfter(e)):
			inBenefits = false
		}
		for ; ci < len(cands) && cands[ci].i < e; ci++ {
			f := s.flags[s.sent[ci]]
			s.skip[ci] = inBenefits || f&sentEEO != 0 || f&sentBenefits >= 2
		}
	}
}

// rulesHold reports whether every rule holds for the match of tokens [i, j).
// inList checks only the neighbour rules (not_followed_by, not_preceded_by):
// acceptListed lets a list of skills stand in for case and context.
func (tg *Tagger) rulesHold(rules []rule, text string, toks []norm.Token, ids []int32, i, j int, inList bool) bool {
	for k := range rules {
		r := &rules[k]
		if len(r.requiresCase) > 0 && !inList {
			orig := text[toks[i].Start:toks[j-1].End]
			ok := false
			for _, c := range r.requiresCase {
				if orig == c {
					ok = true
					break
				}
			}
			if !ok {
				return false
			}
		}
		if j < len(toks) && toks[j].Sep&(norm.SepSentence|norm.SepLine) == 0 {
			for _, p := range r.notFollowed {
				if phraseAt(ids, j, p) {
					return false
				}
			}
		}
		if i > 0 && toks[i].Sep&(norm.SepSentence|norm.SepLine) == 0 {
			for _, p := range r.notPreceded {
				if i-len(p) >= 0 && phraseAt(ids, i-len(p), p) {
					return false
				}
			}
		}
		if len(r.needs) > 0 && !inList && !nearby(ids, i, j, r.window, r.needs, r.needsFirst) {
			return false
		}
		// A veto holds in a list too: "a degree in computer science,
		// information systems or a related field" lists degree subjects.
		if len(r.notNear) > 0 && nearby(ids, i, j, r.window, r.notNear, r.notNearFirst) {
			return false
		}
	}
	return true
}

// firstWords is the filter of the phrases' first word IDs that nearby
// reads: bit id%64 set for each.
func firstWords(phrases [][]int32) uint64 {
	var f uint64
	for _, p := range phrases {
		if len(p) > 0 {
			f |= wordBit(p[0])
		}
	}
	return f
}

func wordBit(id int32) uint64 { return 1 << (uint32(id) % 64) }

// nearby reports whether one of phrases starts within window tokens before
// or after the match of tokens [i, j), outside the match; first is their
// firstWords filter. The matched words are no context for themselves:
// "outlook. Outlook" must not vouch for Outlook.
func nearby(ids []int32, i, j, window int, phrases [][]int32, first uint64) bool {
	lo, hi := max(0, i-window), min(len(ids), j+window)
	for k := lo; k < hi; k++ {
		if k >= i && k < j || ids[k] < 0 || first&wordBit(ids[k]) == 0 {
			continue
		}
		for _, p := range phrases {
			if phraseAt(ids, k, p) && !slices.Equal(p, ids[i:j]) {
				return true
			}
		}
	}
	return false
}

func phraseAt(ids []int32, at int, p []int32) bool {
	if at+len(p) > len(ids) {
		return false
	}
	for k, w := range p {
		if ids[at+k] != w {
			return false
		}
	}
	return true
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}
