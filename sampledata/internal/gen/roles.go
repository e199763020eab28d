package main

// item is one sentence or bullet that may appear in a posting: with chance p
// at the start of the date range, p+trend at its end (so a skill can rise
// over the months), and only when the posting has the tag in when ("" means
// always; "!tag" means only without it). One of the phrasings v is used.
type item struct {
	p     float64
	trend float64
	when  string
	v     []string
}

// it is an item without trend or condition.
func it(p float64, v ...string) item { return item{p: p, v: v} }

// tr is an item whose chance grows from p to p+trend over the date range.
func tr(p, trend float64, v ...string) item { return item{p: p, trend: trend, v: v} }

// on is an item that appears only when the posting has the tag when.
func on(when string, p float64, v ...string) item { return item{p: p, when: when, v: v} }

// varOpt is one choice of a role variable, such as the Epic module an analyst
// supports: kv holds placeholder/value pairs; the key "tag" adds a posting
// tag instead, so items can depend on the choice.
type varOpt struct {
	w  float64
	kv []string
}

// role is a family of jobs with its titles and the paragraphs its ads are
// composed from. Placeholders in braces are filled per posting.
type role struct {
	family  string
	weight  float64
	orgs    []orgKind
	needs   string // tag the posting must have, e.g. "epic"
	vars    [][]varOpt
	titles  []item // when filters; p is ignored
	summary []string
	resp    []item
	req     []item
	pref    []item
	soft    []item // role-specific soft skills, added to the shared pool
	pay     [2]int // yearly pay range for a mid-level hire, in thousands of dollars
	remote  float64
}

// softSkills is the shared pool of soft-skill requirements, phrased the way
// real ads phrase them. Their chances differ so that frequencies look real:
// communication in most postings, mentoring in few.
func softSkills() []item {
	return []item{
		it(0.74, "Excellent verbal and written communication skills",
			"Strong written and oral communication skills",
			"Exceptional communication skills, both written and verbal",
			"Communicates clearly and professionally with end users at every level of the organization",
			"Excellent communication and interpersonal skills"),
		it(0.28, "Ability to explain technical concepts to non-technical stakeholders",
			"Able to translate technical details into plain language for clinicians and leaders",
			"Comfortable explaining complex technical topics to non-technical audiences"),
		it(0.45, "Works collaboratively with clinical teams, operations and IT",
			"Collaborates effectively with physicians, nurses and department leaders",
			"Team player who builds strong working relationships across departments",
			"Ability to work collaboratively in a cross-functional team"),
		it(0.52, "Strong problem-solving skills",
			"Strong analytical and problem-solving skills",
			"Ability to troubleshoot complex issues and identify root causes",
			"A methodical approach to problem solving"),
		it(0.34, "Ability to manage competing priorities and meet deadlines",
			"Proven ability to juggle multiple projects and manage competing priorities",
			"Able to prioritize work and deliver on deadlines with minimal supervision"),
		it(0.38, "Strong attention to detail",
			"Detail-oriented, with a high standard for accuracy",
			"Meticulous attention to detail and accuracy"),
		it(0.18, "Customer service orientation",
			"A customer-service mindset and patience with end users",
			"Commitment to excellent customer service for internal and external customers"),
		it(0.19, "Adaptable in a fast-changing environment",
			"Flexible and comfortable with ambiguity and frequent change",
			"Adapts quickly to new tools, processes and priorities"),
		it(0.17, "Critical thinking and sound judgment",
			"Strong critical thinking skills and sound judgment"),
		it(0.21, "Self-motivated and able to work independently with minimal supervision",
			"Self-starter who works well independently and as part of a team"),
		it(0.14, "Excellent organizational and time management skills",
			"Strong organizational skills and the ability to manage your own time"),
		it(0.11, "Comfortable presenting to leadership and to large groups",
			"Strong presentation skills"),
		it(0.05, "Willingness to mentor junior analysts and share knowledge",
			"Enjoys mentoring junior team members"),
		it(0.09, "Demonstrated leadership skills and the ability to influence without authority",
			"Leadership experience, formal or informal"),
	}
}

// closers are the sentences that end a summary; several are traps for a
// tagger ("excel in a fast-paced environment", "join our team", "epic
// opportunity", "our leadership team").
func closers() []item {
	return []item{
		it(0.22, "We are looking for someone who can excel in a fast-paced environment and still take care with the details that matter to patients.",
			"You will excel in a fast-paced environment where priorities shift with the needs of our patients."),
		it(0.30, "Join our team and help us build a healthier {cityname}.",
			"If this sounds like you, join our team and make a difference in the lives of the people we serve.",
			"Join our team and do the best work of your career."),
		it(0.12, "You will report to a director who is part of our leadership team and have room to grow into a senior role.",
			"This role works directly with our leadership team on priorities for the coming year."),
		it(0.07, "This is an epic opportunity to shape how {employer} uses technology for years to come.",
			"An epic opportunity for someone who wants to see their work make a difference from day one."),
	}
}

// roles returns the role families of the sample market.
func roles() []role {
	return []role{epicAnalyst(), cernerAnalyst(), interfaceEngineer(), clinicalInformatics(),
		dataAnalyst(), dataEngineer(), securityAnalyst(), itSupport(), projectManager(),
		productManager(), revenueCycle(), softwareEngineer()}
}

