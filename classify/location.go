package classify

import (
	"regexp"
	"strings"

	"github.com/skillpulse/skillpulse"
)

// Location is a posting location parsed from free text.
type Location struct {
	City string
	// Region is a US state or Canadian province code ("TX", "ON"); other
	// countries' regions are kept as written.
	Region string
	// Country is an ISO 3166-1 alpha-2 code ("US").
	Country string
	// WorkMode is remote, hybrid, onsite or empty when the text does not say.
	WorkMode string
}

var (
	remoteRe = regexp.MustCompile(`(?i)\b(remote|work from home|wfh|telework|virtual)\b`)
	hybridRe = regexp.MustCompile(`(?i)\bhybrid\b`)
	onsiteRe = regexp.MustCompile(`(?i)\b(on-?site|in[- ]office|in person)\b`)
	// modeWordsRe removes work-mode words and their brackets from a location.
	modeWordsRe = regexp.MustCompile(`(?i)[(\[]?\b(fully remote|100% remote|remote|hybrid|on-?site|work from home|telework|virtual)\b( (first|eligible|friendly|optional|ok))?[)\]]?`)
	// remoteTextRe is how a description states a remote job; a bare
	// "remote" in text is too often "remote monitoring" or "remote access".
	remoteTextRe = regexp.MustCompile(`(?i)\b(fully remote|100% remote|remote position|remote role|work from home)\b`)
	// anywhereRe matches USAJOBS's "Anywhere in the U.S. (remote job)".
	anywhereRe   = regexp.MustCompile(`(?i)^anywhere\b`)
	anywhereUSRe = regexp.MustCompile(`(?i)\b(u\.s\.?|us|usa|united states)\b`)
	// countLocRe matches Workday's "3 Locations".
	countLocRe = regexp.MustCompile(`(?i)^\d+\s+locations?$`)
)

// ParseLocation reads strings like "Austin, TX", "Atlanta, Georgia",
// "Remote - US", "Hybrid (Nashville, TN)", "Toronto, Ontario",
// "London, UK" and "St. Louis, MO, United States". Of several locations
// ("Austin, TX; Remote" or "A | B") the first is parsed, and the work mode
// is read from the whole string. What it cannot place stays empty.
func ParseLocation(s string) Location {
	var loc Location
	s = strings.TrimSpace(s)
	if s == "" {
		return loc
	}
	switch {
	case hybridRe.MatchString(s):
		loc.WorkMode = skillpulse.Hybrid
	case remoteRe.MatchString(s):
		loc.WorkMode = skillpulse.Remote
	case onsiteRe.MatchString(s):
		loc.WorkMode = skillpulse.Onsite
	}
	for _, sep := range []string{";", " | ", " or ", " / "} {
		if i := strings.Index(s, sep); i >= 0 {
			first := strings.TrimSpace(s[:i])
			if strings.Trim(modeWordsRe.ReplaceAllString(first, ""), " -,:()") != "" {
				s = first
			} else {
				s = strings.TrimSpace(s[i+len(sep):])
			}
		}
	}
	if anywhereRe.MatchString(s) {
		if anywhereUSRe.MatchString(s) {
			loc.Country = "US"
		}
		return loc
	}
	s = modeWordsRe.ReplaceAllString(s, " ")
	dashed := strings.Contains(s, " - ") || strings.Contains(s, " – ")
	s = strings.NewReplacer(" - ", ", ", " – ", ", ", "(", ", ", ")", "").Replace(s)
	if countLocRe.MatchString(strings.TrimSpace(s)) {
		return loc
	}
	var parts []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.Trim(p, " -:."); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return loc
	}
	// Read from the end: country, then region, then city.
	if c, ok := countryCode(parts[len(parts)-1]); ok {
		loc.Country = c
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 0 {
		if r, c, ok := regionCode(parts[len(parts)-1], loc.Country); ok {
			loc.Region = r
			if loc.Country == "" {
				loc.Country = c
			}
			parts = parts[:len(parts)-1]
		}
	}
	// Workday writes "Illinois - Chicago": a full state name first, then
	// the city.
	if dashed && loc.Region == "" && len(parts) >= 2 && (loc.Country == "" || loc.Country == "US") {
		if r, ok := usStates[strings.ToLower(parts[0])]; ok {
			loc.Region, loc.Country, loc.City = r, "US", parts[1]
			return loc
		}
	}
	if len(parts) > 0 {
		loc.City = parts[0]
		if len(parts) > 1 && loc.Region == "" && loc.Country != "" {
			loc.Region = parts[1]
		}
	}
	// A bare "US" or "Canada" is a country; a city without any region or
	// country is still a city.
	return loc
}

