// Command gen writes the bundled sample postings: realistic but fictional
// Health IT job ads composed from the hand-written building blocks in this
// directory, so that a first run of skillpulse shows a believable market.
//
//	go run ./sampledata/internal/gen -out sampledata/postings.jsonl
//
// The output depends only on the seed and the flags: the generator uses its
// own random number generator and no maps in its output path, never the
// clock or the network, so the committed file can be checked against it byte
// for byte. It must not depend on anything but the standard library and the
// skillpulse domain package.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skillpulse/skillpulse"
)

// Defaults of the command line; the committed sample data uses them.
const (
	defaultSeed   = 20260501
	defaultJobs   = 250
	defaultGroups = 18
)

// firstDay is the first day a sample posting may carry.
func firstDay() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) }

// lastDay is the last day a sample posting may carry.
func lastDay() time.Time { return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) }

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run parses the flags and writes the postings and the duplicate list.
func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "sampledata/postings.jsonl", "where to write the postings, one JSON object a line")
	dups := fs.String("dups", "", "where to write the planted duplicate groups (default: duplicates.json next to -out)")
	seed := fs.Uint64("seed", defaultSeed, "random seed")
	jobs := fs.Int("jobs", defaultJobs, "number of distinct jobs")
	groups := fs.Int("groups", defaultGroups, "number of planted duplicate groups")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dups == "" {
		*dups = filepath.Join(filepath.Dir(*out), "duplicates.json")
	}
	ps, gs, err := generate(*seed, *jobs, *groups)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, p := range ps {
		start := buf.Len()
		if err := enc.Encode(p.raw); err != nil {
			return fmt.Errorf("encode posting %s: %w", p.key(), err)
		}
		// Every posting must pass the check the pipeline itself applies.
		if _, err := skillpulse.ParseRawPosting(buf.Bytes()[start:]); err != nil {
			return fmt.Errorf("posting %s: %w", p.key(), err)
		}
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write postings: %w", err)
	}
	dj, err := json.MarshalIndent(gs, "", "  ")
	if err != nil {
		return fmt.Errorf("encode duplicate groups: %w", err)
	}
	if err := os.WriteFile(*dups, append(dj, '\n'), 0o644); err != nil {
		return fmt.Errorf("write duplicate groups: %w", err)
	}
	fmt.Fprintf(stderr, "gen: wrote %d postings (%d planted copies in %d groups) to %s\n",
		len(ps), len(ps)-*jobs, len(gs), *out)
	return nil
}

// rawJSON is the raw posting v1 wire shape, written with HTML left unescaped
// so that the file stays readable.
type rawJSON struct {
	Source      string `json:"source"`
	SourceID    string `json:"source_id"`
	Title       string `json:"title"`
	Employer    string `json:"employer"`
	Location    string `json:"location"`
	PostedAt    string `json:"posted_at"`
	Description string `json:"description"`
	URL         string `json:"url"`
	FetchedAt   string `json:"fetched_at"`
}

// posting is a generated posting plus what the generator needs to copy it.
type posting struct {
	raw    rawJSON
	at     time.Time // posting time
	emp    employer
	years  int
	remote bool
}

func (p posting) key() string { return p.raw.Source + ":" + p.raw.SourceID }

// dupGroup is one planted duplicate group: the original first, then copies.
type dupGroup struct {
	// Kind is "repost" (same source, new id, days later, tiny edits),
	// "syndicated" (same job on a second source) or "both".
	Kind string   `json:"kind"`
	Keys []string `json:"keys"`
}