func epicAnalyst() role {
	return role{
		family: "ehr-epic", weight: 17, orgs: []orgKind{hospital, consult}, needs: "epic",
		vars: [][]varOpt{{
			{5, []string{"module", "Cadence and Prelude", "short", "Cadence/Prelude", "area", "scheduling, registration and patient access workflows", "cert", "Cadence or Prelude", "tag", "access"}},
			{5, []string{"module", "Inpatient ClinDoc", "short", "ClinDoc", "area", "inpatient clinical documentation, flowsheets and nursing workflows", "cert", "Inpatient ClinDoc", "tag", "clinical"}},
			{3, []string{"module", "Resolute Hospital Billing", "short", "Resolute HB", "area", "hospital billing, charge capture and claims workflows", "cert", "Resolute Hospital Billing", "tag", "billing"}},
			{2.5, []string{"module", "Resolute Professional Billing", "short", "Resolute PB", "area", "professional billing, charge entry and claims workflows", "cert", "Resolute Professional Billing", "tag", "billing"}},
			{1.6, []string{"module", "Beaker Clinical Pathology", "short", "Beaker", "area", "laboratory orders, specimen collection and results workflows", "cert", "Beaker Clinical Pathology", "tag", "clinical"}},
			{3, []string{"module", "Ambulatory", "short", "Ambulatory", "area", "clinic documentation, orders and In Basket workflows", "cert", "Ambulatory", "tag", "clinical"}},
			{1, []string{"module", "Willow Inpatient", "short", "Willow", "area", "pharmacy, medication administration and formulary workflows", "cert", "Willow Inpatient", "tag", "clinical"}},
			{1.2, []string{"module", "OpTime and Anesthesia", "short", "OpTime", "area", "surgical scheduling, case tracking and anesthesia documentation", "cert", "OpTime", "tag", "clinical"}},
			{2.5, []string{"module", "Clarity and Cogito reporting", "short", "Clarity", "area", "Clarity and Caboodle reporting, dashboards and data extracts", "cert", "Clarity Data Model", "tag", "reporting"}},
		}},
		titles: []item{
			on("", 0, "Epic {short} Application Analyst", "Senior Epic {short} Analyst", "Application Analyst II - Epic {module}",
				"EHR Application Analyst (Epic {short})", "Clinical Systems Analyst III - Epic {short}", "Epic {short} Analyst"),
			on("consult", 0, "Epic {short} Consultant", "Senior Epic {short} Consultant (Remote)"),
		},
		summary: []string{
			"The Epic {short} Application Analyst builds, tests and supports {area} in our Epic environment. Working closely with operational leaders and end users, you will turn workflow requests into stable, well-documented build.",
			"We are looking for an experienced Epic {short} analyst to own {area}. You will partner with operations to design, build, validate and maintain the system, and you will take part in upgrades and go-live support.",
			"As an Epic {module} analyst you will be the go-to expert for {area}, from first request to go-live and beyond. The role combines hands-on build with the judgment to know when a workflow should change instead of the system.",
		},
		resp: []item{
			it(0.95, "Design, build, test and maintain Epic {module} workflows, including {area}",
				"Gather requirements from operational stakeholders and translate them into Epic {short} build",
				"Own the Epic {short} build: analyze requests, propose solutions and configure the system"),
			it(0.8, "Troubleshoot and resolve incidents and service requests in ServiceNow within agreed service levels",
				"Investigate and resolve user-reported issues, escalating to Epic technical services when needed"),
			it(0.65, "Take part in Epic upgrades: review release notes, test new functionality and adopt Foundation System content",
				"Plan and validate build for quarterly Epic upgrades and special updates"),
			it(0.6, "Write and execute unit, integrated and regression test scripts",
				"Develop test plans and coordinate integrated testing with other application teams"),
			it(0.55, "Provide go-live support, including at-the-elbow support and occasional evening and weekend work",
				"Support go-live events for new clinics and departments, on site and remotely"),
			it(0.4, "Create and maintain build documentation, workflow diagrams and training materials"),
			it(0.35, "Work with the integration team on HL7 interfaces that feed or are fed by {short}",
				"Coordinate with the interface team on inbound and outbound HL7 messages affecting {short}"),
			it(0.3, "Build reports and dashboards with Reporting Workbench and Radar for operational users"),
			it(0.25, "Participate in the on-call rotation for after-hours production support"),
			on("billing", 0.7, "Maintain charge routing, claim edits and work queues so that claims go out clean",
				"Analyze denials and claim edit trends with revenue cycle leaders and fix the build behind them"),
			on("reporting", 0.8, "Write SQL against Clarity and Caboodle to deliver reports, extracts and data validation",
				"Develop SlicerDicer and Reporting Workbench content and maintain Clarity ETL monitoring"),
			tr(0.03, 0.15, "Configure and evaluate Epic's AI-assisted features, such as generative AI drafting of patient messages, with clinical and compliance partners"),
		},
		req: []item{
			it(0.9, "Epic certification in {cert} (or the ability to obtain it within 6 months of hire)",
				"Current Epic {cert} certification or proficiency",
				"Epic certification required in {cert}; other Epic certifications a plus"),
			it(0.95, "{years}+ years of experience supporting Epic or another EHR in a hospital or clinic setting",
				"{years}+ years of healthcare IT application experience, including at least one year with Epic"),
			it(0.7, "Bachelor's degree in information systems, health informatics or a related field, or equivalent work experience"),
			it(0.45, "Working knowledge of SQL for data validation and troubleshooting", "Basic SQL skills"),
			it(0.5, "Understanding of HIPAA and the privacy of protected health information",
				"Knowledge of HIPAA privacy and security requirements"),
			it(0.3, "Experience with ServiceNow or a similar ticketing system"),
			it(0.25, "Proficiency with Microsoft Excel, Visio and Word", "Intermediate Excel skills"),
			on("billing", 0.75, "Knowledge of CPT, HCPCS and ICD-10 coding and of the 837 claim cycle",
				"Understanding of hospital and professional billing, including CPT and ICD-10 codes"),
			on("reporting", 0.9, "Advanced SQL skills, including complex joins, CTEs and performance tuning"),
			on("clinical", 0.2, "Clinical background (RN, pharmacist, lab technologist or similar) preferred for clinical modules"),
		},
		pref: []item{
			it(0.45, "Experience with a {short} implementation or a major Epic upgrade"),
			it(0.3, "Additional Epic certifications or proficiencies (for example Cadence, Prelude, ClinDoc or Resolute)",
				"Experience with neighboring Epic applications such as Beaker, Willow or OpTime"),
			it(0.2, "Experience with Clarity or Caboodle reporting"),
			it(0.18, "Experience working in an Agile team"),
			it(0.14, "ITIL Foundation certification"),
			on("access", 0.4, "Patient access, scheduling or call center background"),
			on("reporting", 0.5, "Experience with Tableau or Power BI", "Experience building dashboards in Power BI"),
			on("reporting", 0.3, "Python for data wrangling and automation"),
			tr(0.05, 0.22, "Familiarity with FHIR APIs and Epic integrations built on them",
				"Exposure to FHIR R4 resources and SMART on FHIR apps"),
		},
		soft:   []item{it(0.1, "Willingness to mentor junior analysts", "Experience mentoring junior analysts and new team members")},
		pay:    [2]int{82, 118},
		remote: 0.45,
	}
}