// WorkModeOf reads the work mode from posting text: hybrid wins over remote
// (a hybrid posting mentions remote days), and onsite is only stated, never
// assumed.
func WorkModeOf(text string) string {
	head := text
	if len(head) > 2000 {
		head = head[:2000]
	}
	switch {
	case hybridRe.MatchString(head):
		return skillpulse.Hybrid
	case remoteTextRe.MatchString(head):
		return skillpulse.Remote
	}
	return ""
}

func countryCode(s string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	c, ok := countries[k]
	return c, ok
}

// regionCode maps a US state or Canadian province (name or code) to its
// code and country. A two-letter code is only read as a state when the
// country is unknown or matches.
func regionCode(s, country string) (code, ctry string, ok bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	if country == "" || country == "US" {
		if c, ok := usStates[k]; ok {
			return c, "US", true
		}
		if len(k) == 2 {
			up := strings.ToUpper(k)
			for _, v := range usStates {
				if v == up {
					return up, "US", true
				}
			}
		}
	}
	if country == "" || country == "CA" {
		if c, ok := caProvinces[k]; ok {
			return c, "CA", true
		}
		if len(k) == 2 {
			up := strings.ToUpper(k)
			for _, v := range caProvinces {
				if v == up && country == "CA" {
					return up, "CA", true
				}
			}
		}
	}
	return "", "", false
}

var countries = map[string]string{
	"us": "US", "usa": "US", "u.s.": "US", "u.s.a": "US", "united states": "US", "united states of america": "US",
	"canada": "CA", "ca": "CA", "uk": "GB", "united kingdom": "GB", "gb": "GB", "england": "GB", "scotland": "GB",
	"ireland": "IE", "india": "IN", "germany": "DE", "france": "FR", "spain": "ES", "italy": "IT", "netherlands": "NL",
	"sweden": "SE", "denmark": "DK", "norway": "NO", "finland": "FI", "poland": "PL", "portugal": "PT",
	"australia": "AU", "new zealand": "NZ", "mexico": "MX", "brazil": "BR", "philippines": "PH", "singapore": "SG",
	"japan": "JP", "israel": "IL", "switzerland": "CH", "austria": "AT", "belgium": "BE", "es": "ES", "se": "SE", "dk": "DK",
	"de": "DE", "fr": "FR", "in": "IN", "ie": "IE", "nl": "NL", "au": "AU",
}

var usStates = map[string]string{
	"alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
	"connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID",
	"illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
	"maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
	"mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
	"new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "north carolina": "NC",
	"north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
	"rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN", "texas": "TX",
	"utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA", "west virginia": "WV",
	"wisconsin": "WI", "wyoming": "WY", "district of columbia": "DC", "washington dc": "DC", "washington d.c.": "DC",
	"dc": "DC", "d.c": "DC", "d.c.": "DC", "puerto rico": "PR",
}

var caProvinces = map[string]string{
	"ontario": "ON", "quebec": "QC", "québec": "QC", "british columbia": "BC", "alberta": "AB", "manitoba": "MB",
	"saskatchewan": "SK", "nova scotia": "NS", "new brunswick": "NB", "newfoundland and labrador": "NL",
	"prince edward island": "PE",
}
