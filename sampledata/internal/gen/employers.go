package main

// orgKind is the kind of organisation that posts a job; it decides which role
// families an employer hires for and which boilerplate its ads carry.
type orgKind string

// The organisation kinds of the sample market.
const (
	hospital orgKind = "hospital"
	payer    orgKind = "payer"
	vendor   orgKind = "vendor"
	consult  orgKind = "consult"
	public   orgKind = "public"
)

// employer is one fictional organisation. None of these names is a real
// company; they are invented for the sample data.
type employer struct {
	name  string
	slug  string
	kind  orgKind
	ehr   string // "epic", "cerner" or "" (no EHR of its own)
	city  string // "City, ST"
	ats   string // the source it posts to first
	blurb string // completes "<name> is ..."
}

// employers returns the forty fictional employers of the sample market.
func employers() []employer {
	return []employer{
		{"Lakeshore Health", "lakeshorehealth", hospital, "epic", "Chicago, IL", "workday", "a nonprofit health system of six hospitals and more than 90 outpatient sites across Chicago and its northern suburbs"},
		{"Summit Valley Medical Center", "summitvalley", hospital, "epic", "Denver, CO", "careers-site", "a 412-bed regional referral hospital and Level II trauma center serving the Front Range"},
		{"Prairie Ridge Health System", "prairieridge", hospital, "cerner", "Omaha, NE", "workday", "an integrated health system with four hospitals, 38 clinics and a home health agency across eastern Nebraska and western Iowa"},
		{"Bayside Regional Medical Center", "baysideregional", hospital, "cerner", "Tampa, FL", "careers-site", "a 350-bed community hospital on Florida's Gulf Coast with a nationally recognized heart program"},
		{"Cedar Hollow Children's Hospital", "cedarhollow", hospital, "epic", "Nashville, TN", "workday", "a freestanding pediatric hospital and research institute caring for children from six states"},
		{"Three Rivers Health Partners", "threerivers", hospital, "epic", "Pittsburgh, PA", "workday", "a regional health network of nine hospitals, a physician group of 1,100 providers and a growing virtual care practice"},
		{"Mesa Verde Community Hospital", "mesaverde", hospital, "cerner", "Albuquerque, NM", "careers-site", "an independent, community-owned hospital that has served central New Mexico for more than 70 years"},
		{"Northfield University Medical Center", "northfieldumc", hospital, "epic", "Minneapolis, MN", "workday", "an academic medical center affiliated with a major medical school, with 800 beds and a Level I trauma center"},
		{"Blue Heron Health", "blueheron", hospital, "epic", "Portland, OR", "careers-site", "a not-for-profit system of three hospitals and 40 primary and specialty care clinics in the Pacific Northwest"},
		{"Magnolia Coast Health System", "magnoliacoast", hospital, "cerner", "Mobile, AL", "workday", "a five-hospital system serving coastal Alabama and Mississippi, including the region's only burn center"},
		{"Granite State Regional Hospital", "granitestate", hospital, "epic", "Manchester, NH", "careers-site", "a 220-bed regional hospital with a busy emergency department and a network of rural clinics"},
		{"Riverbend Medical Group", "riverbendmg", hospital, "epic", "Columbus, OH", "careers-site", "a physician-led multispecialty group of 450 providers in 60 locations across central Ohio"},
		{"High Desert Health", "highdesert", hospital, "cerner", "Phoenix, AZ", "workday", "a fast-growing health system of seven hospitals and urgent care centers across the Phoenix metro area"},
		{"Evergreen Sound Medical Center", "evergreensound", hospital, "epic", "Tacoma, WA", "workday", "a 500-bed teaching hospital and regional cancer center on the south Puget Sound"},
		{"Heartland Rural Health Alliance", "heartlandrural", hospital, "cerner", "Des Moines, IA", "careers-site", "an alliance of 14 critical access hospitals and rural clinics sharing one EHR and one IT team"},
		{"Pine Hills Behavioral Health", "pinehills", hospital, "epic", "Raleigh, NC", "careers-site", "a nonprofit behavioral health provider with inpatient, outpatient and crisis services across North Carolina"},
		{"Keystone Harbor Health Plan", "keystoneharbor", payer, "", "Philadelphia, PA", "workday", "a nonprofit health plan serving 1.2 million commercial, Medicare and Medicaid members in the Mid-Atlantic"},
		{"Great Plains Mutual Health", "greatplainsmutual", payer, "", "Kansas City, MO", "workday", "a member-owned health insurer covering families and employers across Missouri and Kansas since 1946"},
		{"Silver Pine Health Insurance", "silverpine", payer, "", "Sacramento, CA", "workday", "a regional health plan offering HMO, PPO and Medi-Cal managed care products in Northern California"},
		{"CommonCare Medicaid Partners", "commoncare", payer, "", "Atlanta, GA", "careers-site", "a Medicaid and CHIP managed care organization focused on whole-person care for families in the Southeast"},
		{"Northstar Senior Advantage", "northstarsenior", payer, "", "Louisville, KY", "workday", "a Medicare Advantage plan built around primary care and care coordination for older adults"},
		{"Copperline Health Plans", "copperline", payer, "", "Salt Lake City, UT", "greenhouse", "a digital-first health plan for employers in the Mountain West"},
		{"Tidewater Family Health Plan", "tidewater", payer, "", "Richmond, VA", "careers-site", "a community health plan serving Medicaid and marketplace members across Virginia"},
		{"Clearwave Clinical Software", "clearwave", vendor, "", "Austin, TX", "greenhouse", "a Health IT company whose clinical workflow platform is used by more than 300 hospitals"},
		{"Meridian Interop Labs", "meridianinterop", vendor, "", "Boston, MA", "lever", "an interoperability company that connects EHRs, labs, payers and health information exchanges through HL7 and FHIR APIs"},
		{"PulseBridge Analytics", "pulsebridge", vendor, "", "Nashville, TN", "greenhouse", "a healthcare analytics company helping hospitals measure quality, cost and capacity"},
		{"Brightchart Health", "brightchart", vendor, "", "San Francisco, CA", "lever", "a venture-backed startup building an ambulatory EHR and patient app for independent practices"},
		{"Harborlight Telehealth", "harborlight", vendor, "", "Miami, FL", "greenhouse", "a virtual care company providing telehealth visits and remote patient monitoring for health systems and employers"},
		{"Ironwood Claims Technologies", "ironwoodclaims", vendor, "", "Dallas, TX", "workday", "a claims processing and payment integrity software company serving health plans and third-party administrators"},
		{"Kestrel Patient Engagement", "kestrelpe", vendor, "", "Seattle, WA", "greenhouse", "a patient engagement platform for scheduling, reminders and digital intake used by 2,000 clinics"},
		{"Atlas Lane Population Health", "atlaslane", vendor, "", "Denver, CO", "lever", "a population health software company that helps accountable care organizations manage risk"},
		{"Sagebrush RCM Software", "sagebrushrcm", vendor, "", "Boise, ID", "greenhouse", "a revenue cycle software company that automates eligibility, coding and denial management"},
		{"Quillfeather Data Works", "quillfeather", vendor, "", "Raleigh, NC", "lever", "a clinical data platform company that turns EHR and claims data into research-ready datasets"},
		{"Crossbridge Health Advisors", "crossbridge", consult, "", "Chicago, IL", "careers-site", "a Health IT consultancy that has supported more than 150 EHR implementations, upgrades and optimizations"},
		{"Beacon Point Healthcare Consulting", "beaconpoint", consult, "", "Atlanta, GA", "greenhouse", "a healthcare consulting firm specializing in EHR, revenue cycle and interoperability projects"},
		{"Redwood Interface Partners", "redwoodinterface", consult, "", "Sacramento, CA", "lever", "a fully remote consultancy of interface and integration engineers working for hospitals and Health IT vendors"},
		{"Sterling Gate Health IT Staffing", "sterlinggate", consult, "", "Dallas, TX", "careers-site", "a staffing and consulting firm placing EHR analysts, trainers and project managers with health systems nationwide"},
		{"Federal Health Data Service", "fhds", public, "", "Washington, DC", "usajobs-sample", "a fictional federal agency that collects and publishes national health care quality and utilization data"},
		{"Great Lakes Veterans Care Network", "glvcn", public, "cerner", "Ann Arbor, MI", "usajobs-sample", "a fictional federal network of medical centers and community clinics caring for veterans in the Great Lakes region"},
		{"Tri-County Public Health Authority", "tricountyph", public, "", "Fresno, CA", "careers-site", "a public health department serving three counties with clinics, disease surveillance and emergency preparedness"},
	}
}