func cernerAnalyst() role {
	return role{
		family: "ehr-cerner", weight: 7, orgs: []orgKind{hospital, consult, public}, needs: "cerner",
		vars: [][]varOpt{{
			{4, []string{"module", "PowerChart", "area", "physician and nursing documentation, orders and results in PowerChart"}},
			{2, []string{"module", "FirstNet", "area", "emergency department tracking, triage and documentation in FirstNet"}},
			{1.2, []string{"module", "PathNet", "area", "laboratory orders, specimen handling and results in PathNet"}},
			{1.2, []string{"module", "PharmNet", "area", "pharmacy order verification and medication workflows in PharmNet"}},
			{2, []string{"module", "Revenue Cycle", "area", "registration, charging and patient accounting in Millennium Revenue Cycle", "tag", "billing"}},
			{1, []string{"module", "SurgiNet", "area", "perioperative scheduling and documentation in SurgiNet"}},
		}},
		titles: []item{
			on("", 0, "Cerner {module} Analyst", "Oracle Health (Cerner) {module} Application Analyst", "Clinical Applications Analyst - Cerner {module}",
				"Senior Oracle Health Millennium Analyst ({module})", "EHR Analyst II - Cerner {module}"),
			on("public", 0, "IT Specialist (Clinical Applications) - Oracle Health {module}"),
		},
		summary: []string{
			"The Cerner {module} Analyst supports {area}. You will configure and maintain Cerner Millennium, keep it stable through upgrades, and work with clinicians to make it easier to use.",
			"We are looking for an Oracle Health (Cerner) analyst to support {area}. The role combines Millennium build, troubleshooting and reporting with close work alongside the people who use the system every day.",
		},
		resp: []item{
			it(0.95, "Design, build and maintain {module} in Cerner Millennium, including {area}",
				"Configure and support {area}"),
			it(0.45, "Write and maintain Cerner Command Language (CCL) reports and Discern Explorer programs",
				"Develop CCL queries and reports for operational and clinical users"),
			it(0.4, "Build and maintain PowerForms, PowerPlans and Discern rules with clinical stakeholders"),
			it(0.45, "Plan and test code upgrades, package installs and domain refreshes"),
			it(0.75, "Troubleshoot production issues and resolve tickets within service levels",
				"Provide tier 2 and tier 3 application support, including on-call rotation"),
			it(0.5, "Develop test scripts and coordinate integrated testing"),
			it(0.35, "Support go-live events and train super users"),
			it(0.25, "Work with the interface team on HL7 v2 ADT, orders and results feeds"),
			tr(0.04, 0.2, "Support the migration of Millennium domains to Oracle Cloud Infrastructure and adoption of new Oracle Health features"),
		},
		req: []item{
			it(0.95, "{years}+ years of experience supporting Cerner Millennium in a healthcare setting",
				"{years}+ years of Oracle Health (Cerner) application experience"),
			it(0.65, "Bachelor's degree in a related field or equivalent experience"),
			it(0.35, "Experience with CCL or SQL", "Working knowledge of SQL and Cerner CCL"),
			it(0.5, "Knowledge of HIPAA regulations and privacy practices"),
			it(0.15, "Cerner certification or Oracle Health certification in {module}"),
			on("billing", 0.7, "Knowledge of ICD-10, CPT and UB-04/837 claim requirements"),
		},
		pref: []item{
			it(0.3, "Experience with Discern Expert rules and MPages"),
			it(0.2, "Clinical licensure (RN, PharmD, MT) for clinical modules", "Current RN license"),
			it(0.15, "Experience with an Epic-to-Cerner or Cerner-to-Epic conversion"),
			it(0.12, "ITIL Foundation certification"),
			it(0.15, "Experience with Agile delivery"),
			tr(0.04, 0.18, "Familiarity with FHIR R4 APIs on Millennium (Ignite APIs)"),
		},
		pay:    [2]int{76, 108},
		remote: 0.35,
	}
}

