// Package report builds market reports for recruiters and workforce
// planners: for a period and an optional slice (role family, state) the
// headline figures, the top soft and hard skills with their share of
// postings, movers since the previous period, the durable-skills figures,
// skills by role family, notable co-occurrences and the method, rendered
// as HTML, Markdown, CSV and (through a Printer) PDF, with charts as SVG
// images.
//
// It reads only through skillpulse.Analytics and never imports a database
// client or a browser driver: PDF printing is a Printer the caller passes.
package report

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/skillpulse/skillpulse"
)

// Request says which report to build.
type Request struct {
	// From and To bound the posting days, both inclusive. Required.
	From, To time.Time
	// RoleFamily and Region narrow every figure to one role family or one
	// state; empty means all.
	RoleFamily string
	Region     string
	// TaxonomyVersion is named in the method section; empty is shown as
	// "unknown".
	TaxonomyVersion string
	// Top is the number of soft and of hard skills listed. Default 10.
	Top int
	// Movers is the number of rising and of falling skills listed. Default 8.
	Movers int
	// MinPostings is the support a mover needs in the period. Default 3.
	MinPostings uint64
	// Title overrides the generated title.
	Title string
}

// Report is every figure of one market report, ready to render.
type Report struct {
	Request
	Title     string
	Generated time.Time
	// PrevFrom and PrevTo are the period movers compare with: the same
	// number of days, ending the day before From.
	PrevFrom, PrevTo time.Time
	Postings         uint64
	PrevPostings     uint64
	TopSoft, TopHard []skillpulse.SkillCount
	Rising, Falling  []skillpulse.Mover
	Durable          skillpulse.Durable
	// ByRole is the top skills of each role family with postings (only
	// when the request is not already one role family).
	ByRole []RoleSkills
	// Pairs are the notable co-occurrences: for each of the top hard
	// skills, the partners asked for together more often than chance.
	Pairs []Pair
	// Share is the soft versus hard share per week of the period.
	Share []skillpulse.KindShare
}

// RoleSkills is one role family's most requested skills.
type RoleSkills struct {
	RoleFamily string
	Postings   uint64
	Skills     []skillpulse.SkillCount
}

// Pair is a skill and one it is often asked for with.
type Pair struct {
	Skill skillpulse.SkillCount
	With  skillpulse.Cooccurrence
}

// Request defaults.
const (
	defaultTop         = 10
	defaultMovers      = 8
	defaultMinPostings = 3
	roleSkills         = 5
	pairSkills         = 5
	pairsPerSkill      = 3
)

func (r Request) validate() (Request, error) {
	if r.From.IsZero() || r.To.IsZero() {
		return r, errors.New("report: from and to are required")
	}
	if r.To.Before(r.From) {
		return r, fmt.Errorf("report: to %s is before from %s", day(r.To), day(r.From))
	}
	if r.Top <= 0 {
		r.Top = defaultTop
	}
	if r.Movers <= 0 {
		r.Movers = defaultMovers
	}
	if r.MinPostings == 0 {
		r.MinPostings = defaultMinPostings
	}
	return r, nil
}

// slice is the request as a domain slice.
func (r Request) slice() skillpulse.Slice {
	return skillpulse.Slice{From: r.From, To: r.To, RoleFamily: r.RoleFamily, Region: r.Region}
}

// PreviousPeriod is the period before [from, to] of the same number of
// days, the one skillpulse.Analytics.Rising compares with; the API and the
// reports both name it.
func PreviousPeriod(from, to time.Time) (time.Time, time.Time) {
	days := int(to.Sub(from).Hours()/24) + 1
	prevTo := from.AddDate(0, 0, -1)
	return prevTo.AddDate(0, 0, -(days - 1)), prevTo
}

