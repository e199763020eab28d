// Package classify derives a posting's dimensions from what a source gave:
// the location string parsed into city, region, country and work mode, the
// employer's name normalised so one employer counts once, and the Health IT
// relevance and role family decided by the documented rules in rules.go.
//
// It imports only the domain package and the standard library, so ingest
// (which fills the raw posting) and extract (which fills what a producer
// left empty) apply exactly the same rules.
package classify

import (
	"strings"

	"github.com/skillpulse/skillpulse"
)

// Fill sets the dimensions p leaves empty from its location, title and
// text; what the source stated is never overwritten. text is the posting's
// plain text (title and description); empty means the title only.
func Fill(p *skillpulse.RawPosting, text string) {
	if text == "" {
		text = p.Title
	}
	loc := ParseLocation(p.Location)
	if p.City == "" {
		p.City = loc.City
	}
	if p.Region == "" {
		p.Region = loc.Region
	}
	if p.Country == "" {
		p.Country = loc.Country
	}
	if p.WorkMode == "" {
		p.WorkMode = loc.WorkMode
		if p.WorkMode == "" {
			p.WorkMode = WorkModeOf(text)
		}
	}
	if p.RoleFamily == "" {
		p.RoleFamily = RoleFamily(p.Title, text)
	}
	if p.HealthIT == nil {
		v := HealthIT(p.Title, p.Employer, text)
		p.HealthIT = &v
	}
	p.Employer = Employer(p.Employer)
}

// Dimensions is the extract stage's Classify hook: the posting's own
// dimensions, with every empty one derived by the same rules as Fill.
func Dimensions(p skillpulse.RawPosting, text string) skillpulse.Dimensions {
	Fill(&p, text)
	d := skillpulse.Dimensions{City: p.City, Region: p.Region, Country: p.Country, WorkMode: p.WorkMode, RoleFamily: p.RoleFamily}
	if p.HealthIT != nil {
		d.HealthIT = *p.HealthIT
	}
	return d
}

// legalSuffixes are dropped from employer names: "Acme Health, Inc." and
// "Acme Health" are one employer.
var legalSuffixes = []string{"incorporated", "inc", "llc", "l.l.c", "ltd", "limited", "corp", "corporation", "co", "plc", "gmbh", "lp", "llp", "pc"}

// Employer normalises an employer name: whitespace collapsed, trailing legal
// suffixes (Inc., LLC, Corp.) and a leading "The" dropped, and an all-caps
// or all-lower name title-cased. Acronyms inside mixed-case names are kept.
func Employer(name string) string {
	s := strings.Join(strings.Fields(name), " ")
	for {
		trimmed := strings.TrimRight(s, " ,.")
		low := strings.ToLower(trimmed)
		cut := false
		for _, suf := range legalSuffixes {
			if strings.HasSuffix(low, " "+suf) || strings.HasSuffix(low, ","+suf) {
				trimmed = strings.TrimRight(trimmed[:len(trimmed)-len(suf)], " ,")
				cut = true
				break
			}
		}
		s = trimmed
		if !cut {
			break
		}
	}
	if len(s) > 4 && strings.EqualFold(s[:4], "the ") {
		s = s[4:]
	}
	if s == strings.ToUpper(s) && len(s) > 5 || s == strings.ToLower(s) {
		s = titleCase(s)
	}
	return s
}

func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if len(w) > 0 {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
