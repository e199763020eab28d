package source

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest/fetch"
)

// workday reads a Workday career site through its CXS API:
// POST {base}/wday/cxs/{tenant}/{site}/jobs pages by offset up to total,
// then GET {base}/wday/cxs/{tenant}/{site}{externalPath} for each new or
// changed posting's description.
type workday struct{ c Config }

func (s workday) Fetch(ctx context.Context, env Env) (Result, error) {
	var res Result
	limit := s.c.pageSize(20)
	root := fmt.Sprintf("%s/wday/cxs/%s/%s", s.c.Base(), s.c.Tenant, s.c.Site)
	for page := 0; page < s.c.maxPages(50); page++ {
		q, _ := json.Marshal(map[string]any{"appliedFacets": map[string]any{}, "limit": limit, "offset": page * limit, "searchText": ""})
		body, _, err := getBody(ctx, env, fetch.Request{Method: "POST", URL: root + "/jobs", Body: q}, false)
		if err != nil {
			return res, err
		}
		var doc struct {
			Total       int               `json:"total"`
			JobPostings []json.RawMessage `json:"jobPostings"`
		}
		if err := decodeJSON(body, &doc, "workday jobs"); err != nil {
			return res, err
		}
		for _, raw := range doc.JobPostings {
			e, err := s.posting(ctx, env, root, raw)
			if err != nil {
				return res, err
			}
			res.Entries = append(res.Entries, e)
		}
		if len(doc.JobPostings) < limit || (page+1)*limit >= doc.Total {
			return res, nil
		}
	}
	return res, nil
}

func (s workday) posting(ctx context.Context, env Env, root string, raw json.RawMessage) (Entry, error) {
	var j struct {
		Title         string   `json:"title"`
		ExternalPath  string   `json:"externalPath"`
		LocationsText string   `json:"locationsText"`
		PostedOn      string   `json:"postedOn"`
		BulletFields  []string `json:"bulletFields"`
	}
	if bad := itemEntry(raw, &j); bad != nil {
		return *bad, nil
	}
	req := j.ExternalPath
	if len(j.BulletFields) > 0 && j.BulletFields[0] != "" {
		req = j.BulletFields[0]
	}
	id := s.c.Tenant + "/" + req
	// postedOn is relative ("Posted 3 Days Ago") and moves daily, so the
	// mark is the path and title only.
	mark := j.ExternalPath + "|" + j.Title
	if e, ok := unchanged(env, id, mark); ok {
		return e, nil
	}
	body, _, err := getBody(ctx, env, fetch.Request{URL: root + j.ExternalPath}, false)
	if err != nil {
		return Entry{}, err
	}
	var d struct {
		Info struct {
			Title          string `json:"title"`
			JobDescription string `json:"jobDescription"`
			Location       string `json:"location"`
			StartDate      string `json:"startDate"`
			PostedOn       string `json:"postedOn"`
			ExternalURL    string `json:"externalUrl"`
			RemoteType     string `json:"remoteType"`
			Country        struct {
				Descriptor string `json:"descriptor"`
			} `json:"country"`
		} `json:"jobPostingInfo"`
		Hiring struct {
			Name string `json:"name"`
		} `json:"hiringOrganization"`
	}
	if err := json.Unmarshal(body, &d); err != nil {
		return Entry{ID: id, Raw: body, Err: &Error{Reason: ReasonBadJSON, Err: fmt.Errorf("workday posting %s: %w", j.ExternalPath, err)}}, nil
	}
	posted := firstNonEmpty(date(d.Info.StartDate), relativeDate(d.Info.PostedOn, env.now()), relativeDate(j.PostedOn, env.now()))
	loc := firstNonEmpty(d.Info.Location, j.LocationsText)
	p := skillpulse.RawPosting{
		Source: KindWorkday, SourceID: id, Title: firstNonEmpty(d.Info.Title, j.Title),
		Employer: firstNonEmpty(s.c.Employer, d.Hiring.Name, s.c.Tenant), Location: loc,
		PostedAt: posted, Description: d.Info.JobDescription, URL: d.Info.ExternalURL,
		WorkMode: workMode(d.Info.RemoteType),
	}
	if c, ok := countryCode(d.Info.Country.Descriptor); ok {
		p.Country = c
	}
	return entry(env, id, mark, p), nil
}

var daysAgoRe = regexp.MustCompile(`(?i)posted\s+(\d+)\+?\s+days?\s+ago`)

// relativeDate reads Workday's "Posted Today", "Posted Yesterday",
// "Posted 3 Days Ago" and "Posted 30+ Days Ago" (read as 30 days) as a
// date relative to now.
func relativeDate(s string, now time.Time) string {
	s = strings.TrimSpace(s)
	day := now.UTC().Truncate(24 * time.Hour)
	switch {
	case strings.EqualFold(s, "posted today"):
		return day.Format(time.DateOnly)
	case strings.EqualFold(s, "posted yesterday"):
		return day.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	if m := daysAgoRe.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return day.AddDate(0, 0, -n).Format(time.DateOnly)
	}
	return ""
}