func interfaceEngineer() role {
	return role{
		family: "interface", weight: 11, orgs: []orgKind{hospital, vendor, consult, payer, public},
		vars: [][]varOpt{{
			{3, []string{"engine", "Rhapsody", "script", "JavaScript"}},
			{3, []string{"engine", "Mirth Connect", "script", "JavaScript"}},
			{2.5, []string{"engine", "Cloverleaf", "script", "Tcl"}},
			{2, []string{"engine", "InterSystems IRIS for Health", "script", "ObjectScript"}},
			{1, []string{"engine", "Corepoint", "script", "C#"}},
		}},
		titles: []item{
			on("", 0, "HL7 Interface Engineer", "Integration Engineer - HL7/FHIR", "Senior Interface Analyst ({engine})",
				"Interoperability Engineer", "Interface Analyst II", "Clinical Integration Developer", "Interface Developer ({engine})"),
			on("consult", 0, "Interface Consultant - {engine}"),
		},
		summary: []string{
			"The interface engineer builds and supports the HL7 interfaces that move patient data between our EHR, labs, imaging, payers and partners. You will own interfaces from specification to go-live on our {engine} integration engine.",
			"We are hiring an integration engineer to design, build and monitor clinical interfaces on {engine}. You will work with application analysts, vendors and external partners to make sure the right data reaches the right system on time.",
			"As an interoperability engineer you will connect systems that were never designed to talk to each other: HL7 v2 feeds, document exchange and, increasingly, FHIR APIs.",
		},
		resp: []item{
			it(0.95, "Build, test and deploy HL7 v2 interfaces (ADT, ORM, ORU, SIU, MDM, DFT) in {engine}",
				"Develop and maintain inbound and outbound HL7 2.x interfaces on {engine}"),
			it(0.7, "Write mapping specifications and transformation logic in {script}",
				"Translate interface specifications into {engine} routes, filters and {script} transformations"),
			it(0.65, "Monitor interface queues and alerts, and resolve errors before they affect patient care",
				"Troubleshoot message failures, connectivity problems and data quality issues"),
			tr(0.22, 0.45, "Build and support FHIR R4 APIs and resources for partners and patient-facing apps",
				"Develop FHIR-based integrations (Patient, Encounter, Observation, DocumentReference) alongside HL7 v2"),
			it(0.3, "Support C-CDA and CCD document exchange with health information exchanges"),
			on("payer", 0.8, "Support X12 EDI transactions, including 270/271, 276/277, 837 and 835",
				"Build and maintain X12 837 and 835 feeds with clearinghouses and providers"),
			on("!payer", 0.12, "Support X12 837 and 835 transactions with the clearinghouse"),
			it(0.45, "Onboard lab, radiology and device vendors: connectivity (VPN, SFTP, MLLP), testing and cutover"),
			it(0.35, "Participate in on-call support for the integration engine"),
			it(0.3, "Document interfaces and maintain the interface inventory"),
		},
		req: []item{
			it(0.95, "{years}+ years of experience developing HL7 v2 interfaces",
				"{years}+ years of healthcare integration experience with HL7 2.x"),
			it(0.75, "Experience with {engine} or a comparable integration engine (Rhapsody, Mirth Connect, Cloverleaf)",
				"Hands-on experience with {engine}"),
			it(0.55, "Strong knowledge of HL7 message structure and segments (MSH, PID, PV1, ORC, OBR, OBX)"),
			it(0.5, "Working knowledge of SQL", "Ability to write SQL queries to research data issues"),
			it(0.45, "Experience with XML, JSON and REST web services"),
			it(0.35, "Knowledge of HIPAA and secure handling of PHI"),
			it(0.4, "Scripting experience in {script}"),
		},
		pref: []item{
			tr(0.18, 0.35, "Experience with FHIR R4 and RESTful APIs", "FHIR experience strongly preferred"),
			tr(0.05, 0.2, "Experience with SMART on FHIR apps or FHIR Bulk Data"),
			tr(0.08, 0.12, "Familiarity with TEFCA, Carequality or CommonWell exchange"),
			on("epic", 0.3, "Experience with Epic Bridges"),
			on("cerner", 0.3, "Experience with Cerner Open Engine"),
			it(0.2, "Experience with AWS or Azure integration services"),
			it(0.25, "Python or Java programming"),
			it(0.25, "Linux command line and shell scripting"),
			it(0.1, "IHE profiles such as XDS, PIX and PDQ"),
			it(0.08, "HL7 certification"),
		},
		pay:    [2]int{90, 130},
		remote: 0.6,
	}
}

func clinicalInformatics() role {
	return role{
		family: "clinical-informatics", weight: 9, orgs: []orgKind{hospital, public}, needs: "ehr",
		titles: []item{on("", 0, "Clinical Informatics Nurse", "Nurse Informaticist", "Clinical Informatics Specialist",
			"Clinical Informatics Specialist - Nursing", "Informatics Nurse Specialist II", "Clinical Informatics Educator", "RN Clinical Informatics Analyst")},
		summary: []string{
			"The Clinical Informatics Nurse is the bridge between bedside care and technology. You will optimize {ehr} workflows for nurses and providers, lead education for new functionality and make sure documentation supports safe, efficient care.",
			"We are looking for a nurse informaticist to improve how our clinicians use {ehr}. You will listen to front-line staff, redesign workflows and work with IT analysts to put the changes in place.",
		},
		resp: []item{
			it(0.9, "Partner with nursing and provider leaders to optimize clinical documentation in {ehr}",
				"Analyze clinical workflows and recommend {ehr} changes that reduce documentation burden"),
			it(0.45, "Design and evaluate clinical decision support, including alerts and order sets, and monitor alert fatigue"),
			it(0.7, "Develop training materials and teach clinicians new {ehr} functionality",
				"Lead end-user education, tip sheets and super user programs"),
			it(0.5, "Provide at-the-elbow go-live support for new units and upgrades"),
			it(0.3, "Support quality and regulatory reporting (CMS measures, Joint Commission) through accurate documentation"),
			it(0.35, "Serve as a liaison between clinical teams and IT application analysts"),
			it(0.15, "Maintain clinical content mapped to SNOMED CT and LOINC"),
			tr(0.03, 0.3, "Support the rollout of ambient AI documentation and AI-assisted charting, including clinician feedback and safety review",
				"Evaluate AI tools for nursing documentation with clinical, IT and compliance partners"),
		},
		req: []item{
			it(0.88, "Current, unrestricted RN license in {state} or a multistate compact license",
				"Active RN license in the state of {state}"),
			it(0.65, "Bachelor of Science in Nursing (BSN)", "BSN required; MSN preferred"),
			it(0.9, "{years}+ years of clinical nursing experience in an acute care setting",
				"{years}+ years of bedside nursing experience"),
			it(0.5, "Experience as a super user or trainer for {ehr}", "Working knowledge of {ehr} clinical documentation"),
			it(0.3, "Proficiency with Microsoft Office, including Excel and PowerPoint"),
			it(0.25, "Knowledge of HIPAA and patient privacy requirements"),
		},
		pref: []item{
			it(0.4, "Nursing informatics certification (ANCC Informatics Nursing, RN-BC)", "Master's degree in nursing informatics or health informatics"),
			on("epic", 0.35, "Epic ClinDoc or Ambulatory certification or proficiency"),
			on("cerner", 0.35, "Experience with Cerner PowerChart and PowerForms"),
			it(0.15, "Lean or Six Sigma training"),
			it(0.1, "Basic SQL or data analysis skills"),
			it(0.12, "Experience with clinical terminologies such as SNOMED CT and LOINC"),
		},
		soft:   []item{it(0.35, "Ability to teach adult learners with patience and enthusiasm", "Strong facilitation and teaching skills")},
		pay:    [2]int{84, 112},
		remote: 0.25,
	}
}