// about returns the paragraphs that introduce an employer of the given kind;
// {employer} and {blurb} are filled in later. Some contain the traps a good
// tagger must not count ("our leadership team", "join our team").
func about(k orgKind) []string {
	switch k {
	case hospital:
		return []string{
			"{employer} is {blurb}. Our mission is simple: exceptional care, close to home, for every patient who walks through our doors.",
			"{employer} is {blurb}. Every role here, clinical or not, supports the patients and families who trust us with their care.",
			"At {employer}, we believe technology should give clinicians time back for their patients. {employer} is {blurb}.",
			"{employer} is {blurb}. Our leadership team is committed to investing in the people and the technology behind safe, high-quality care.",
			"Founded more than a century ago, {employer} is {blurb}. We have been recognized for nursing excellence and for our use of health information technology.",
		}
	case payer:
		return []string{
			"{employer} is {blurb}. We exist to help our members get the care they need at a cost they can afford.",
			"{employer} is {blurb}. We work side by side with providers in our network to improve outcomes and lower costs.",
			"At {employer}, members come first. {employer} is {blurb}, and we are modernizing the systems behind every claim and every call.",
			"{employer} is {blurb}. Our leadership team has made data and technology central to our strategy for the next five years.",
		}
	case vendor:
		return []string{
			"{employer} is {blurb}. We are a team of engineers, clinicians and designers who want healthcare software to be as good as the people who use it.",
			"{employer} is {blurb}. We have grown every year since our founding and are hiring across product, engineering and customer success.",
			"At {employer}, we build software that clinicians actually like to use. {employer} is {blurb}.",
			"{employer} is {blurb}. We are backed by healthcare-focused investors and are profitable, growing and hiring.",
		}
	case consult:
		return []string{
			"{employer} is {blurb}. Our consultants are known for showing up prepared, doing the work and leaving our clients stronger.",
			"{employer} is {blurb}. We match experienced people with meaningful projects at hospitals and health systems across the country.",
			"Since our founding, {employer} has been {blurb}. We are consultant-led, and our leadership team still works on client projects.",
		}
	default:
		return []string{
			"{employer} is {blurb}. Public service here means protecting and improving the health of the people we serve.",
			"{employer} is {blurb}. This announcement is part of a fictional sample dataset; the agency and the position are invented.",
		}
	}
}

