package classify

import (
	"regexp"

	"github.com/skillpulse/skillpulse"
)

// roleRule assigns a role family when the title matches.
type roleRule struct {
	family string
	title  *regexp.Regexp
}

// roleRules are tried in order on the title; the first match wins, so the
// order settles overlaps: a "Revenue Cycle Epic Analyst" is revenue cycle,
// an "Epic Project Manager" is project management, an "Epic Bridges
// Interface Analyst" is integration, a "Clarity Report Writer" is data.
// docs/sources.md lists the same rules for analysts.
// It is read-only after package initialisation.
var roleRules = []roleRule{
	{skillpulse.RoleRevenueCycleHIM, w(`revenue cycle|rcm|billing|coder|coding|charge capture|claims|health information management|him|release of information|clinical documentation|cdi|patient access|denials?`)},
	{skillpulse.RoleClinicalInformatics, w(`informatics|informaticist|informaticists|cmio|cnio|clinical systems? specialist`)},
	{skillpulse.RoleProjectProduct, w(`project manager|program manager|project lead|product manager|product owner|scrum master|pmo|portfolio manager|delivery manager|implementation manager`)},
	{skillpulse.RoleSecurity, w(`security|cyber ?security|cyber|iam|identity and access|soc analyst|penetration|privacy officer|grc`)},
	{skillpulse.RoleIntegration, w(`interfaces?|integrations?|interoperability|hl7|fhir|mirth|rhapsody|cloverleaf|bridges|edi|hie`)},
	{skillpulse.RoleEHRAnalyst, w(`epic|cerner|oracle health|meditech|athena|allscripts|ehr|emr|application analyst|applications analyst|clinical applications?|application coordinator|systems analyst|principal trainer|credentialed trainer`)},
	{skillpulse.RoleDataAnalytics, w(`data|analytics|business intelligence|bi|reporting|report writer|clarity|caboodle|machine learning|statistician|data scientist`)},
	{skillpulse.RoleSoftwareEngineering, w(`software|developer|programmer|full[- ]stack|front[- ]end|back[- ]end|mobile engineer|ios|android|qa engineer|test automation|machine learning engineer`)},
	{skillpulse.RoleInfrastructure, w(`help ?desk|service desk|desktop|technician|it support|technical support|support specialist|system administrator|systems administrator|sysadmin|network|infrastructure|cloud|devops|site reliability|sre|dba|database administrator|solution architect|systems engineer|field services`)},
}

// w compiles a case-insensitive alternation of whole words.
func w(expr string) *regexp.Regexp { return regexp.MustCompile(`(?i)\b(` + expr + `)\b`) }

// RoleFamily assigns one of skillpulse.RoleFamilies from the title by the
// ordered roleRules; a title that matches none is "other". The text is not
// used: descriptions name every team the job works with, titles name the job.
func RoleFamily(title, text string) string {
	_ = text
	for _, r := range roleRules {
		if r.title.MatchString(title) {
			return r.family
		}
	}
	return skillpulse.RoleOther
}

var (
	// healthITTermRe are terms only Health IT postings use: EHR products
	// and modules, health data standards and regulations. One is enough.
	healthITTermRe = regexp.MustCompile(`(?i)\b(epic (systems|certified|certification|cadence|beaker|ambulatory|inpatient|clarity|caboodle|bridges|orders|willow|resolute|tapestry|healthy planet|mychart|cupid|radiant|optime|asap|stork|hod|prelude)|epic ehr|cerner|oracle health|meditech|allscripts|athenahealth|eclinicalworks|nextgen healthcare|ehr|emr|electronic (health|medical) records?|hl7|fhir|hipaa|clinical informatics|nursing informatics|health information management|health information exchange|revenue cycle|pacs|dicom|icd-10|cpt codes?|x12|837|835|mirth|rhapsody|cloverleaf|meaningful use|hitrust|onc|cms interoperability)\b`)
	// healthContextRe says the employer or job is in health care.
	healthContextRe = regexp.MustCompile(`(?i)\b(health|healthcare|health care|hospitals?|medical|clinics?|clinical|patients?|pharmacy|payers?|health plans?|physicians?|nursing|care delivery|medicaid|medicare|veterans affairs)\b`)
	// healthTextRe is how a description shows the job is in health care;
	// narrower than healthContextRe, since every benefits section says
	// "health".
	healthTextRe = regexp.MustCompile(`(?i)\b(hospitals?|health systems?|patients?|clinical|clinicians?|payers?|health plans?|medicaid|medicare|care delivery)\b`)
	// itTitleRe says the title is a technology job even where no role
	// family rule names it more precisely.
	itTitleRe = regexp.MustCompile(`(?i)\b(it|information technology|information systems|analyst|engineer|developer|architect|administrator|technology|digital|informatics)\b`)
)

// HealthIT is the relevance rule. A posting is Health IT when its title
// names a Health IT term (an EHR, a health data standard such as HL7, FHIR
// or X12, HIPAA, revenue cycle, clinical informatics), or when it is a
// technology job (a role family other than "other", or an IT word in the
// title) and either its text names such a term, or its employer or title
// is in health care, or its text speaks of hospitals, patients or clinical
// work. Generic words in the text ("healthcare coverage" among benefits)
// do not count, and a clinical job that mentions the EHR is not an IT job.
func HealthIT(title, employer, text string) bool {
	if healthITTermRe.MatchString(title) {
		return true
	}
	tech := RoleFamily(title, "") != skillpulse.RoleOther || itTitleRe.MatchString(title)
	if !tech {
		return false
	}
	return healthITTermRe.MatchString(text) || healthContextRe.MatchString(employer) || healthContextRe.MatchString(title) ||
		healthTextRe.MatchString(text)
}
