package tagger_test

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/sampledata"
	"github.com/skillpulse/skillpulse/tagger"
	"github.com/skillpulse/skillpulse/taxonomy"
)

// MustTagger builds a tagger from the embedded taxonomy.
func MustTagger(tb testing.TB) *tagger.Tagger {
	tb.Helper()
	tg, _, err := tagger.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return tg
}

// MustTaggerFrom builds a tagger from a taxonomy written inline.
func MustTaggerFrom(tb testing.TB, yaml string) *tagger.Tagger {
	tb.Helper()
	tx, err := taxonomy.Parse(strings.NewReader(yaml))
	if err != nil {
		tb.Fatal(err)
	}
	tg, err := tagger.New(tx)
	if err != nil {
		tb.Fatal(err)
	}
	return tg
}

// MustPosting reads the realistic posting used by the benchmark and the
// end-to-end checks.
func MustPosting(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/posting.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// found renders mentions as "skill_id=text" for readable comparisons.
func found(ms []skillpulse.Mention) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.SkillID + "=" + m.Text
	}
	return out
}

// foundCase is a text and the "skill_id=text" mentions Tag must find in
// it, exactly and in order.
type foundCase struct {
	name, text string
	want       []string
}

// checkFound runs each case as a subtest.
func checkFound(t *testing.T, tg *tagger.Tagger, cases []foundCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			if got := found(tg.Tag(tt.text)); !slices.Equal(got, tt.want) {
				t.Errorf("Tag(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTag(t *testing.T) {
	tg := MustTagger(t)
	tests := []struct {
		name string
		in   string
		want []string // "skill_id=text" that must be found, in this order
		not  []string // skill ids that must not be found
	}{
		{"Epic vendor capitalised", "Experience with Epic and Cerner required.", []string{"epic=Epic", "oracle-health=Cerner"}, nil},
		{"epic as an adjective", "An epic opportunity to grow; epic proportions.", nil, []string{"epic"}},
		{"Epic proportions capitalised", "Epic proportions of data.", nil, []string{"epic"}},
		{"Epic application with context", "Epic Cadence and Prelude build experience.", []string{"epic-cadence=Epic Cadence", "epic-prelude=Prelude"}, nil},
		{"cadence without Epic", "We meet on a weekly cadence with stakeholders.", nil, []string{"epic-cadence"}},
		{"Clarity without Epic", "Clarity of thought and purpose.", nil, []string{"epic-clarity"}},
		{"Clarity with SQL", "Write SQL against Clarity.", []string{"sql=SQL", "epic-clarity=Clarity"}, nil},
		{"R in a list", "Proficiency in Python, R and SQL.", []string{"python=Python", "r=R", "sql=SQL"}, nil},
		{"R without data context", "Plan R is our fallback.", nil, []string{"r"}},
		{"lowercase r", "Write r code with Python.", nil, []string{"r"}},
		{"R&D is not R", "Our R&D group uses Python.", []string{"python=Python"}, []string{"r"}},
		{"C sharp, C++ and .NET", "Skills: C#/.NET, C++ and Node.js.", []string{"c-sharp=C#", "dotnet=.NET", "cpp=C++", "nodejs=Node.js"}, []string{"c-language"}},
		{"C language with context", "Embedded firmware in C and Python.", []string{"c-language=C", "python=Python"}, nil},
		{"C-section is not C", "Documentation for C-section deliveries in the software.", nil, []string{"c-language"}},
		{"Go language", "Backend services in Go and Java.", []string{"go-lang=Go", "java=Java"}, nil},
		{"go-live is not Go", "Experience with Go-Live support for our developers.", []string{"go-live-support=Go-Live support"}, []string{"go-lang"}},
		{"go as a verb", "You will go to clinics. Go beyond code.", nil, []string{"go-lang"}},
		{"Swift programming", "Mobile apps in Swift and Kotlin.", []string{"swift=Swift", "kotlin=Kotlin"}, nil},
		{"swift response", "Swift response to tickets is expected.", nil, []string{"swift"}},
		{"Rust programming", "Systems programming in Rust.", []string{"rust=Rust"}, nil},
		{"rust as a word", "Rust on the pipes in the basement.", nil, []string{"rust"}},
		{"Spark with data", "Build pipelines with Spark and Databricks.", []string{"spark=Spark", "databricks=Databricks"}, nil},
		{"spark joy", "Ideas that Spark joy in our team.", nil, []string{"spark"}},
		{"Apache Spark always", "Apache Spark experience.", []string{"spark=Apache Spark"}, nil},
		{"Excel the tool", "Advanced skills in Excel and Word.", []string{"ms-excel=Excel", "ms-word=Word"}, nil},
		{"excel in", "You will excel in a fast-paced role.", nil, []string{"ms-excel"}},
		{"excel in a fast-paced setting describes the employer", "If you excel in a fast-paced setting, apply.", nil, []string{"ms-excel", "working-under-pressure"}},
		{"fast-paced still counts elsewhere", "Able to work in a fast-paced environment.", []string{"working-under-pressure=fast-paced environment"}, nil},
		{"a care setting without knowledge words is the employer", "We run two hospitals and a behavioral health center.", nil, []string{"behavioral-health"}},
		{"a care setting asked as knowledge counts", "Knowledge of behavioral health documentation.", []string{"behavioral-health=behavioral health"}, nil},
		{"the service desk is a team", "Escalate tickets to the Service Desk.", nil, []string{"help-desk"}},
		{"help desk experience counts", "1+ years of help desk experience.", []string{"help-desk=help desk"}, nil},
		{"the EHR is the system", "Nurses chart in the EHR.", nil, []string{"ehr-generic"}},
		{"an EHR is a skill", "Experience supporting an EHR.", []string{"ehr-generic=EHR"}, nil},
		{"medical decision making is an E/M criterion", "Level visits by medical decision making.", nil, []string{"decision-making"}},
		{"95% accuracy is a target", "Maintain 95% accuracy.", nil, []string{"accuracy"}},
		{"vision as a benefit", "Medical, dental, vision and 401(k).", nil, []string{"strategic-thinking"}},
		{"vision as a trait", "A leader with vision and drive.", []string{"strategic-thinking=vision"}, nil},
		{"a skill before leadership or a manager names people", "Present to revenue cycle leadership and the CDI Manager.", nil, []string{"revenue-cycle", "cdi"}},
		{"remote flexibility is the schedule", "On-site with remote flexibility.", nil, []string{"adaptability"}},
		{"flexibility as a trait", "Flexibility and a positive attitude.", []string{"adaptability=Flexibility"}, nil},
		{"Office of Compliance and Integrity", "The Office of Compliance and Integrity.", nil, []string{"integrity"}},
		{"Medicaid Integrity is an office", "Reports to the Office of Medicaid Integrity.", nil, []string{"integrity"}},
		{"Windows troubleshooting is technical work", "Windows troubleshooting and Active Directory.", []string{"active-directory=Active Directory"}, []string{"troubleshooting"}},
		{"employers named after skill words", "Ruby Valley County Health and Java Creek Medical Center use Python.", []string{"python=Python"}, []string{"ruby", "java"}},
		{"a name ending in Health", "Keystone Excel Health is hiring; Agile Path Advisory Group too.", nil, []string{"ms-excel", "agile"}},
		{"product names are not employers", "Azure Health Data Services and Epic Hospital Billing.", []string{"azure=Azure Health Data Services", "epic-resolute-hb=Epic Hospital Billing"}, nil},
		{"a degree subject is not a skill", "Bachelor's degree in public health or a related field.", nil, []string{"public-health"}},
		{"public health asked as knowledge", "Experience in public health informatics.", []string{"public-health=public health"}, nil},
		{"Excel at sentence start", "Excel at building relationships.", nil, []string{"ms-excel"}},
		{"strive to excel", "We strive to excel every day.", nil, []string{"ms-excel"}},
		{"word without Microsoft", "Your word is your bond.", nil, []string{"ms-word"}},
		{"Word heading without Office", "Word of the day.", nil, []string{"ms-word"}},
		{"Access the database", "Microsoft Office including Access and Excel.", []string{"ms-office=Microsoft Office", "ms-access=Access", "ms-excel=Excel"}, nil},
		{"Access to systems", "Access to the database is granted by IT.", nil, []string{"ms-access"}},
		{"patient access is not MS Access", "Patient access and Excel reports.", nil, []string{"ms-access"}},
		{"Teams with Microsoft", "Chat in Teams and Outlook daily.", []string{"ms-teams=Teams", "ms-outlook=Outlook"}, nil},
		{"teams are not Microsoft Teams", "Lead cross-functional Teams and care Teams.", nil, []string{"ms-teams"}},
		{"Microsoft Teams always", "Meetings on Microsoft Teams.", []string{"ms-teams=Microsoft Teams"}, nil},
		{"Willow the place", "Pharmacy informatics at our Willow Bend Campus.", nil, []string{"epic-willow"}},
		{"A/R is not R", "Work open A/R with SQL and Python.", []string{"sql=SQL", "python=Python"}, []string{"r"}},
		{"MDM the HL7 message", "Route HL7 v2 ADT, ORU and MDM messages.", []string{"hl7-v2=HL7 v2"}, []string{"data-governance"}},
		{"MDM the discipline", "Master data governance with MDM tools.", []string{"data-governance=MDM"}, nil},
		{"a department is no skill", "Work with the Surgical Services Department and the Project Management Office.", nil, []string{"perioperative", "project-management"}},
		{"benefits worded as coverage", "We provide health, dental and vision coverage, a pension plan, and free parking.", nil, []string{"vision", "managed-care"}},
		{"duty verbs are not soft skills", "Partner with physicians and troubleshoot tickets.", nil, []string{"collaboration", "troubleshooting"}},
		{"communication points are things", "Build Rhapsody communication points and filters.", []string{"rhapsody=Rhapsody"}, []string{"communication"}},
		{"HL7 message types", "Map ADT, ORU and SIU messages; ORM for orders.", []string{"adt=ADT", "adt-messages=ORU", "adt-messages=SIU messages", "adt-messages=ORM"}, nil},
		{"ORM without HL7 words", "Java with an ORM such as Hibernate.", []string{"java=Java"}, []string{"adt-messages"}},
		{"AI the abbreviation", "Build AI features and AI/ML pipelines.", []string{"artificial-intelligence=AI", "artificial-intelligence=AI/ML"}, nil},
		{"ai in another language", "Dedichiamo ai nostri clienti il nostro impegno.", nil, []string{"artificial-intelligence"}},
		{"user experience the skill", "User experience and UX research.", []string{"ux-design=User experience", "design-thinking=UX research"}, nil},
		{"the user experience of a product", "Deliver a great user experience and improve the user experience.", nil, []string{"ux-design"}},
		{"outlook is not Outlook", "A positive outlook. Outlook for 2026 is good.", nil, []string{"ms-outlook"}},
		{"leadership skill", "Strong leadership and mentoring skills.", []string{"leadership=Strong leadership", "mentoring=mentoring skills"}, nil},
		{"leadership team", "Report to the leadership team weekly.", nil, []string{"leadership"}},
		{"our leadership", "Our leadership values growth.", nil, []string{"leadership"}},
		{"senior leadership", "Present to senior leadership.", []string{"presentation-skills=Present to"}, []string{"leadership"}},
		{"teamwork", "A team player who values teamwork.", []string{"teamwork=team player", "teamwork=teamwork"}, nil},
		{"join our team", "Join our team of 40 analysts.", nil, []string{"teamwork", "collaboration"}},
		{"team of", "You will be part of a team of nurses.", nil, []string{"teamwork"}},
		{"Radiant with Epic", "Epic Radiant and PACS integration.", []string{"epic-radiant=Epic Radiant", "pacs=PACS"}, nil},
		{"radiant unrelated", "A radiant smile for every patient.", nil, []string{"epic-radiant"}},
		{"Radiology department", "Support the Radiology department and Radiology unit.", nil, []string{"epic-radiant", "radiology"}},
		{"radiology workflows", "Experience with radiology workflows.", []string{"radiology=radiology workflows"}, nil},
		{"ASAP the Epic app", "Epic ASAP build for the emergency department.", []string{"epic-asap=Epic ASAP"}, nil},
		{"asap the phrase", "Respond to pages ASAP.", nil, []string{"epic-asap"}},
		{"HL7 variants", "HL7-v2 interfaces, HL7 FHIR and C-CDA documents.", []string{"hl7-v2=HL7-v2", "fhir=HL7 FHIR", "c-cda=C-CDA documents"}, nil},
		{"X12 transactions", "Knowledge of X12 837/835 and 270/271.", []string{"x12-837=X12 837", "x12-835=835", "x12-270-271=270/271"}, nil},
		{"coding sets", "ICD-10-CM, ICD-10-PCS, CPT and HCPCS.", []string{"icd-10-cm=ICD-10-CM", "icd-10-pcs=ICD-10-PCS", "cpt=CPT", "hcpcs=HCPCS"}, nil},
		{"soft skill phrasing", "Explain technical concepts to non-technical audiences and juggle competing priorities.", []string{"technical-translation=Explain technical concepts", "technical-translation=non-technical audiences", "prioritisation=juggle competing priorities"}, nil},
		{"typographic variants", "\u201cEpic\u201d, Beaker\u2011AP and C\u2011CDA\u00a0documents", []string{"epic=Epic", "epic-beaker=Beaker\u2011AP", "c-cda=C\u2011CDA\u00a0documents"}, nil},
		{"line breaks split forms", "SQL\nServer room", []string{"sql=SQL"}, []string{"sql-server"}},
		{"rest is not REST", "The rest of the team uses REST APIs.", []string{"rest-api=REST APIs"}, nil},
		{"data-driven is not self-motivation", "A data-driven culture.", nil, []string{"self-motivation"}},
		{"street number is not X12", "Visit us at 837 Main Street.", nil, []string{"x12-837"}},
		{"X12 number with context", "Post 835 remittance and 837 claims.", []string{"x12-835=835 remittance", "x12-837=837 claims"}, nil},
		{"SOAP notes are not web services", "Review SOAP notes with him.", nil, []string{"soap", "him-domain"}},
		{"Epic or Cerner is not OpTime", "Epic or Cerner experience.", []string{"epic=Epic", "oracle-health=Cerner"}, []string{"epic-optime"}},
		{"HIM uppercase", "Experience in HIM operations.", []string{"him-domain=HIM"}, nil},
		{"sales networking is not computer networking", "Networking events and Active Directory.", []string{"active-directory=Active Directory"}, []string{"networking"}},
		{"RN licence uppercase only", "Active RN license required. The rn field.", []string{"rn-licence=Active RN license"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := found(tg.Tag(tt.in))
			// want must appear as a subsequence, in order.
			k := 0
			for _, g := range got {
				if k < len(tt.want) && g == tt.want[k] {
					k++
				}
			}
			if k < len(tt.want) {
				t.Errorf("Tag(%q)\n got %q\nmissing %q (and what follows, in order)", tt.in, got, tt.want[k])
			}
			for _, id := range tt.not {
				for _, g := range got {
					if strings.HasPrefix(g, id+"=") {
						t.Errorf("Tag(%q) found %q, want no %s", tt.in, g, id)
					}
				}
			}
		})
	}
}

func TestTagLongestMatch(t *testing.T) {
	tg := MustTagger(t)
	checkFound(t, tg, []foundCase{
		{"full product name beats vendor", "Epic Resolute Hospital Billing", []string{"epic-resolute-hb=Epic Resolute Hospital Billing"}},
		{"SQL Server beats SQL", "Microsoft SQL Server", []string{"sql-server=Microsoft SQL Server"}},
		{"Lean Six Sigma Green Belt beats Lean Six Sigma", "Lean Six Sigma Green Belt", []string{"six-sigma-belt=Lean Six Sigma Green Belt"}},
		{"HL7 FHIR beats HL7", "HL7 FHIR", []string{"fhir=HL7 FHIR"}},
		{"shorter form when the longer does not occur", "Lean Six Sigma methods", []string{"lean-six-sigma=Lean Six Sigma"}},
	})
}

// TestTagRules checks each rule condition on a tiny taxonomy, so the rule
// engine is tested apart from the data.
func TestTagRules(t *testing.T) {
	tg := MustTaggerFrom(t, `
version: "test"
contexts:
  stats: [statistics, SAS]
skills:
  - id: widget
    name: Widget
    kind: hard
    category: office_tool
    aliases: [Widget Pro]
    rules:
      - forms: [Widget]
        requires_case: [Widget]
        not_followed_by: [factory, "in the"]
        not_preceded_by: [the]
        needs_context: ["@stats", data science]
        window: 3
`)
	tests := []struct {
		name, in string
		want     int
	}{
		{"all conditions hold", "Widget with statistics", 1},
		{"context phrase of two words", "data science and Widget", 1},
		{"wrong case", "widget with statistics", 0},
		{"followed by a word", "Widget factory statistics", 0},
		{"followed by a phrase", "Widget in the statistics", 0},
		{"followed across a sentence end is fine", "Widget. In the statistics", 1},
		{"preceded by a word", "statistics and the Widget", 0},
		{"no context", "Widget alone", 0},
		{"context outside the window", "Widget a b c statistics", 0},
		{"context at the window edge", "Widget a b statistics", 1},
		{"unguarded alias ignores the rules", "the widget pro factory", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tg.Tag(tt.in); len(got) != tt.want {
				t.Errorf("Tag(%q) = %q, want %d mentions", tt.in, found(got), tt.want)
			}
		})
	}
}

func TestTagSkipsBoilerplate(t *testing.T) {
	tg := MustTagger(t)
	checkFound(t, tg, []foundCase{
		{
			name: "EEO sentence",
			text: "Requires SQL. We are an equal opportunity employer that values teamwork and communication.",
			want: []string{"sql=SQL"},
		},
		{
			name: "EEO with protected classes",
			text: "Python experience.\nApplicants are considered without regard to race or protected veteran status; leadership welcome.",
			want: []string{"python=Python"},
		},
		{
			name: "diversity statement",
			text: "We strive to create an environment of inclusion focused on empathy. Use Python.",
			want: []string{"python=Python"},
		},
		{
			name: "benefits section until the next heading",
			text: "Benefits:\n- Tuition help for Epic certification\n- Excel training\nRequirements:\n- Tableau",
			want: []string{"tableau=Tableau"},
		},
		{
			name: "benefits heading with text on the same line",
			text: "What we offer: Epic training.\nQualifications\nEpic certified",
			want: []string{"epic-certification=Epic certified"},
		},
		{
			name: "short colon line ends a benefits section",
			text: "Perks\n- Free Python courses\nTech stack:\nPython, SQL",
			want: []string{"python=Python", "sql=SQL"},
		},
		{
			name: "benefits sentence with two benefits",
			text: "Use Tableau daily. We offer dental, PTO and Python courses.",
			want: []string{"tableau=Tableau"},
		},
		{
			name: "one benefit word is not boilerplate",
			text: "Dental clinics use Python.",
			want: []string{"python=Python"},
		},
		{
			name: "benefits as an ordinary word",
			text: "Benefits of FHIR over HL7 v2.",
			want: []string{"fhir=FHIR", "hl7-v2=HL7 v2"},
		},
	})
}

// TestTagPosting runs the whole realistic posting: it must find the core
// skills, nothing from the benefits or EEO paragraphs, and well-formed
// mentions.
func TestTagPosting(t *testing.T) {
	tg := MustTagger(t)
	text := MustPosting(t)
	ms := tg.Tag(text)
	CheckMentions(t, text, ms)
	ids := make(map[string]bool)
	for _, m := range ms {
		ids[m.SkillID] = true
	}
	for _, id := range []string{
		"epic", "epic-ambulatory", "epic-cadence", "epic-prelude", "epic-bridges", "rhapsody", "hl7-v2",
		"epic-mychart", "epic-clarity", "epic-caboodle", "sql", "servicenow", "hipaa", "icd-10-cm", "cpt",
		"ms-excel", "power-bi", "tableau", "agile", "scrum", "communication", "attention-to-detail",
		"prioritisation", "problem-solving", "critical-thinking", "teamwork", "customer-service", "empathy",
		"technical-translation", "epic-certification", "x12-837", "x12-835", "x12-270-271", "cphims", "pmp",
	} {
		if !ids[id] {
			t.Errorf("posting: %s not found", id)
		}
	}
	benefits := strings.Index(text, "Benefits\n")
	workEnv := strings.Index(text, "Work environment")
	eeo := strings.Index(text, "is an equal opportunity employer")
	for _, m := range ms {
		if (m.Start > benefits && m.Start < workEnv) || m.Start > eeo {
			t.Errorf("posting: mention %s=%q at %d is inside boilerplate", m.SkillID, m.Text, m.Start)
		}
		if m.SkillID == "leadership" {
			t.Errorf("posting: %q at %d counted as leadership", m.Text, m.Start)
		}
	}
}

// CheckMentions asserts the Mention contract: offsets inside the text, on
// rune boundaries, Text equal to the span, in text order without overlap,
// and skill fields filled in.
func CheckMentions(tb testing.TB, text string, ms []skillpulse.Mention) {
	tb.Helper()
	prevEnd := 0
	for _, m := range ms {
		if m.Start < prevEnd || m.End <= m.Start || m.End > len(text) {
			tb.Fatalf("mention %+v out of order or outside text of %d bytes (previous end %d)", m, len(text), prevEnd)
		}
		if !runeBoundary(text, m.Start) || !runeBoundary(text, m.End) {
			tb.Fatalf("mention %+v not on rune boundaries", m)
		}
		if text[m.Start:m.End] != m.Text {
			tb.Fatalf("mention %+v: text[%d:%d] = %q", m, m.Start, m.End, text[m.Start:m.End])
		}
		if m.SkillID == "" || m.Skill == "" || m.Category == "" || (m.Kind != skillpulse.Soft && m.Kind != skillpulse.Hard) {
			tb.Fatalf("mention %+v: skill fields missing", m)
		}
		prevEnd = m.End
	}
}

// runeBoundary reports whether i starts a rune as Go decodes s (an invalid
// byte is a one-byte rune) or is len(s).
func runeBoundary(s string, i int) bool {
	if i == len(s) {
		return true
	}
	if utf8.RuneStart(s[i]) {
		return true
	}
	// A continuation byte starts a rune only if it is not part of a valid
	// sequence that began earlier.
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if utf8.RuneStart(s[j]) {
			_, size := utf8.DecodeRuneInString(s[j:])
			return j+size <= i
		}
	}
	return true
}