func dataAnalyst() role {
	return role{
		family: "data-analyst", weight: 9, orgs: []orgKind{hospital, payer, vendor, public, consult},
		vars: [][]varOpt{{{3, []string{"bi", "Tableau"}}, {4, []string{"bi", "Power BI"}}}},
		titles: []item{on("", 0, "Healthcare Data Analyst", "Clinical Data Analyst", "Population Health Analyst",
			"Senior Healthcare Analytics Analyst", "Business Intelligence Analyst - Healthcare", "Quality Data Analyst", "Data Analyst II, Clinical Analytics")},
		summary: []string{
			"The Healthcare Data Analyst turns clinical, operational and claims data into answers leaders can act on. You will write SQL, build {bi} dashboards and explain what the numbers mean.",
			"We are looking for an analyst who loves healthcare data. You will support quality, finance and operations teams with reporting, ad hoc analysis and dashboards in {bi}.",
		},
		resp: []item{
			it(0.9, "Write SQL queries against the data warehouse to answer operational and clinical questions",
				"Extract, clean and analyze data from EHR, claims and ADT sources using SQL"),
			it(0.8, "Build and maintain {bi} dashboards for leaders and front-line managers", "Design self-service reports in {bi}"),
			on("payer", 0.7, "Produce HEDIS, Star Ratings and utilization reporting", "Analyze claims and pharmacy data to find cost and utilization trends"),
			on("provider", 0.5, "Support quality measures (CMS core measures, readmissions, length of stay) and performance improvement projects"),
			it(0.5, "Validate data and document metric definitions so numbers match across reports"),
			it(0.4, "Perform statistical analysis and present findings with clear recommendations"),
			it(0.3, "Work with ICD-10, CPT and DRG coded data"),
			tr(0.04, 0.28, "Support predictive models and machine learning projects with data preparation and evaluation",
				"Help evaluate AI and machine learning tools for population health"),
		},
		req: []item{
			it(0.9, "Strong SQL skills", "Advanced SQL (joins, window functions, CTEs)", "Proficiency in SQL"),
			it(0.75, "Experience building dashboards in {bi}", "{bi} development experience"),
			it(0.6, "Advanced Excel skills (pivot tables, XLOOKUP, Power Query)", "Proficiency in Microsoft Excel"),
			it(0.95, "{years}+ years of experience in data analysis, preferably in healthcare"),
			it(0.7, "Bachelor's degree in statistics, economics, public health, informatics or a related field"),
			it(0.6, "Experience with healthcare data such as claims, EHR or ADT"),
			it(0.3, "Understanding of ICD-10 and CPT coding"),
			it(0.35, "Knowledge of HIPAA and handling of protected health information"),
		},
		pref: []item{
			tr(0.3, 0.15, "Python (pandas) or R for analysis", "Experience with Python for data analysis"),
			it(0.15, "Experience with R or SAS"),
			on("epic", 0.4, "Experience with Epic Clarity or Caboodle data models", "Epic Cogito or Clarity certification"),
			on("payer", 0.45, "Knowledge of HEDIS measures and risk adjustment (HCC)"),
			it(0.2, "Experience with Snowflake or another cloud data warehouse"),
			it(0.15, "Coursework in statistics"),
			tr(0.04, 0.25, "Exposure to machine learning methods"),
			tr(0.01, 0.15, "Experience using generative AI or large language models for analytics"),
		},
		pay:    [2]int{72, 102},
		remote: 0.5,
	}
}

