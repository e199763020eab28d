package source

import (
	"github.com/skillpulse/skillpulse/classify"
	"github.com/skillpulse/skillpulse/ingest/fetch"
	"github.com/skillpulse/skillpulse/ingest/state"
)

// countryCode reads a country name or code through classify's rules.
func countryCode(s string) (string, bool) {
	c := classify.ParseLocation(s).Country
	return c, c != ""
}

// usRegion reads a US state name or code through classify's rules.
func usRegion(s string) (string, bool) {
	l := classify.ParseLocation("X, " + s)
	return l.Region, l.Region != "" && l.Country == "US"
}

// stateValidators converts fetch's validators to the state's.
func stateValidators(v fetch.Validators) state.Validators {
	return state.Validators{ETag: v.ETag, LastModified: v.LastModified}
}