func TestTagOffsetsMultibyte(t *testing.T) {
	tg := MustTagger(t)
	text := "Zürich — “Epic” with Beaker · naïve SQL…\u00a0Python 🚀 C# ✓ HL7\u2011v2"
	ms := tg.Tag(text)
	CheckMentions(t, text, ms)
	want := []string{"epic=Epic", "epic-beaker=Beaker", "sql=SQL", "python=Python", "c-sharp=C#", "hl7-v2=HL7\u2011v2"}
	if got := found(ms); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTagEmptyAndNoMatch(t *testing.T) {
	tg := MustTagger(t)
	for _, in := range []string{"", "   ", "Nothing to see here.", "\xff\xfe"} {
		if got := tg.Tag(in); len(got) != 0 {
			t.Errorf("Tag(%q) = %q, want none", in, found(got))
		}
	}
}

func TestTerms(t *testing.T) {
	tg := MustTagger(t)
	terms := tg.Terms()
	if !slices.IsSorted(terms) {
		t.Error("terms not sorted")
	}
	if len(slices.Compact(slices.Clone(terms))) != len(terms) {
		t.Error("terms contain duplicates")
	}
	for _, want := range []string{"epic cadence", "c#", ".net", "hl7 v2", "c cda", "node.js", "communication skills"} {
		if _, ok := slices.BinarySearch(terms, want); !ok {
			t.Errorf("terms lack %q", want)
		}
	}
	// Every term, tagged as text, finds its own skill: the matcher looks for
	// exactly these strings (rules aside, hence "at least most").
	unmatched := 0
	for _, term := range terms {
		if len(tg.Tag(term)) == 0 {
			unmatched++
		}
	}
	if unmatched > len(terms)/10 {
		t.Errorf("%d of %d terms do not match themselves", unmatched, len(terms))
	}
	terms[0] = "mutated"
	if tg.Terms()[0] == "mutated" {
		t.Error("Terms returned shared state")
	}
}

func TestNewRejectsInvalidTaxonomy(t *testing.T) {
	tx, err := taxonomy.Parse(strings.NewReader(`
version: "1"
skills:
  - {id: a, name: SQL, kind: hard, category: database}
  - {id: b, name: sql, kind: hard, category: database}
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tagger.New(tx); err == nil || !strings.Contains(err.Error(), "also a surface form of a") {
		t.Fatalf("New accepted a conflicting taxonomy: %v", err)
	}
}

// TestTagConcurrent checks that one Tagger gives the same answers from many
// goroutines (run with -race).
func TestTagConcurrent(t *testing.T) {
	tg := MustTagger(t)
	texts := []string{MustPosting(t), "Epic Cadence, SQL and R.", "We are an equal opportunity employer. Python.", ""}
	want := make([][]skillpulse.Mention, len(texts))
	for i, s := range texts {
		want[i] = tg.Tag(s)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(texts))
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 20 {
				i := (g + r) % len(texts)
				if got := tg.Tag(texts[i]); !slices.Equal(got, want[i]) {
					errs <- fmt.Errorf("goroutine %d round %d: text %d differs", g, r, i)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func FuzzTag(f *testing.F) {
	tg := MustTagger(f)
	f.Add(MustPosting(f))
	for _, s := range []string{
		"", "Epic", "C#/.NET", "R", "HL7\u2011v2", "\xff\xfeEpic", "Benefits:\n- SQL", "Zürich “Epic”",
		"equal opportunity SQL", "Go-Live", "C++", ".NET.", "Ep\u200bic", "SQL\u00a0Server", "401(k) dental Python",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		CheckMentions(t, s, tg.Tag(s))
	})
}

func BenchmarkTag(b *testing.B) {
	tg := MustTagger(b)
	text := MustPosting(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tg.Tag(text)
	}
}

func BenchmarkNew(b *testing.B) {
	tx, err := taxonomy.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tagger.New(tx); err != nil {
			b.Fatal(err)
		}
	}
}

// MustWideTagger builds a 40,000-term tagger: the embedded taxonomy widened
// with the O*NET and ESCO copies shipped in taxonomy/sources, the ESCO plus
// O*NET scale the speed goal is set at.
func MustWideTagger(tb testing.TB) *tagger.Tagger {
	tb.Helper()
	tx := MustDefaultTaxonomy(tb)
	for _, src := range []struct {
		path string
		read func(io.Reader) ([]skillpulse.Skill, error)
	}{
		{"../taxonomy/sources/onet-29.2/technology_skills.txt.gz", taxonomy.ReadONET},
		{"../taxonomy/sources/esco-1.1/skills_crosssector_transversal_en.csv.gz", taxonomy.ReadESCO},
	} {
		f, err := os.Open(src.path)
		if err != nil {
			tb.Fatal(err)
		}
		skills, err := src.read(f)
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		tx.Merge(skills)
	}
	tg, err := tagger.New(tx)
	if err != nil {
		tb.Fatal(err)
	}
	if n := len(tg.Terms()); n < 20000 {
		tb.Fatalf("wide tagger has %d terms, want 20,000+", n)
	}
	return tg
}

func MustDefaultTaxonomy(tb testing.TB) *taxonomy.Taxonomy {
	tb.Helper()
	tx, err := taxonomy.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return tx
}

// BenchmarkTagWide is BenchmarkTag with 40,000+ terms (goal: >= 100 MB/s
// per core, see docs/tagger.md).
func BenchmarkTagWide(b *testing.B) {
	tg := MustWideTagger(b)
	text := MustPosting(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tg.Tag(text)
	}
}

// TestRoleNouns checks that a hard skill naming a job title or a team is not
// counted, while the same skill as a requirement, and Health IT analyst
// titles, are.
func TestRoleNouns(t *testing.T) {
	tg := MustTagger(t)
	checkFound(t, tg, []foundCase{
		{"job title", "Senior Java Developer", nil},
		{"team name", "Join our DevOps team", nil},
		{"requirement", "Experience with Java and DevOps.", []string{"java=Java", "devops=DevOps"}},
		{"role noun in the next sentence", "We use Java. Engineers love it.", []string{"java=Java"}},
		{"analyst title counts", "Epic Cadence Analyst", []string{"epic-cadence=Epic Cadence"}},
		{"title with modifiers", "Senior Android Software Engineer", nil},
		{"title with two modifiers", "Java Full Stack Developer", nil},
		{"domain word is not a modifier", "Cerner CCL Report Developer", []string{"cerner-ccl=Cerner CCL"}},
		{"too many modifiers", "Java web app software Engineer", []string{"java=Java"}},
		{"list punctuation ends the title", "Java, software engineers welcome", []string{"java=Java"}},
	})
}

// TestListContext checks that an ambiguous form its case or context rule
// refuses counts when it stands in a list of other hard skills, and only
// then.
func TestListContext(t *testing.T) {
	tg := MustTagger(t)
	checkFound(t, tg, []foundCase{
		{"lower-case tags", "Technologies: java, spring, linux", []string{"java=java", "spring=spring", "linux=linux"}},
		{"space-separated tags", "python go docker", []string{"python=python", "go-lang=go", "docker=docker"}},
		{"a chain of listed forms", "python, go, spring", []string{"python=python", "go-lang=go", "spring=spring"}},
		{"vendor list", "Cerner, epic, Meditech", []string{"oracle-health=Cerner", "epic=epic", "meditech=Meditech"}},
		{"season, not a list", "In spring 2018 we moved to Python.", []string{"python=Python"}},
		{"verb, not a list", "Apply now and go home. Python is used.", []string{"python=Python"}},
		{"a word between is no list", "Python and then go home", []string{"python=Python"}},
		{"neighbour rules still hold", "SQL, excel in a busy, fast-paced role", []string{"sql=SQL", "working-under-pressure=fast-paced"}},
		{"another sentence is no list", "We use Python. go team!", []string{"python=Python"}},
	})
}

// TestAbbreviationInParentheses checks that a long form followed by its
// abbreviation in parentheses is one mention, and that other parentheses
// are not merged.
func TestAbbreviationInParentheses(t *testing.T) {
	tg := MustTagger(t)
	checkFound(t, tg, []foundCase{
		{"initials", "Google Cloud Platform (GCP) experience", []string{"gcp=Google Cloud Platform (GCP)"}},
		{"function word kept", "Internet of Things (IoT)", []string{"iot=Internet of Things (IoT)"}},
		{"function word skipped, spaces", "Natural Language Processing ( NLP ) models", []string{"nlp=Natural Language Processing ( NLP )"}},
		{"plural", "Experience writing Standard Operating Procedures (SOPs)", []string{"technical-writing=Standard Operating Procedures (SOPs)"}},
		{"a product is not an abbreviation", "Git (GitHub)", []string{"git=Git", "git=GitHub"}},
		{"expansion in parentheses is not merged", "AWS (Amazon Web Services)", []string{"aws=AWS", "aws=Amazon Web Services"}},
		{"unclosed", "Google Cloud Platform (GCP", []string{"gcp=Google Cloud Platform", "gcp=GCP"}},
	})
}

// MustSampleTexts returns the bundled sample postings as the extract stage
// tags them (title, blank line, plain-text description).
func MustSampleTexts(tb testing.TB) []string {
	tb.Helper()
	var texts []string
	for _, line := range strings.Split(readAll(tb, sampledata.Postings()), "\n") {
		if line == "" {
			continue
		}
		p, err := skillpulse.ParseRawPosting([]byte(line))
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, extract.PostingText(p))
	}
	return texts
}

func readAll(tb testing.TB, r io.Reader) string {
	tb.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// BenchmarkTagSample tags the 272 sample postings (2 KB on average, the
// corpus `skillpulse bench` uses) with the embedded and the wide taxonomy.
func BenchmarkTagSample(b *testing.B) {
	texts := MustSampleTexts(b)
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	for _, bc := range []struct {
		name string
		tg   func(testing.TB) *tagger.Tagger
	}{{"embedded", MustTagger}, {"wide", MustWideTagger}} {
		b.Run(bc.name, func(b *testing.B) {
			tg := bc.tg(b)
			b.SetBytes(n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for _, t := range texts {
					tg.Tag(t)
				}
			}
		})
	}
}