func dataEngineer() role {
	return role{
		family: "data-engineer", weight: 6, orgs: []orgKind{hospital, payer, vendor, public},
		vars: [][]varOpt{{{1, []string{"cloud", "AWS", "cloudsvc", "AWS (S3, Glue, Redshift)"}}, {1, []string{"cloud", "Azure", "cloudsvc", "Azure (Data Factory, Synapse, Databricks)"}}}},
		titles: []item{on("", 0, "Healthcare Data Engineer", "Senior Data Engineer - Clinical Data Platform", "Data Engineer II (Healthcare Analytics)",
			"Analytics Engineer, Health Data", "Cloud Data Engineer - Healthcare")},
		summary: []string{
			"The Data Engineer builds the pipelines that bring EHR, claims and interface data into our {cloud} data platform. You will care about correctness, lineage and the privacy of every record.",
			"We are hiring a data engineer to modernize our healthcare data platform on {cloud}. You will design reliable pipelines, model data for analysts and data scientists, and keep PHI secure.",
		},
		resp: []item{
			it(0.9, "Design and build batch and streaming pipelines on {cloudsvc}", "Build and operate data pipelines in {cloud}"),
			it(0.6, "Ingest EHR extracts, HL7 feeds and X12 837/835 claims into the data lake"),
			it(0.5, "Model data with dbt and SQL for analytics and reporting"),
			it(0.45, "Use Spark or Databricks to process large datasets"),
			it(0.5, "Implement data quality checks, monitoring and lineage"),
			it(0.4, "Apply security controls for PHI: encryption, access control and audit logging"),
			tr(0.15, 0.3, "Build FHIR-based data ingestion and FHIR Bulk Data exports"),
			tr(0.05, 0.35, "Build feature pipelines and MLOps tooling for machine learning models",
				"Support data scientists deploying machine learning and generative AI models"),
		},
		req: []item{
			it(0.95, "{years}+ years of data engineering experience"),
			it(0.9, "Expert SQL", "Strong SQL and data modeling skills"),
			it(0.85, "Proficiency in Python", "Python for data engineering"),
			it(0.8, "Experience with {cloud} data services"),
			it(0.4, "Experience with Apache Spark"),
			it(0.3, "Orchestration with Airflow or a similar tool"),
			it(0.4, "Version control with git and CI/CD"),
		},
		pref: []item{
			tr(0.15, 0.3, "Experience with FHIR or HL7 data"),
			it(0.12, "Familiarity with the OMOP common data model"),
			it(0.2, "Infrastructure as code with Terraform"),
			it(0.15, "Streaming with Kafka"),
			tr(0.05, 0.3, "Experience with machine learning pipelines or MLOps"),
			tr(0.02, 0.25, "Experience with large language models (LLMs) or vector databases"),
			it(0.1, "Experience in a HITRUST or SOC 2 environment"),
		},
		soft:   []item{it(0.15, "Mentor junior engineers and review their code", "Experience mentoring junior data engineers")},
		pay:    [2]int{110, 150},
		remote: 0.65,
	}
}

func securityAnalyst() role {
	return role{
		family: "security", weight: 7, orgs: []orgKind{hospital, payer, vendor, public},
		vars: [][]varOpt{{{1, []string{"siem", "Splunk"}}, {1, []string{"siem", "Microsoft Sentinel"}}}},
		titles: []item{on("", 0, "Information Security Analyst", "Healthcare Cybersecurity Analyst", "Senior Security Engineer - Healthcare",
			"IT Security Analyst II", "Security Operations (SOC) Analyst", "Identity and Access Management Analyst")},
		summary: []string{
			"The Information Security Analyst protects patient data and the systems clinicians depend on. You will monitor threats, respond to incidents and help the organization meet HIPAA and HITRUST requirements.",
			"We are looking for a security analyst who understands that in healthcare, downtime is a patient safety issue. You will work across detection, vulnerability management and risk assessment.",
		},
		resp: []item{
			it(0.8, "Monitor and triage security alerts in {siem} and lead incident response",
				"Investigate security events in {siem} and coordinate containment and recovery"),
			it(0.6, "Run vulnerability scans and track remediation with system owners"),
			it(0.55, "Perform HIPAA Security Rule risk assessments and third-party vendor risk reviews"),
			it(0.3, "Support HITRUST certification and evidence collection"),
			on("provider", 0.35, "Assess and segment networked medical devices"),
			it(0.4, "Manage identity and access: Active Directory, Entra ID, privileged access and access reviews"),
			it(0.3, "Run phishing simulations and security awareness training"),
			tr(0.02, 0.2, "Help define AI governance and the secure use of generative AI tools"),
		},
		req: []item{
			it(0.95, "{years}+ years of information security experience"),
			it(0.5, "Security+, CISSP or equivalent certification", "CompTIA Security+ or higher"),
			it(0.75, "Knowledge of HIPAA security and privacy requirements"),
			it(0.5, "Familiarity with the NIST Cybersecurity Framework"),
			it(0.4, "Experience with EDR, firewalls and {siem}"),
			it(0.35, "Windows and Linux administration skills"),
		},
		pref: []item{
			it(0.45, "CISSP certification", "CISSP or CISM certification"),
			it(0.15, "CISM or CISA"),
			it(0.15, "GIAC certification (GCIH, GCIA)"),
			it(0.2, "HITRUST CCSFP"),
			it(0.3, "Cloud security experience in AWS or Azure"),
			it(0.25, "Python or PowerShell scripting"),
			on("epic", 0.2, "Epic security build (user roles, templates and SER/EMP records)"),
		},
		pay:    [2]int{95, 135},
		remote: 0.4,
	}
}

func itSupport() role {
	return role{
		family: "it-support", weight: 9, orgs: []orgKind{hospital, payer, public, vendor},
		titles: []item{on("", 0, "IT Support Specialist", "Service Desk Analyst", "Clinical Systems Support Technician",
			"Desktop Support Technician II", "Systems Administrator - Healthcare", "Infrastructure Engineer (Windows/VMware)", "Field Services Technician")},
		summary: []string{
			"The IT Support Specialist keeps clinicians and staff productive. You will resolve hardware, software and access issues in person and remotely, often with a patient waiting.",
			"We are hiring a technician to support workstations, mobile devices, printers and the infrastructure behind them. Our users care for patients around the clock, and so do we.",
		},
		resp: []item{
			it(0.9, "Resolve tier 1 and tier 2 tickets in ServiceNow for hardware, software and access issues",
				"Respond to incidents and service requests by phone, chat and in person"),
			it(0.6, "Image, deploy and maintain Windows 11 workstations, laptops and mobile devices"),
			it(0.55, "Administer Active Directory accounts, groups and Microsoft 365"),
			it(0.35, "Support Citrix and VMware virtual desktop environments"),
			on("provider", 0.45, "Support Imprivata single sign-on, badge readers and workstations on wheels"),
			on("provider", 0.35, "Install and troubleshoot label printers, scanners and clinical peripherals"),
			it(0.4, "Troubleshoot network connectivity, Wi-Fi and VPN issues"),
			it(0.35, "Write and update knowledge base articles"),
			it(0.3, "Participate in the after-hours on-call rotation"),
		},
		req: []item{
			it(0.95, "{years}+ years of IT support experience", "{years}+ years of help desk or desktop support experience"),
			it(0.5, "CompTIA A+ certification or equivalent experience"),
			it(0.5, "Experience with Windows, Active Directory and Microsoft 365"),
			it(0.3, "Familiarity with ITIL practices"),
			it(0.6, "Valid driver's license and ability to travel between sites", "Ability to lift 50 pounds and work on site"),
		},
		pref: []item{
			it(0.3, "CompTIA Network+"),
			it(0.3, "ITIL Foundation certification"),
			it(0.2, "Microsoft Azure Administrator or Microsoft 365 certification"),
			it(0.3, "PowerShell scripting"),
			it(0.2, "Experience with Intune or SCCM"),
			on("provider", 0.2, "Experience supporting EHR devices and clinical applications"),
		},
		soft: []item{it(0.65, "Customer service orientation and patience with users under pressure",
			"Excellent customer service skills", "A customer-first attitude and a calm manner")},
		pay:    [2]int{48, 68},
		remote: 0.05,
	}
}

