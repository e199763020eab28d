package taxonomy_test

import (
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/taxonomy"
	"github.com/skillpulse/skillpulse/taxonomy/norm"
)

// MustDefault returns the embedded taxonomy, failing the test if it does
// not parse.
func MustDefault(tb testing.TB) *taxonomy.Taxonomy {
	tb.Helper()
	t, err := taxonomy.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// MustParse parses a taxonomy written inline in a test.
func MustParse(tb testing.TB, yaml string) *taxonomy.Taxonomy {
	tb.Helper()
	t, err := taxonomy.Parse(strings.NewReader(yaml))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestDefaultValidates(t *testing.T) {
	tx := MustDefault(t)
	if err := tx.Validate(); err != nil {
		t.Fatalf("embedded taxonomy does not validate:\n%v", err)
	}
	if len(tx.Skills) < 250 {
		t.Errorf("embedded taxonomy has %d skills, want at least 250", len(tx.Skills))
	}
	if tx.Version == "" {
		t.Error("embedded taxonomy has no version")
	}
}

// TestDefaultCoversEveryCategory checks that every soft family and hard
// category the dashboards group by has skills, so no panel is empty by
// construction.
func TestDefaultCoversEveryCategory(t *testing.T) {
	st := MustDefault(t).Stats()
	for _, k := range []skillpulse.Kind{skillpulse.Soft, skillpulse.Hard} {
		for _, c := range taxonomy.Categories(k) {
			if c == taxonomy.ImportedCategory {
				continue // only `taxonomy import` output uses it
			}
			if st.ByCategory[c] == 0 {
				t.Errorf("%s category %q has no skills", k, c)
			}
		}
	}
}

// TestDefaultHealthITDepth spot-checks the Health IT skills the brief of the
// taxonomy names, by surface form, so a careless edit that drops one fails.
func TestDefaultHealthITDepth(t *testing.T) {
	tx := MustDefault(t)
	owner := make(map[string]string)
	for _, s := range tx.Skills {
		for _, f := range taxonomy.SurfaceForms(s) {
			owner[f] = s.ID
		}
	}
	for _, form := range []string{
		"Epic Cadence", "Epic Beaker", "Epic Bridges", "Clarity", "Caboodle", "MyChart", "Resolute HB",
		"Willow", "Healthy Planet", "Cerner Millennium", "PowerChart", "FirstNet", "CCL", "MEDITECH Expanse",
		"Allscripts", "athenahealth", "eClinicalWorks", "NextGen", "HL7 v2", "C-CDA", "FHIR",
		"SMART on FHIR", "CDS Hooks", "X12 837", "835", "270/271", "NCPDP", "DICOM", "IHE", "USCDI", "TEFCA",
		"Rhapsody", "Mirth Connect", "Cloverleaf", "HealthShare", "InterSystems IRIS", "Corepoint",
		"ICD-10-CM", "ICD-10-PCS", "CPT", "HCPCS", "SNOMED CT", "LOINC", "RxNorm", "DRG", "HIPAA",
		"HITECH", "HITRUST", "information blocking", "42 CFR Part 2", "Epic certified", "CPHIMS",
		"CAHIMS", "RHIA", "RHIT", "CCS", "CPC", "PMP", "ITIL", "Security+", "CISSP", "CISM", "RN license",
		"SQL", "Python", "Java", "C#", ".NET", "JavaScript", "Power BI", "Tableau", "Excel", "SSIS", "SSRS",
		"Snowflake", "Databricks", "Apache Spark", "AWS", "Azure", "GCP", "Kubernetes", "Linux",
		"Active Directory", "ServiceNow", "Agile", "Scrum", "Lean Six Sigma", "revenue cycle",
		"clinical workflows", "population health",
		"communication skills", "written communication", "public speaking", "non-technical audiences",
		"teamwork", "conflict resolution", "negotiation", "delegation", "problem solving", "creativity",
		"adaptability", "time management", "prioritize", "juggling competing priorities", "multitasking",
		"leadership", "mentoring", "attention to detail", "critical thinking", "customer service",
		"empathy", "interpersonal skills", "self-motivated", "work ethic",
	} {
		if owner[norm.Normalize(form)] == "" {
			t.Errorf("no skill has the surface form %q", form)
		}
	}
}

func TestStats(t *testing.T) {
	tx := MustParse(t, `
version: "1"
skills:
  - {id: sql, name: SQL, kind: hard, category: programming_language, aliases: [SQL queries, sql]}
  - {id: teamwork, name: Teamwork, kind: soft, category: collaboration, aliases: [team player, Team-Player]}
  - id: r
    name: R
    kind: hard
    category: programming_language
    rules: [{forms: [R], requires_case: [R]}]
`)
	st := tx.Stats()
	if st.Skills != 3 || st.ByKind[skillpulse.Hard] != 2 || st.ByKind[skillpulse.Soft] != 1 {
		t.Errorf("counts: %+v", st)
	}
	if st.ByCategory["programming_language"] != 2 || st.ByCategory["collaboration"] != 1 {
		t.Errorf("by category: %v", st.ByCategory)
	}
	// sql, sql queries, teamwork, team player, r: "sql" and "Team-Player"
	// normalise to forms already counted.
	if st.SurfaceForms != 5 {
		t.Errorf("surface forms = %d, want 5", st.SurfaceForms)
	}
	if st.Rules != 1 {
		t.Errorf("rules = %d, want 1", st.Rules)
	}
}

func TestSkill(t *testing.T) {
	tx := MustDefault(t)
	tests := []struct {
		name, id string
		found    bool
		kind     skillpulse.Kind
	}{
		{"hard skill", "epic-cadence", true, skillpulse.Hard},
		{"soft skill", "communication", true, skillpulse.Soft},
		{"unknown", "no-such-skill", false, ""},
		{"empty", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := tx.Skill(tt.id)
			if ok != tt.found {
				t.Fatalf("Skill(%q) found = %v, want %v", tt.id, ok, tt.found)
			}
			if ok && (s.ID != tt.id || s.Kind != tt.kind || s.Name == "") {
				t.Errorf("Skill(%q) = %+v", tt.id, s)
			}
		})
	}
}

func TestValidateProblems(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings the error must contain
	}{
		{
			name: "duplicate id",
			yaml: `
version: "1"
skills:
  - {id: sql, name: SQL, kind: hard, category: database}
  - {id: sql, name: Structured Query Language, kind: hard, category: database}`,
			want: []string{"skill 1 (sql): id: duplicate of skill 0"},
		},
		{
			name: "alias claimed by two skills after normalisation",
			yaml: `
version: "1"
skills:
  - {id: hl7-v2, name: HL7 v2, kind: hard, category: interoperability_standard}
  - {id: hl7-other, name: HL7 messaging, kind: hard, category: interoperability_standard, aliases: [HL7-V2]}`,
			want: []string{"skill 1 (hl7-other): aliases: \"hl7 v2\" is also a surface form of hl7-v2"},
		},
		{
			name: "bad kind, empty name, empty category",
			yaml: `
version: "1"
skills:
  - {id: x, name: "", kind: medium, category: ""}`,
			want: []string{"skill 0 (x): name: empty", "skill 0 (x): kind: \"medium\"", "skill 0 (x): category: empty"},
		},
		{
			name: "category of the other kind",
			yaml: `
version: "1"
skills:
  - {id: empathy, name: Empathy, kind: hard, category: empathy}`,
			want: []string{"skill 0 (empathy): category: \"empathy\" is not a hard category"},
		},
		{
			name: "bad id and empty version",
			yaml: `
skills:
  - {id: Epic_Cadence, name: Epic Cadence, kind: hard, category: ehr_module}`,
			want: []string{"version: empty", "id: \"Epic_Cadence\" is not a lowercase slug"},
		},
		{
			name: "broken rule",
			yaml: `
version: "1"
contexts:
  data: [SQL]
skills:
  - id: r
    name: R
    kind: hard
    category: programming_language
    rules:
      - {forms: [Rlang], requires_case: [r2], needs_context: ["@nope"]}
      - {forms: [R]}
      - {not_near: ["@degrees"]}`,
			want: []string{
				"skill r: rules[0]: forms: \"Rlang\" is not a name or alias",
				"skill r: rules[0]: requires_case: \"r2\"",
				"skill r: rules[0]: needs_context: no context list named \"nope\"",
				"skill r: rules[1]: no condition set",
				"skill r: rules[2]: not_near: no context list named \"degrees\"",
			},
		},
		{
			name: "alias without words",
			yaml: `
version: "1"
skills:
  - {id: sql, name: SQL, kind: hard, category: database, aliases: ["--"]}`,
			want: []string{"skill 0 (sql): aliases: \"--\" has no words"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := MustParse(t, tt.yaml).Validate()
			if err == nil {
				t.Fatal("Validate accepted an invalid taxonomy")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestParseRejectsUnknownFields(t *testing.T) {
	_, err := taxonomy.Parse(strings.NewReader(`
version: "1"
skills:
  - id: r
    name: R
    kind: hard
    category: programming_language
    rules: [{forms: [R], require_case: [R]}]
`))
	if err == nil || !strings.Contains(err.Error(), "require_case") {
		t.Fatalf("misspelt rule key accepted or not named: %v", err)
	}
}

func TestSurfaceForms(t *testing.T) {
	got := taxonomy.SurfaceForms(skillpulse.Skill{Name: "HL7 v2", Aliases: []string{"HL7-v2", "HL7", "  ", "hl7/V2"}})
	want := []string{"hl7 v2", "hl7"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("SurfaceForms = %q, want %q", got, want)
	}
}

func TestCategoriesAreFresh(t *testing.T) {
	a := taxonomy.Categories(skillpulse.Hard)
	a[0] = "mutated"
	if b := taxonomy.Categories(skillpulse.Hard); b[0] == "mutated" {
		t.Error("Categories returned shared state")
	}
	if len(taxonomy.Categories("x")) != 0 {
		t.Error("unknown kind has categories")
	}
}
