package source

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest/fetch"
)

// smartRecruiters reads SmartRecruiters' postings API: the list
// GET {base}/v1/companies/{company}/postings?offset=N&limit=L pages by
// offset up to totalFound, then GET .../postings/{id} for the description,
// only for postings whose list entry (released date and name) changed.
type smartRecruiters struct{ c Config }

func (s smartRecruiters) Fetch(ctx context.Context, env Env) (Result, error) {
	var res Result
	limit := s.c.pageSize(100)
	base := fmt.Sprintf("%s/v1/companies/%s/postings", s.c.Base(), url.PathEscape(s.c.Company))
	for page := 0; page < s.c.maxPages(50); page++ {
		body, _, err := getBody(ctx, env, fetch.Request{URL: fmt.Sprintf("%s?offset=%d&limit=%d", base, page*limit, limit)}, false)
		if err != nil {
			return res, err
		}
		var doc struct {
			TotalFound int               `json:"totalFound"`
			Content    []json.RawMessage `json:"content"`
		}
		if err := decodeJSON(body, &doc, "smartrecruiters postings"); err != nil {
			return res, err
		}
		for _, raw := range doc.Content {
			e, err := s.posting(ctx, env, base, raw)
			if err != nil {
				return res, err
			}
			res.Entries = append(res.Entries, e)
		}
		if len(doc.Content) < limit || (page+1)*limit >= doc.TotalFound {
			return res, nil
		}
	}
	return res, nil
}

// srItem is a list item of the SmartRecruiters postings API.
type srItem struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	ReleasedDate string `json:"releasedDate"`
	Company      struct {
		Name string `json:"name"`
	} `json:"company"`
	Location struct {
		City         string `json:"city"`
		Region       string `json:"region"`
		Country      string `json:"country"`
		Remote       bool   `json:"remote"`
		Hybrid       bool   `json:"hybrid"`
		FullLocation string `json:"fullLocation"`
	} `json:"location"`
}

func (s smartRecruiters) posting(ctx context.Context, env Env, base string, raw json.RawMessage) (Entry, error) {
	var j srItem
	if bad := itemEntry(raw, &j); bad != nil {
		return *bad, nil
	}
	id := s.c.Company + "/" + j.ID
	mark := j.ReleasedDate + "|" + j.Name
	if e, ok := unchanged(env, id, mark); ok {
		return e, nil
	}
	body, _, err := getBody(ctx, env, fetch.Request{URL: base + "/" + url.PathEscape(j.ID)}, false)
	if err != nil {
		return Entry{}, err
	}
	var d struct {
		PostingURL string `json:"postingUrl"`
		JobAd      struct {
			Sections map[string]struct {
				Title string `json:"title"`
				Text  string `json:"text"`
			} `json:"sections"`
		} `json:"jobAd"`
	}
	if err := json.Unmarshal(body, &d); err != nil {
		return Entry{ID: id, Raw: body, Err: &Error{Reason: ReasonBadJSON, Err: fmt.Errorf("smartrecruiters posting %s: %w", j.ID, err)}}, nil
	}
	var desc strings.Builder
	for _, k := range []string{"companyDescription", "jobDescription", "qualifications", "additionalInformation"} {
		if sec, ok := d.JobAd.Sections[k]; ok && strings.TrimSpace(sec.Text) != "" {
			fmt.Fprintf(&desc, "<h3>%s</h3>%s", sec.Title, sec.Text)
		}
	}
	mode := ""
	switch {
	case j.Location.Hybrid:
		mode = skillpulse.Hybrid
	case j.Location.Remote:
		mode = skillpulse.Remote
	}
	return entry(env, id, mark, skillpulse.RawPosting{
		Source: KindSmartRecruiters, SourceID: id, Title: j.Name,
		Employer: firstNonEmpty(j.Company.Name, s.c.Employer, s.c.Company), Location: j.Location.FullLocation,
		PostedAt: date(j.ReleasedDate), Description: desc.String(), URL: d.PostingURL,
		City: j.Location.City, Region: strings.ToUpper(j.Location.Region), Country: strings.ToUpper(j.Location.Country), WorkMode: mode,
	}), nil
}