func projectManager() role {
	return role{
		family: "project-manager", weight: 8, orgs: []orgKind{hospital, payer, vendor, consult, public},
		titles: []item{on("", 0, "IT Project Manager - Healthcare", "Senior Project Manager, EHR", "Clinical Systems Project Manager",
			"Health IT Program Manager", "Project Manager II - Information Services", "Technical Project Manager (Healthcare)")},
		summary: []string{
			"The IT Project Manager leads Health IT projects from charter to go-live: EHR upgrades, new clinic openings, integrations and system replacements. You will keep scope, schedule, budget and people aligned.",
			"We are looking for a project manager who can run several Health IT projects at once and keep every stakeholder informed, from front-line managers to the executive steering committee.",
		},
		resp: []item{
			it(0.9, "Plan and manage projects end to end: scope, schedule, budget, risks and issues"),
			it(0.5, "Lead EHR implementation, upgrade and go-live projects", "Coordinate application, infrastructure and operational teams for go-live"),
			it(0.45, "Run Agile ceremonies (sprint planning, stand-ups, retrospectives) for product teams", "Use Scrum and Kanban where they fit"),
			it(0.6, "Prepare status reports for steering committees and executive sponsors"),
			it(0.4, "Manage vendors, contracts and statements of work"),
			it(0.35, "Lead change management and communication plans for affected staff"),
			it(0.45, "Maintain plans in Microsoft Project, Smartsheet or Jira"),
			tr(0.02, 0.18, "Manage AI pilot projects, including evaluation criteria and governance"),
		},
		req: []item{
			it(0.95, "{years}+ years of project management experience, including Health IT projects"),
			it(0.55, "PMP certification", "PMP or equivalent project management certification"),
			it(0.6, "Bachelor's degree in business, healthcare administration, information systems or a related field"),
			it(0.35, "Experience with Agile and waterfall methods"),
			it(0.3, "Proficiency with Microsoft Project, Excel and PowerPoint"),
		},
		pref: []item{
			it(0.25, "Certified ScrumMaster (CSM) or SAFe certification"),
			it(0.3, "Experience with Epic or Cerner implementations"),
			it(0.15, "Lean Six Sigma Green Belt"),
			it(0.2, "Knowledge of HIPAA and healthcare regulations"),
			it(0.15, "Budget management experience for projects over $1M"),
		},
		soft: []item{it(0.3, "Stakeholder management and negotiation skills", "Ability to build consensus among stakeholders with competing goals"),
			it(0.2, "Proven leadership of cross-functional teams")},
		pay:    [2]int{100, 140},
		remote: 0.5,
	}
}

func productManager() role {
	return role{
		family: "product-manager", weight: 4, orgs: []orgKind{vendor},
		titles: []item{on("", 0, "Product Manager, Interoperability", "Senior Product Manager - Clinical Workflow", "Product Manager, Data Platform",
			"Product Owner - Patient Engagement", "Group Product Manager, Revenue Cycle")},
		summary: []string{
			"As a Product Manager you will decide what we build next and why. You will spend time with clinicians and customers, turn what you learn into a roadmap, and work with engineering and design to ship it.",
			"We are looking for a product manager who understands healthcare workflows and can translate them into software that hospitals love. You will own a product area end to end.",
		},
		resp: []item{
			it(0.9, "Own the roadmap and backlog for your product area"),
			it(0.7, "Interview clinicians, administrators and customers to understand their workflows"),
			it(0.6, "Write clear requirements and user stories with acceptance criteria"),
			it(0.5, "Work with engineering in an Agile team to scope, sequence and ship features"),
			tr(0.2, 0.35, "Define FHIR APIs and interoperability features that meet ONC certification requirements"),
			tr(0.05, 0.4, "Shape AI features, including large language model capabilities, with attention to safety and PHI",
				"Lead discovery for generative AI features in clinical workflow"),
			it(0.35, "Measure adoption and outcomes and use data to decide"),
		},
		req: []item{
			it(0.95, "{years}+ years of product management experience, preferably in Health IT"),
			it(0.5, "Experience with EHRs, HL7 or healthcare data"),
			it(0.35, "Ability to write basic SQL to answer your own questions"),
			it(0.4, "Experience with Jira and Agile product development"),
		},
		pref: []item{
			it(0.25, "Clinical background or experience working in a hospital"),
			tr(0.1, 0.25, "Familiarity with FHIR and SMART on FHIR"),
			it(0.15, "Certified Scrum Product Owner (CSPO)"),
			tr(0.03, 0.25, "Experience shipping machine learning or AI products"),
		},
		soft:   []item{it(0.35, "Ability to explain trade-offs to customers and executives", "Strong storytelling and written communication")},
		pay:    [2]int{130, 175},
		remote: 0.6,
	}
}

