package classify_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/classify"
)

// FuzzClassify feeds arbitrary locations, titles and employers: nothing
// panics, the work mode and role family are always valid values, and the
// normalised employer is trimmed.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"Austin, TX", "Remote - US", "Illinois - Chicago", "3 Locations", "Hybrid (", ", , ;", "\xff\xfe", "Anywhere in the U.S. (remote job)", "THE ACME, INC."} {
		f.Add(s, "Epic Analyst", s)
	}
	f.Fuzz(func(t *testing.T, location, title, employer string) {
		p := skillpulse.RawPosting{Location: location, Title: title, Employer: employer}
		classify.Fill(&p, title)
		if p.WorkMode != "" && p.WorkMode != skillpulse.Remote && p.WorkMode != skillpulse.Hybrid && p.WorkMode != skillpulse.Onsite {
			t.Errorf("work mode %q", p.WorkMode)
		}
		valid := false
		for _, r := range skillpulse.RoleFamilies() {
			valid = valid || r == p.RoleFamily
		}
		if !valid {
			t.Errorf("role family %q", p.RoleFamily)
		}
		if utf8.ValidString(employer) && p.Employer != strings.TrimSpace(p.Employer) {
			t.Errorf("employer %q not trimmed", p.Employer)
		}
	})
}