// Build asks an for every figure of the report. now stamps the report.
func Build(ctx context.Context, an skillpulse.Analytics, req Request, now time.Time) (*Report, error) {
	req, err := req.validate()
	if err != nil {
		return nil, err
	}
	rep := &Report{Request: req, Generated: now.UTC()}
	rep.PrevFrom, rep.PrevTo = PreviousPeriod(req.From, req.To)
	rep.Title = req.Title
	if rep.Title == "" {
		rep.Title = defaultTitle(req)
	}
	s := req.slice()
	if rep.Postings, err = an.PostingCount(ctx, s); err != nil {
		return nil, fmt.Errorf("report: postings: %w", err)
	}
	prev := s
	prev.From, prev.To = rep.PrevFrom, rep.PrevTo
	if rep.PrevPostings, err = an.PostingCount(ctx, prev); err != nil {
		return nil, fmt.Errorf("report: previous postings: %w", err)
	}
	for _, k := range []struct {
		kind skillpulse.Kind
		dst  *[]skillpulse.SkillCount
	}{{skillpulse.Soft, &rep.TopSoft}, {skillpulse.Hard, &rep.TopHard}} {
		q := skillpulse.TopQuery{Slice: s, Limit: req.Top}
		q.Kind = k.kind
		if *k.dst, err = an.TopSkills(ctx, q); err != nil {
			return nil, fmt.Errorf("report: top %s skills: %w", k.kind, err)
		}
	}
	rq := skillpulse.RisingQuery{Slice: s, MinPostings: req.MinPostings, Limit: req.Movers}
	if rep.Rising, err = an.Rising(ctx, rq); err != nil {
		return nil, fmt.Errorf("report: rising skills: %w", err)
	}
	rq.Falling = true
	if rep.Falling, err = an.Rising(ctx, rq); err != nil {
		return nil, fmt.Errorf("report: falling skills: %w", err)
	}
	rep.Rising = keep(rep.Rising, func(m skillpulse.Mover) bool { return m.Change > 0 })
	rep.Falling = keep(rep.Falling, func(m skillpulse.Mover) bool { return m.Change < 0 })
	if rep.Durable, err = an.DurableFigures(ctx, s); err != nil {
		return nil, fmt.Errorf("report: durable skills: %w", err)
	}
	if rep.Share, err = an.SoftHardShare(ctx, skillpulse.Week, s); err != nil {
		return nil, fmt.Errorf("report: soft/hard share: %w", err)
	}
	if req.RoleFamily == "" {
		for _, rf := range skillpulse.RoleFamilies() {
			rs := s
			rs.RoleFamily = rf
			n, err := an.PostingCount(ctx, rs)
			if err != nil {
				return nil, fmt.Errorf("report: postings of %s: %w", rf, err)
			}
			if n == 0 {
				continue
			}
			top, err := an.TopSkills(ctx, skillpulse.TopQuery{Slice: rs, Limit: roleSkills})
			if err != nil {
				return nil, fmt.Errorf("report: top skills of %s: %w", rf, err)
			}
			rep.ByRole = append(rep.ByRole, RoleSkills{RoleFamily: rf, Postings: n, Skills: top})
		}
		sort.SliceStable(rep.ByRole, func(i, j int) bool { return rep.ByRole[i].Postings > rep.ByRole[j].Postings })
	}
	for i, sk := range rep.TopHard {
		if i == pairSkills {
			break
		}
		co, err := an.Cooccurring(ctx, sk.SkillID, s, 20)
		if err != nil {
			return nil, fmt.Errorf("report: co-occurring with %s: %w", sk.SkillID, err)
		}
		n := 0
		for _, c := range co {
			if c.Lift > 1 && c.Together >= 2 && n < pairsPerSkill {
				rep.Pairs = append(rep.Pairs, Pair{Skill: sk, With: c})
				n++
			}
		}
	}
	return rep, nil
}

func keep(ms []skillpulse.Mover, ok func(skillpulse.Mover) bool) []skillpulse.Mover {
	var out []skillpulse.Mover
	for _, m := range ms {
		if ok(m) {
			out = append(out, m)
		}
	}
	return out
}

func defaultTitle(r Request) string {
	t := "Health IT skills market report"
	if r.RoleFamily != "" {
		t += ": " + RoleFamilyName(r.RoleFamily)
	}
	if r.Region != "" {
		t += " in " + r.Region
	}
	return t
}

// RoleFamilyName is the readable name of a role family id.
func RoleFamilyName(id string) string {
	names := map[string]string{
		skillpulse.RoleEHRAnalyst:          "EHR application analysts",
		skillpulse.RoleIntegration:         "Integration and interoperability",
		skillpulse.RoleDataAnalytics:       "Data and analytics",
		skillpulse.RoleSecurity:            "Security",
		skillpulse.RoleInfrastructure:      "Infrastructure and support",
		skillpulse.RoleClinicalInformatics: "Clinical informatics",
		skillpulse.RoleProjectProduct:      "Project and product management",
		skillpulse.RoleRevenueCycleHIM:     "Revenue cycle and HIM",
		skillpulse.RoleSoftwareEngineering: "Software engineering",
		skillpulse.RoleOther:               "Other Health IT roles",
	}
	if n, ok := names[id]; ok {
		return n
	}
	return id
}

// Change is the relative change in postings against the previous period,
// and false when the previous period had none.
func (r *Report) Change() (float64, bool) {
	if r.PrevPostings == 0 {
		return 0, false
	}
	return float64(r.Postings)/float64(r.PrevPostings) - 1, true
}

// Method is the report's method section, in plain sentences.
func (r *Report) Method() []string {
	tv := r.TaxonomyVersion
	if tv == "" {
		tv = "unknown"
	}
	return []string{
		"Counting rule: every figure counts distinct deduplicated postings. A skill counts once per posting however often the posting names it; a share is the postings asking for a skill over all postings of the same period and filters.",
		"Deduplication: a posting collected twice (the same source id, or the same normalised description re-posted) is counted once, whichever source or day it arrived on.",
		"Skills come from skillpulse's Health IT taxonomy version " + tv + " (ESCO and O*NET codes where they exist), tagged in the posting text with boilerplate such as equal-opportunity statements left out.",
		"Movers compare the share of postings of " + day(r.From) + " to " + day(r.To) + " with " + day(r.PrevFrom) + " to " + day(r.PrevTo) + "; a skill needs " + fmt.Sprint(r.MinPostings) + " postings in the period to be listed, and significant changes pass a two-proportion z-test.",
		"Durable-skills figures follow the study of 82 million postings: soft skills among the ten most requested, the share of postings asking for any soft skill, and the postings of the five most requested soft skills over those of the five most requested hard skills.",
	}
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