func revenueCycle() role {
	return role{
		family: "revenue-cycle", weight: 9, orgs: []orgKind{hospital, payer, vendor, consult},
		titles: []item{on("", 0, "Revenue Cycle Analyst", "Revenue Integrity Analyst", "HIM Data Integrity Specialist",
			"Charge Capture Analyst", "Denials Management Analyst", "Coding Quality Analyst", "Health Information Management Analyst")},
		summary: []string{
			"The Revenue Cycle Analyst protects revenue by finding and fixing the causes of denials, missed charges and coding errors. You will work with coding, billing, clinical departments and IT.",
			"We are looking for an analyst who knows how a claim moves from registration to payment. You will analyze charge, coding and remittance data and lead fixes with the teams involved.",
		},
		resp: []item{
			it(0.75, "Analyze denials and 835 remittance data to find root causes and trends"),
			it(0.6, "Maintain the chargemaster (CDM) and review charge capture by department"),
			it(0.5, "Audit coding accuracy for ICD-10-CM, ICD-10-PCS, CPT and HCPCS"),
			it(0.45, "Work claim edits and X12 837 rejections with the clearinghouse"),
			on("epic", 0.5, "Manage Epic Resolute work queues and charge review rules"),
			on("cerner", 0.45, "Work Cerner Revenue Cycle work queues and charge services"),
			it(0.5, "Build reports in Excel and present findings to revenue cycle leadership"),
			it(0.3, "Partner with clinical documentation integrity (CDI) specialists"),
			it(0.2, "Support release of information and HIM record integrity"),
			tr(0.02, 0.2, "Evaluate AI-assisted coding and autonomous coding tools"),
		},
		req: []item{
			it(0.95, "{years}+ years of experience in revenue cycle, billing, coding or HIM"),
			it(0.8, "Working knowledge of ICD-10-CM, CPT and HCPCS", "Strong knowledge of ICD-10 and CPT coding"),
			it(0.5, "Understanding of X12 837 and 835 transactions", "Knowledge of UB-04, CMS-1500 and 837 claim formats"),
			it(0.7, "Intermediate to advanced Excel skills"),
			it(0.5, "Knowledge of HIPAA privacy rules"),
			it(0.4, "Associate's or bachelor's degree in health information management, finance or a related field"),
		},
		pref: []item{
			it(0.4, "RHIA or RHIT credential", "Registered Health Information Technician (RHIT)"),
			it(0.35, "CPC or CCS certification"),
			on("epic", 0.35, "Epic Resolute experience"),
			it(0.25, "SQL skills"),
			it(0.2, "Experience with Tableau or Power BI"),
			it(0.1, "Lean process improvement experience"),
		},
		pay:    [2]int{62, 88},
		remote: 0.45,
	}
}

func softwareEngineer() role {
	return role{
		family: "software-engineer", weight: 10, orgs: []orgKind{vendor},
		vars: [][]varOpt{
			{{3, []string{"lang", "Go"}}, {3, []string{"lang", "Java"}}, {3, []string{"lang", "Python"}}, {2, []string{"lang", "TypeScript"}}, {1.5, []string{"lang", "C#"}}},
			{{3, []string{"cloud", "AWS"}}, {2, []string{"cloud", "Azure"}}, {1, []string{"cloud", "Google Cloud"}}},
		},
		titles: []item{on("", 0, "Software Engineer, Health Platform", "Senior Backend Engineer ({lang})", "Full Stack Engineer - Patient Experience",
			"Software Engineer II, Interoperability", "Staff Software Engineer - Clinical Data", "Backend Engineer ({lang})")},
		summary: []string{
			"We are looking for a software engineer to build the services behind our platform. You will write {lang} services on {cloud}, ship often, and own what you build in production.",
			"As a Software Engineer you will build reliable, secure services that move clinical data between hospitals, clinicians and patients. Our stack is {lang}, PostgreSQL and Kubernetes on {cloud}.",
		},
		resp: []item{
			it(0.95, "Design, build and operate backend services in {lang}"),
			it(0.6, "Build and document REST and GraphQL APIs used by customers and partners"),
			tr(0.25, 0.4, "Implement FHIR R4 APIs and SMART on FHIR launch flows", "Build integrations on HL7 FHIR APIs"),
			it(0.3, "Build HL7 v2 integrations with hospital EHRs"),
			it(0.5, "Run services on Kubernetes and Docker in {cloud}"),
			it(0.45, "Write tests and improve our CI/CD pipelines"),
			it(0.35, "Keep systems HIPAA compliant and SOC 2 ready: encryption, access control, audit logs"),
			it(0.3, "Take part in the on-call rotation"),
			tr(0.04, 0.38, "Build features on large language models (LLMs), including retrieval-augmented generation, with guardrails for PHI",
				"Integrate generative AI and machine learning models into clinical workflows"),
		},
		req: []item{
			it(0.95, "{years}+ years of professional software engineering experience"),
			it(0.9, "Strong proficiency in {lang}"),
			it(0.6, "Experience with SQL databases such as PostgreSQL"),
			it(0.55, "Experience with {cloud}"),
			it(0.45, "Docker and containerized deployments"),
			it(0.4, "Git, code review and CI/CD"),
			it(0.4, "Bachelor's degree in computer science or equivalent experience"),
		},
		pref: []item{
			it(0.3, "React and TypeScript"),
			it(0.35, "Kubernetes"),
			it(0.25, "Terraform"),
			tr(0.15, 0.3, "Experience with FHIR or HL7"),
			it(0.2, "Kafka or other event streaming"),
			tr(0.05, 0.3, "Experience with machine learning or LLM APIs"),
			it(0.15, "Experience in a HITRUST or SOC 2 environment"),
		},
		soft: []item{it(0.25, "Mentor junior engineers through code review and pairing", "Willingness to mentor junior developers")},
		pay:  [2]int{125, 175}, remote: 0.7,
	}
}