// generate composes jobs distinct postings and plants groups duplicate
// groups among them; the result is sorted by posting time.
func generate(seed uint64, jobs, groups int) ([]posting, []dupGroup, error) {
	if jobs < 1 || groups < 0 || groups > jobs {
		return nil, nil, fmt.Errorf("bad counts: %d jobs, %d groups", jobs, groups)
	}
	g := &generator{r: &rng{s: seed}, ids: make(map[string]bool), emps: employers(), roles: roles()}
	ps := make([]posting, 0, jobs+2*groups)
	for range jobs {
		p, err := g.job()
		if err != nil {
			return nil, nil, err
		}
		ps = append(ps, p)
	}
	// Plant duplicates on originals early enough for a repost to fit the range.
	var cands []int
	for i, p := range ps {
		if p.at.Before(lastDay().AddDate(0, 0, -14)) {
			cands = append(cands, i)
		}
	}
	if len(cands) < groups {
		return nil, nil, errors.New("too few postings to plant duplicates on")
	}
	g.r.shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	var gs []dupGroup
	for n, i := range cands[:groups] {
		orig := ps[i]
		kind := "repost"
		switch {
		case n < groups/4:
			kind = "both"
		case g.r.chance(0.5):
			kind = "syndicated"
		}
		grp := dupGroup{Kind: kind, Keys: []string{orig.key()}}
		if kind == "repost" || kind == "both" {
			c := g.repost(orig)
			ps = append(ps, c)
			grp.Keys = append(grp.Keys, c.key())
		}
		if kind == "syndicated" || kind == "both" {
			c := g.syndicate(orig)
			ps = append(ps, c)
			grp.Keys = append(grp.Keys, c.key())
		}
		gs = append(gs, grp)
	}
	slices.SortStableFunc(ps, func(a, b posting) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return strings.Compare(a.key(), b.key())
	})
	return ps, gs, nil
}

// generator holds the state of one run.
type generator struct {
	r     *rng
	ids   map[string]bool // keys handed out, to keep (source, source_id) unique
	emps  []employer
	roles []role
}

// job composes one distinct posting.
func (g *generator) job() (posting, error) {
	r := g.pickRole()
	var elig []employer
	for _, e := range g.emps {
		if slices.Contains(r.orgs, e.kind) && satisfies(e, r.needs) {
			elig = append(elig, e)
		}
	}
	if len(elig) == 0 {
		return posting{}, fmt.Errorf("role %s: no eligible employer", r.family)
	}
	e := elig[g.r.intn(len(elig))]
	ehr := e.ehr
	if ehr == "" && e.kind == consult {
		switch {
		case r.needs == "epic" || r.needs == "cerner":
			ehr = r.needs
		case g.r.chance(0.65):
			ehr = "epic"
		default:
			ehr = "cerner"
		}
	}
	tags := []string{string(e.kind)}
	if e.kind == hospital || e.kind == public {
		tags = append(tags, "provider")
	}
	if ehr != "" {
		tags = append(tags, ehr)
	}
	cityName, state, _ := strings.Cut(e.city, ", ")
	subst := []string{"{employer}", e.name, "{blurb}", e.blurb, "{cityname}", cityName, "{state}", state}
	switch ehr {
	case "epic":
		subst = append(subst, "{ehr}", "Epic")
	case "cerner":
		subst = append(subst, "{ehr}", "Oracle Health (Cerner) PowerChart")
	}
	for _, opts := range r.vars {
		o := g.pickVar(opts)
		for i := 0; i+1 < len(o.kv); i += 2 {
			if o.kv[i] == "tag" {
				tags = append(tags, o.kv[i+1])
				continue
			}
			subst = append(subst, "{"+o.kv[i]+"}", o.kv[i+1])
		}
	}

	// Date: volume grows over the months; postings fall on weekdays.
	span := lastDay().Sub(firstDay()).Hours() / 24
	day := firstDay().AddDate(0, 0, int(math.Pow(g.r.float(), 0.8)*(span+1)))
	switch day.Weekday() {
	case time.Saturday:
		day = day.AddDate(0, 0, -1)
	case time.Sunday:
		day = day.AddDate(0, 0, 1)
	}
	if day.After(lastDay()) {
		day = lastDay().AddDate(0, 0, -1) // 2026-11-20 is a Friday
	}
	t := day.Sub(firstDay()).Hours() / 24 / span
	at := day.Add(time.Duration(13+g.r.intn(9))*time.Hour + time.Duration(g.r.intn(60))*time.Minute + time.Duration(g.r.intn(60))*time.Second)

	title := g.pickTitle(r, tags)
	years := 2 + g.r.intn(4)
	switch {
	case strings.Contains(title, "Senior") || strings.Contains(title, "Staff") || strings.Contains(title, "III") || strings.Contains(title, "Group"):
		years += 3
	case strings.Contains(title, " II"):
		years++
	}
	subst = append(subst, "{years}", strconv.Itoa(years))
	rep := strings.NewReplacer(subst...)
	title = rep.Replace(title)

	// Hospitals and agencies want people on site more than vendors do.
	onSite := map[orgKind]float64{hospital: 0.5, public: 0.3, payer: 0.8}[e.kind]
	if onSite == 0 {
		onSite = 1
	}
	remote := g.r.chance(r.remote * onSite)
	loc := e.city
	switch {
	case remote:
		loc = pick(g.r, []string{"Remote - US", "Remote (US)", "Remote - US", "Remote, United States"})
	case g.r.chance(0.35):
		loc = pick(g.r, []string{e.city + " (Hybrid)", "Hybrid - " + e.city})
	}

	var desc string
	for attempt := 0; ; attempt++ {
		desc = g.describe(r, e, tags, t, rep)
		if n := len(desc); n >= 1500 && n <= 5000 {
			break
		}
		if attempt == 100 {
			return posting{}, fmt.Errorf("role %s at %s: no description of 1.5-5 KB in 100 attempts", r.family, e.name)
		}
	}
	p := posting{
		raw:    rawJSON{Title: title, Employer: e.name, Location: loc, Description: desc},
		at:     at,
		emp:    e,
		years:  years,
		remote: remote,
	}
	g.place(&p, e.ats)
	return p, nil
}