// benefits returns the benefits boilerplate an employer of the given kind
// uses; federal employers (those posting to usajobs-sample) have their own.
func benefits(k orgKind, federal bool) []string {
	switch {
	case federal:
		return []string{
			"Federal benefits include health insurance (FEHB), dental and vision plans, the Thrift Savings Plan with agency matching, a defined-benefit retirement annuity, 11 paid federal holidays, annual and sick leave, and eligibility for Public Service Loan Forgiveness.",
			"As a federal employee you will be eligible for health, dental, vision and life insurance, the Thrift Savings Plan, a pension under the Federal Employees Retirement System, paid holidays and leave, and telework where the position allows.",
		}
	case k == public:
		return []string{
			"This position offers paid leave, health and life insurance, a public pension plan, deferred compensation, tuition assistance and a flexible work schedule where operations allow.",
			"County employees receive medical, dental and vision coverage, membership in the county retirement system, 13 paid holidays, vacation and sick leave, and eligibility for Public Service Loan Forgiveness.",
		}
	}
	switch k {
	case vendor:
		return []string{
			"We offer competitive salary and equity, medical, dental and vision coverage, a 401(k) with company match, flexible paid time off, a home-office stipend and 16 weeks of paid parental leave.",
			"Benefits include comprehensive health coverage for you and your dependents, a 401(k) match, unlimited PTO with a minimum of three weeks encouraged, a learning budget and company-wide wellness days.",
			"Our total rewards package includes health, dental and vision insurance, life and disability coverage, a 401(k) plan with employer contribution, paid holidays, volunteer days and a yearly professional development allowance.",
		}
	default:
		return []string{
			"We offer medical, dental and vision coverage starting on day one, a 403(b) retirement plan with employer match, generous paid time off, tuition reimbursement and an employee assistance program.",
			"Our benefits include comprehensive health coverage, a retirement plan with up to 6% match, paid time off and holidays, tuition assistance, student loan support, on-site fitness and free parking.",
			"Benefits eligible from your first day: medical, dental and vision plans, life and disability insurance, retirement savings with employer contributions, paid time off, a wellness program and professional development funds.",
			"Full-time team members receive health, dental and vision insurance, paid time off, a retirement plan with matching contributions, tuition reimbursement and discounted child care.",
		}
	}
}

// eeo returns the equal-opportunity statements an employer of the given kind uses.
func eeo(k orgKind) []string {
	if k == public {
		return []string{
			"This agency provides equal employment opportunity to all persons without regard to race, color, religion, sex (including pregnancy, sexual orientation and gender identity), national origin, age, disability, genetic information or any other non-merit factor. Reasonable accommodation is available for applicants with disabilities.",
			"We are an equal opportunity employer. Selection for this position will be made solely on the basis of merit, fitness and qualifications, without discrimination. Veterans' preference applies.",
		}
	}
	return []string{
		"{employer} is an Equal Opportunity Employer. All qualified applicants will receive consideration for employment without regard to race, color, religion, sex, sexual orientation, gender identity, national origin, age, disability, protected veteran status or any other characteristic protected by law.",
		"{employer} is proud to be an equal opportunity employer. We celebrate diversity and are committed to creating an inclusive environment for all employees. If you need an accommodation during the application process, please contact our recruiting team.",
		"We are an equal opportunity employer and value diversity at our company. We do not discriminate on the basis of race, religion, color, national origin, gender, sexual orientation, age, marital status, veteran status or disability status.",
		"{employer} provides equal employment opportunities to all employees and applicants and prohibits discrimination and harassment of any type. This employer participates in E-Verify.",
	}
}
