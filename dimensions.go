package skillpulse

// Work modes a posting can have.
const (
	Remote = "remote"
	Hybrid = "hybrid"
	Onsite = "onsite"
)

func validWorkMode(s string) bool { return s == Remote || s == Hybrid || s == Onsite }

// Role families: the kinds of Health IT job analysts compare. The rules
// that assign them are documented with the classifier that applies them.
const (
	RoleEHRAnalyst          = "ehr_application_analyst"
	RoleIntegration         = "integration_interoperability"
	RoleDataAnalytics       = "data_analytics"
	RoleSecurity            = "security"
	RoleInfrastructure      = "infrastructure_support"
	RoleClinicalInformatics = "clinical_informatics"
	RoleProjectProduct      = "project_product_management"
	RoleRevenueCycleHIM     = "revenue_cycle_him"
	RoleSoftwareEngineering = "software_engineering"
	RoleOther               = "other"
)

// RoleFamilies lists every role family, in the order reports show them.
func RoleFamilies() []string {
	return []string{RoleEHRAnalyst, RoleIntegration, RoleDataAnalytics, RoleSecurity, RoleInfrastructure,
		RoleClinicalInformatics, RoleProjectProduct, RoleRevenueCycleHIM, RoleSoftwareEngineering, RoleOther}
}

func validRoleFamily(s string) bool {
	for _, r := range RoleFamilies() {
		if r == s {
			return true
		}
	}
	return false
}

// Dimensions are the posting attributes analysts slice figures by.
type Dimensions struct {
	City    string `json:"city,omitempty"`
	Region  string `json:"region,omitempty"`
	Country string `json:"country,omitempty"`
	// WorkMode is remote, hybrid, onsite, or empty when unknown.
	WorkMode string `json:"work_mode,omitempty"`
	// RoleFamily is one of RoleFamilies.
	RoleFamily string `json:"role_family,omitempty"`
	// HealthIT says whether the posting is a Health IT job.
	HealthIT bool `json:"health_it"`
}