// satisfies reports whether employer e can post a role that needs the tag.
func satisfies(e employer, needs string) bool {
	switch needs {
	case "":
		return true
	case "ehr":
		return e.ehr != ""
	default:
		return e.ehr == needs || e.kind == consult
	}
}

func (g *generator) pickRole() role {
	var total float64
	for _, r := range g.roles {
		total += r.weight
	}
	x := g.r.float() * total
	for _, r := range g.roles {
		if x < r.weight {
			return r
		}
		x -= r.weight
	}
	return g.roles[len(g.roles)-1]
}

func (g *generator) pickVar(opts []varOpt) varOpt {
	var total float64
	for _, o := range opts {
		total += o.w
	}
	x := g.r.float() * total
	for _, o := range opts {
		if x < o.w {
			return o
		}
		x -= o.w
	}
	return opts[len(opts)-1]
}

func (g *generator) pickTitle(r role, tags []string) string {
	var all []string
	for _, it := range r.titles {
		if applies(it.when, tags) {
			all = append(all, it.v...)
		}
	}
	return pick(g.r, all)
}

// applies reports whether an item with the condition when fits the tags.
func applies(when string, tags []string) bool {
	switch {
	case when == "":
		return true
	case strings.HasPrefix(when, "!"):
		return !slices.Contains(tags, when[1:])
	default:
		return slices.Contains(tags, when)
	}
}

// draw returns the phrasings of the items that come up, in order.
func (g *generator) draw(items []item, tags []string, t float64) []string {
	var out []string
	for _, it := range items {
		if !applies(it.when, tags) {
			continue
		}
		if g.r.chance(it.p + it.trend*t) {
			out = append(out, pick(g.r, it.v))
		}
	}
	return out
}

// trim drops random entries until at most max remain.
func (g *generator) trim(xs []string, max int) []string {
	for len(xs) > max {
		i := g.r.intn(len(xs))
		xs = append(xs[:i], xs[i+1:]...)
	}
	return xs
}

// headings are the section names one source's ads use.
type headings struct {
	about, summary, resp, req, pref, benefits string
	aboutLast                                 bool
}

func headingsFor(source string) headings {
	switch source {
	case "greenhouse":
		return headings{"About {employer}", "About the Role", "What You'll Do", "What You Bring", "Nice to Have", "Benefits", false}
	case "lever":
		return headings{"Who we are", "The role", "Responsibilities", "Requirements", "Bonus points", "What we offer", false}
	case "workday":
		return headings{"About Us", "Job Summary", "Essential Functions", "Minimum Qualifications", "Preferred Qualifications", "Benefits", true}
	case "usajobs-sample":
		return headings{"Summary", "This Position", "Duties", "Qualifications", "Desired Qualifications", "Benefits", false}
	default:
		return headings{"Overview", "Position Summary", "Responsibilities", "Required Qualifications", "Preferred Qualifications", "Why Work Here", false}
	}
}

