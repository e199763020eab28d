package classify_test

import (
	"testing"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/classify"
)

func TestParseLocation(t *testing.T) {
	tests := []struct {
		name, in string
		want     classify.Location
	}{
		{"city and state code", "Austin, TX", classify.Location{City: "Austin", Region: "TX", Country: "US"}},
		{"state name", "Atlanta, Georgia", classify.Location{City: "Atlanta", Region: "GA", Country: "US"}},
		{"full with country", "St. Louis, MO, United States", classify.Location{City: "St. Louis", Region: "MO", Country: "US"}},
		{"remote country", "Remote - US", classify.Location{Country: "US", WorkMode: skillpulse.Remote}},
		{"bare remote", "Remote", classify.Location{WorkMode: skillpulse.Remote}},
		{"hybrid in brackets", "Nashville, TN (Hybrid)", classify.Location{City: "Nashville", Region: "TN", Country: "US", WorkMode: skillpulse.Hybrid}},
		{"hybrid prefix", "Hybrid - Boston, Massachusetts", classify.Location{City: "Boston", Region: "MA", Country: "US", WorkMode: skillpulse.Hybrid}},
		{"canadian province", "Toronto, Ontario", classify.Location{City: "Toronto", Region: "ON", Country: "CA"}},
		{"uk", "London, UK", classify.Location{City: "London", Country: "GB"}},
		{"country only", "Canada", classify.Location{Country: "CA"}},
		{"several locations", "Madison, WI; Remote", classify.Location{City: "Madison", Region: "WI", Country: "US", WorkMode: skillpulse.Remote}},
		{"workday count", "3 Locations", classify.Location{}},
		{"workday state first", "Illinois - Chicago", classify.Location{City: "Chicago", Region: "IL", Country: "US"}},
		{"washington dc", "Washington, D.C.", classify.Location{City: "Washington", Region: "DC", Country: "US"}},
		{"usajobs anywhere", "Anywhere in the U.S. (remote job)", classify.Location{Country: "US", WorkMode: skillpulse.Remote}},
		{"onsite", "On-site - Columbus, OH", classify.Location{City: "Columbus", Region: "OH", Country: "US", WorkMode: skillpulse.Onsite}},
		{"empty", "", classify.Location{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify.ParseLocation(tt.in); got != tt.want {
				t.Errorf("ParseLocation(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestEmployer(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"legal suffix", "Lakeshore Health, Inc.", "Lakeshore Health"},
		{"two suffixes", "Acme Health Co. LLC", "Acme Health"},
		{"leading the", "The Summit Clinic", "Summit Clinic"},
		{"all caps", "MERCY REGIONAL MEDICAL CENTER", "Mercy Regional Medical Center"},
		{"trailing space", "Amplitude ", "Amplitude"},
		{"acronym kept", "UCHealth", "UCHealth"},
		{"short acronym kept", "HCA", "HCA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify.Employer(tt.in); got != tt.want {
				t.Errorf("Employer(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRoleFamily(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Epic Cadence Application Analyst II", skillpulse.RoleEHRAnalyst},
		{"Cerner PowerChart Analyst", skillpulse.RoleEHRAnalyst},
		{"Epic Bridges Interface Analyst", skillpulse.RoleIntegration},
		{"HL7 Integration Engineer", skillpulse.RoleIntegration},
		{"Clarity Report Writer", skillpulse.RoleDataAnalytics},
		{"Senior Data Engineer", skillpulse.RoleDataAnalytics},
		{"Information Security Analyst", skillpulse.RoleSecurity},
		{"Service Desk Technician", skillpulse.RoleInfrastructure},
		{"Senior Site Reliability Engineer", skillpulse.RoleInfrastructure},
		{"Nursing Informatics Specialist", skillpulse.RoleClinicalInformatics},
		{"Epic Project Manager", skillpulse.RoleProjectProduct},
		{"Revenue Cycle Epic Analyst", skillpulse.RoleRevenueCycleHIM},
		{"Medical Coder (Remote)", skillpulse.RoleRevenueCycleHIM},
		{"Senior Software Engineer, Patient Apps", skillpulse.RoleSoftwareEngineering},
		{"CNA / LPN", skillpulse.RoleOther},
		{"Senior Technical Recruiter", skillpulse.RoleOther},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := classify.RoleFamily(tt.title, ""); got != tt.want {
				t.Errorf("RoleFamily(%q) = %s, want %s", tt.title, got, tt.want)
			}
		})
	}
}

func TestHealthIT(t *testing.T) {
	tests := []struct {
		name, title, employer, text string
		want                        bool
	}{
		{"ehr term in text", "Application Analyst", "Acme", "Supports Epic Cadence scheduling", true},
		{"standard in title", "FHIR API Developer", "Acme Software", "", true},
		{"tech job at hospital", "Network Engineer", "Mercy Hospital", "Maintain the WAN", true},
		{"tech job about patients", "Senior Software Engineer", "Acme", "Build apps patients use", true},
		{"clinical job at hospital", "CNA / LPN", "Knight Gayles Medical", "Patient care", false},
		{"benefits mention health", "Solution Architect", "Idealist Consulting", "not eligible for benefits such as healthcare coverage", false},
		{"clinical job mentions the EHR", "CNA / LPN", "Knight Gayles", "Document vitals in the facility EHR", false},
		{"tech job elsewhere", "Customer Data Scientist", "Amplitude", "Experimentation for retail", false},
		{"sales job elsewhere", "Account Executive", "Teamtailor", "Sell software", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify.HealthIT(tt.title, tt.employer, tt.text); got != tt.want {
				t.Errorf("HealthIT(%q, %q) = %v, want %v", tt.title, tt.employer, got, tt.want)
			}
		})
	}
}

func TestFillKeepsWhatTheSourceStated(t *testing.T) {
	no := false
	p := skillpulse.RawPosting{Title: "Epic Beaker Analyst", Employer: "Mercy Health, Inc.", Location: "Remote - Austin, TX",
		City: "Dallas", WorkMode: skillpulse.Onsite, HealthIT: &no}
	classify.Fill(&p, "Epic Beaker Analyst\n\nLab systems")
	if p.City != "Dallas" || p.WorkMode != skillpulse.Onsite || *p.HealthIT {
		t.Errorf("Fill overwrote stated fields: %+v", p)
	}
	if p.Region != "TX" || p.Country != "US" || p.RoleFamily != skillpulse.RoleEHRAnalyst || p.Employer != "Mercy Health" {
		t.Errorf("Fill did not fill empty fields: %+v", p)
	}
	d := classify.Dimensions(skillpulse.RawPosting{Title: "Interface Analyst", Employer: "Summit Hospital", Location: "Columbus, OH"}, "HL7 feeds")
	want := skillpulse.Dimensions{City: "Columbus", Region: "OH", Country: "US", RoleFamily: skillpulse.RoleIntegration, HealthIT: true}
	if d != want {
		t.Errorf("Dimensions = %+v, want %+v", d, want)
	}
}
