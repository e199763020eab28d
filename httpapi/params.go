package httpapi

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/skillpulse/skillpulse"
)

// Parameter rules. Values are checked here and handed on as typed fields,
// never spliced into a query string.
var (
	// skillIDPattern is the taxonomy's slug rule (lowercase letters, digits,
	// hyphens and underscores).
	skillIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,79}$`)
	// categoryPattern is the same slug rule for taxonomy categories.
	categoryPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,79}$`)
	// statePattern is a US state or region code: two to three letters.
	statePattern = regexp.MustCompile(`^[A-Za-z]{2,3}$`)
)

// maxEmployerLen bounds the employer filter: longer is not a name.
const maxEmployerLen = 200

// sliceParams are the query parameters SliceFromValues reads.
var sliceParams = []string{"from", "to", "kind", "category", "role_family", "state", "employer"}

// SliceFromValues reads the filters every figure shares: from and to
// (YYYY-MM-DD, inclusive), kind (soft|hard), category (a taxonomy category
// slug), role_family (one of skillpulse.RoleFamilies), state (a two or
// three letter code, upper-cased) and employer (exact name). It is
// exported so the report command and the API accept the same values.
func SliceFromValues(v url.Values) (skillpulse.Slice, error) {
	var s skillpulse.Slice
	var err error
	if s.From, err = dateParam(v, "from"); err != nil {
		return s, err
	}
	if s.To, err = dateParam(v, "to"); err != nil {
		return s, err
	}
	if !s.From.IsZero() && !s.To.IsZero() && s.To.Before(s.From) {
		return s, errors.New("to is before from")
	}
	if s.Kind, err = skillpulse.ParseKind(v.Get("kind")); err != nil {
		return s, err
	}
	if c := v.Get("category"); c != "" {
		if !categoryPattern.MatchString(c) {
			return s, fmt.Errorf("category %q: want a taxonomy category such as ehr or communication", c)
		}
		s.Category = c
	}
	if rf := v.Get("role_family"); rf != "" {
		if !contains(skillpulse.RoleFamilies(), rf) {
			return s, fmt.Errorf("role_family %q: want one of %s", rf, strings.Join(skillpulse.RoleFamilies(), ", "))
		}
		s.RoleFamily = rf
	}
	if st := v.Get("state"); st != "" {
		if !statePattern.MatchString(st) {
			return s, fmt.Errorf("state %q: want a two or three letter code such as TX", st)
		}
		s.Region = strings.ToUpper(st)
	}
	if e := v.Get("employer"); e != "" {
		if len(e) > maxEmployerLen || !utf8.ValidString(e) || strings.ContainsFunc(e, isControl) {
			return s, fmt.Errorf("employer: want a name of at most %d characters without control characters", maxEmployerLen)
		}
		s.Employer = e
	}
	return s, nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// limitParam reads limit= in 1..maxLimit, def when absent.
func limitParam(v url.Values, def int) (int, error) {
	s := v.Get("limit")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxLimit {
		return 0, fmt.Errorf("limit %q: want an integer from 1 to %d", s, maxLimit)
	}
	return n, nil
}

// grainParam reads grain= (day, week or month), def when absent.
func grainParam(v url.Values, def skillpulse.Grain) (skillpulse.Grain, error) {
	s := v.Get("grain")
	if s == "" {
		return def, nil
	}
	return skillpulse.ParseGrain(s)
}

// skillIDParam checks a skill id taken from the path.
func skillIDParam(id string) (string, error) {
	if !skillIDPattern.MatchString(id) {
		return "", fmt.Errorf("skill id %q: want a taxonomy id such as sql or epic-cadence", id)
	}
	return id, nil
}

// checkKnown rejects parameters an endpoint does not take, so a typo such
// as role=... fails loudly instead of silently widening the answer, and
// repeated parameters, which would be ambiguous.
func checkKnown(v url.Values, allowed ...string) error {
	var unknown []string
	for k, vals := range v {
		if !contains(allowed, k) {
			unknown = append(unknown, k)
			continue
		}
		if len(vals) > 1 {
			return fmt.Errorf("parameter %s given %d times: give it once", k, len(vals))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("unknown parameter %s: this endpoint takes %s", strings.Join(unknown, ", "), strings.Join(allowed, ", "))
	}
	return nil
}

// periodRequired makes from and to mandatory, for figures that compare a
// period with the one before it.
func periodRequired(s skillpulse.Slice) error {
	if s.From.IsZero() || s.To.IsZero() {
		return errors.New("from and to are required: the previous period is the same length ending the day before from")
	}
	return nil
}

// maxPeriod bounds a trend so day grain cannot ask for decades of points.
const maxPeriod = 5 * 366 * 24 * time.Hour