// describe composes the HTML description of one posting.
func (g *generator) describe(r role, e employer, tags []string, t float64, rep *strings.Replacer) string {
	h := headingsFor(e.ats)
	aboutP := pick(g.r, about(e.kind))
	summary := pick(g.r, r.summary)
	if cl := g.draw(closers(), tags, t); len(cl) > 0 {
		summary += " " + cl[g.r.intn(len(cl))]
	}
	resp := g.trim(g.draw(r.resp, tags, t), 9)
	req := g.trim(g.draw(r.req, tags, t), 8)
	pref := g.trim(g.draw(r.pref, tags, t), 6)
	for _, s := range g.draw(append(softSkills(), r.soft...), tags, t) {
		if g.r.chance(0.75) {
			at := min(len(req), 2+g.r.intn(len(req)+1))
			req = slices.Insert(req, at, s)
		} else {
			pref = append(pref, s)
		}
	}
	if len(resp) < 4 || len(req) < 3 {
		return "" // too thin; the caller composes again
	}

	htmlText := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	var b strings.Builder
	head := func(s string) { b.WriteString("<p><strong>" + htmlText.Replace(rep.Replace(s)) + "</strong></p>") }
	para := func(s string) { b.WriteString("<p>" + htmlText.Replace(rep.Replace(s)) + "</p>") }
	list := func(xs []string) {
		b.WriteString("<ul>")
		for _, x := range xs {
			b.WriteString("<li>" + htmlText.Replace(rep.Replace(x)) + "</li>")
		}
		b.WriteString("</ul>")
	}
	if !h.aboutLast {
		head(h.about)
		para(aboutP)
	}
	head(h.summary)
	para(summary)
	head(h.resp)
	list(resp)
	head(h.req)
	list(req)
	if len(pref) > 0 {
		head(h.pref)
		list(pref)
	}
	if h.aboutLast {
		head(h.about)
		para(aboutP)
	}
	if g.r.chance(0.45) {
		lo := r.pay[0] + g.r.intn(9) - 4
		hi := r.pay[1] + g.r.intn(13) - 4
		b.WriteString(fmt.Sprintf("<p><strong>Pay range:</strong> $%d,000 - $%d,000 per year. Final pay depends on experience, skills and location.</p>", lo, hi))
	}
	head(h.benefits)
	para(pick(g.r, benefits(e.kind, e.ats == "usajobs-sample")))
	if e.ats == "usajobs-sample" {
		para("This is a fictional sample announcement. U.S. citizenship is required. Selectees may be subject to a background investigation.")
	}
	para(pick(g.r, eeo(e.kind)))
	return b.String()
}

// place gives the posting a source, a fresh source id and URL, and the date
// formats that source uses.
func (g *generator) place(p *posting, source string) {
	p.raw.Source = source
	for {
		p.raw.SourceID = g.sourceID(source)
		if !g.ids[p.key()] {
			break
		}
	}
	g.ids[p.key()] = true
	slug := p.emp.slug
	titleSlug := slugify(p.raw.Title)
	switch source {
	case "greenhouse":
		p.raw.URL = "https://boards.example.com/" + slug + "/jobs/" + p.raw.SourceID
	case "lever":
		p.raw.URL = "https://jobs.example.com/" + slug + "/" + p.raw.SourceID
	case "workday":
		city, _, _ := strings.Cut(p.emp.city, ",")
		p.raw.URL = "https://" + slug + ".wd5.example.com/en-US/careers/job/" + slugify(city) + "/" + titleSlug + "_" + p.raw.SourceID
	case "usajobs-sample":
		p.raw.URL = "https://usajobs-sample.example.com/job/" + p.raw.SourceID
	default:
		p.raw.URL = "https://careers." + slug + ".example.com/jobs/" + p.raw.SourceID + "/" + titleSlug
	}
	switch {
	case source == "greenhouse":
		p.raw.PostedAt = p.at.In(time.FixedZone("", -5*3600)).Format(time.RFC3339)
	case source == "lever":
		p.raw.PostedAt = p.at.Format(time.RFC3339)
	case source == "careers-site" && len(p.emp.slug)%2 == 0:
		p.raw.PostedAt = p.at.Format(time.RFC3339)
	default:
		p.raw.PostedAt = p.at.Format(time.DateOnly)
	}
	fetched := p.at.Add(time.Duration(1+g.r.intn(60))*time.Hour + time.Duration(g.r.intn(3600))*time.Second)
	p.raw.FetchedAt = fetched.Format(time.RFC3339)
}

