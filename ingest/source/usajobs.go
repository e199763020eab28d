package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest/fetch"
)

// usaJobs reads the USAJOBS Search API:
// GET {base}/api/search?JobCategoryCode=2210;0671&ResultsPerPage=N&Page=P
// with the Authorization-Key and the registered e-mail as User-Agent, both
// from the environment. It lists open announcements only, so one that
// disappears has closed.
type usaJobs struct{ c Config }

func (s usaJobs) Fetch(ctx context.Context, env Env) (Result, error) {
	keyEnv, uaEnv := firstNonEmpty(s.c.APIKeyEnv, "USAJOBS_API_KEY"), firstNonEmpty(s.c.UserAgentEnv, "USAJOBS_USER_AGENT")
	key, ua := env.getenv(keyEnv), env.getenv(uaEnv)
	if key == "" || ua == "" {
		return Result{}, &Error{Reason: ReasonConfig, Err: fmt.Errorf("usajobs needs %s and %s in the environment", keyEnv, uaEnv)}
	}
	series := s.c.Series
	if len(series) == 0 {
		series = []string{"2210", "0671"}
	}
	per := s.c.pageSize(500)
	var res Result
	for page := 1; page <= s.c.maxPages(50); page++ {
		q := url.Values{"JobCategoryCode": {strings.Join(series, ";")}, "ResultsPerPage": {strconv.Itoa(per)}, "Page": {strconv.Itoa(page)}}
		if s.c.Keyword != "" {
			q.Set("Keyword", s.c.Keyword)
		}
		h := http.Header{"Authorization-Key": {key}, "User-Agent": {ua}}
		body, _, err := getBody(ctx, env, fetch.Request{URL: s.c.Base() + "/api/search?" + q.Encode(), Header: h}, false)
		if err != nil {
			return res, err
		}
		var doc struct {
			SearchResult struct {
				Count int               `json:"SearchResultCount"`
				Items []json.RawMessage `json:"SearchResultItems"`
				User  struct {
					NumberOfPages string `json:"NumberOfPages"`
				} `json:"UserArea"`
			} `json:"SearchResult"`
		}
		if err := decodeJSON(body, &doc, "usajobs search"); err != nil {
			return res, err
		}
		for _, raw := range doc.SearchResult.Items {
			res.Entries = append(res.Entries, s.posting(env, raw))
		}
		pages, _ := strconv.Atoi(doc.SearchResult.User.NumberOfPages)
		if page >= pages || len(doc.SearchResult.Items) == 0 {
			return res, nil
		}
	}
	return res, errors.New("usajobs: more pages than max_pages")
}

func (s usaJobs) posting(env Env, raw json.RawMessage) Entry {
	var j struct {
		ID string `json:"MatchedObjectId"`
		D  struct {
			Title        string `json:"PositionTitle"`
			URI          string `json:"PositionURI"`
			LocationText string `json:"PositionLocationDisplay"`
			Locations    []struct {
				City    string `json:"CityName"`
				Country string `json:"CountryCode"`
				Region  string `json:"CountrySubDivisionCode"`
			} `json:"PositionLocation"`
			Org      string `json:"OrganizationName"`
			Dept     string `json:"DepartmentName"`
			Start    string `json:"PublicationStartDate"`
			Summary  string `json:"QualificationSummary"`
			UserArea struct {
				Details struct {
					JobSummary  string   `json:"JobSummary"`
					MajorDuties []string `json:"MajorDuties"`
					Telework    bool     `json:"TeleworkEligible"`
					Remote      bool     `json:"RemoteIndicator"`
				} `json:"Details"`
			} `json:"UserArea"`
		} `json:"MatchedObjectDescriptor"`
	}
	if bad := itemEntry(raw, &j); bad != nil {
		return *bad
	}
	var desc strings.Builder
	if j.D.UserArea.Details.JobSummary != "" {
		fmt.Fprintf(&desc, "<p>%s</p>", j.D.UserArea.Details.JobSummary)
	}
	if len(j.D.UserArea.Details.MajorDuties) > 0 {
		desc.WriteString("<h3>Duties</h3><ul>")
		for _, d := range j.D.UserArea.Details.MajorDuties {
			fmt.Fprintf(&desc, "<li>%s</li>", d)
		}
		desc.WriteString("</ul>")
	}
	if j.D.Summary != "" {
		fmt.Fprintf(&desc, "<h3>Qualifications</h3><p>%s</p>", j.D.Summary)
	}
	p := skillpulse.RawPosting{
		Source: KindUSAJobs, SourceID: j.ID, Title: j.D.Title,
		Employer: firstNonEmpty(j.D.Org, j.D.Dept, s.c.Employer), Location: j.D.LocationText,
		PostedAt: date(j.D.Start), Description: desc.String(), URL: j.D.URI,
	}
	if len(j.D.Locations) == 1 {
		l := j.D.Locations[0]
		if !strings.HasPrefix(l.City, "Anywhere") && !strings.HasPrefix(l.City, "Multiple") {
			p.City = strings.TrimSpace(strings.Split(l.City, ",")[0])
		}
		p.Country = map[string]string{"United States": "US"}[l.Country]
		if r, ok := usRegion(l.Region); ok {
			p.Region = r
		}
	}
	switch {
	case j.D.UserArea.Details.Remote:
		p.WorkMode = skillpulse.Remote
	case j.D.UserArea.Details.Telework:
		p.WorkMode = skillpulse.Hybrid
	}
	return entry(env, j.ID, "", p)
}