func (g *generator) sourceID(source string) string {
	switch source {
	case "greenhouse":
		return strconv.Itoa(4000000 + g.r.intn(3000000))
	case "lever":
		const hex = "0123456789abcdef"
		var b strings.Builder
		for i := range 32 {
			if i == 8 || i == 12 || i == 16 || i == 20 {
				b.WriteByte('-')
			}
			b.WriteByte(hex[g.r.intn(16)])
		}
		return b.String()
	case "workday":
		return fmt.Sprintf("JR%06d", 100000+g.r.intn(900000))
	case "usajobs-sample":
		return strconv.Itoa(800000000 + g.r.intn(100000000))
	default:
		return fmt.Sprintf("REQ-%05d", g.r.intn(100000))
	}
}

// repost copies a posting the way an employer reposts a job: same source,
// new id, a few days later, with a tiny edit.
func (g *generator) repost(orig posting) posting {
	c := orig
	c.at = orig.at.AddDate(0, 0, 3+g.r.intn(10)).Add(time.Duration(g.r.intn(120)-60) * time.Minute)
	if wd := c.at.Weekday(); wd == time.Saturday || wd == time.Sunday {
		c.at = c.at.AddDate(0, 0, 2)
	}
	c.raw.Title = g.editTitle(orig.raw.Title)
	c.raw.Description = g.editDescription(orig)
	g.place(&c, orig.raw.Source)
	return c
}

// syndicate copies a posting the way a job board syndicates it: the same
// job on a second source within a day or two, text mostly unchanged.
func (g *generator) syndicate(orig posting) posting {
	c := orig
	c.at = orig.at.AddDate(0, 0, g.r.intn(3)).Add(time.Duration(g.r.intn(240)) * time.Minute)
	if g.r.chance(0.4) {
		c.raw.Description = g.editDescription(orig)
	}
	var others []string
	for _, s := range []string{"greenhouse", "lever", "workday", "careers-site"} {
		if s != orig.raw.Source {
			others = append(others, s)
		}
	}
	g.place(&c, pick(g.r, others))
	return c
}

func (g *generator) editTitle(t string) string {
	switch {
	case strings.Contains(t, "Senior "):
		return strings.Replace(t, "Senior ", "Sr. ", 1)
	case strings.Contains(t, " - ") && g.r.chance(0.5):
		return strings.Replace(t, " - ", ", ", 1)
	}
	return t
}

// editDescription makes one of the small edits employers make when they
// repost a job; nothing in it says that it is a copy.
func (g *generator) editDescription(p posting) string {
	d := p.raw.Description
	years := strconv.Itoa(p.years) + "+ years"
	edits := []func() string{
		func() string {
			i := strings.LastIndex(d, "<p>")
			return d[:i] + "<p>Applications are reviewed on a rolling basis.</p>" + d[i:]
		},
		func() string {
			i := strings.LastIndex(d, "<p>")
			return d[:i] + "<p><strong>Sign-on bonus available for eligible candidates.</strong></p>" + d[i:]
		},
		func() string { return strings.Replace(d, years, strconv.Itoa(p.years)+" or more years", 1) },
		func() string { return strings.Replace(d, "Excellent", "Outstanding", 1) },
		func() string { return strings.Replace(d, "</li><li>", "</li>\n<li>", 3) },
		func() string { return strings.Replace(d, ",000 per year", ",000 annually", 1) },
	}
	for range 3 {
		if e := edits[g.r.intn(len(edits))](); e != d {
			return e
		}
	}
	return edits[0]()
}

// slugify makes a URL path segment of s.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// rng is SplitMix64: tiny, fast and, unlike math/rand's helpers, fixed
// forever, so the sample data never changes with the Go release.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); the modulo bias is irrelevant here.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rng) chance(p float64) bool { return r.float() < p }

func (r *rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.intn(i+1))
	}
}
