package source

import (
	"context"
	"fmt"
	"net/url"

	"github.com/skillpulse/skillpulse"
)

// ashby reads an Ashby job board:
// GET {base}/posting-api/job-board/{board}?includeCompensation=true, one
// conditional request for the whole board; unlisted jobs are skipped.
type ashby struct{ c Config }

func (s ashby) Fetch(ctx context.Context, env Env) (Result, error) {
	u := fmt.Sprintf("%s/posting-api/job-board/%s?includeCompensation=true", s.c.Base(), url.PathEscape(s.c.Board))
	jobs, unchanged, err := board(ctx, env, u, "ashby job board")
	if err != nil || unchanged {
		return Result{Unchanged: unchanged}, err
	}
	var res Result
	for _, raw := range jobs {
		var j struct {
			ID          string `json:"id"`
			Title       string `json:"title"`
			Location    string `json:"location"`
			PublishedAt string `json:"publishedAt"`
			IsListed    *bool  `json:"isListed"`
			IsRemote    bool   `json:"isRemote"`
			Workplace   string `json:"workplaceType"`
			JobURL      string `json:"jobUrl"`
			Description string `json:"descriptionHtml"`
			Address     struct {
				Postal struct {
					Locality string `json:"addressLocality"`
					Region   string `json:"addressRegion"`
					Country  string `json:"addressCountry"`
				} `json:"postalAddress"`
			} `json:"address"`
		}
		if bad := itemEntry(raw, &j); bad != nil {
			res.Entries = append(res.Entries, *bad)
			continue
		}
		if j.IsListed != nil && !*j.IsListed {
			continue
		}
		mode := workMode(j.Workplace)
		if mode == "" && j.IsRemote {
			mode = skillpulse.Remote
		}
		id := s.c.Board + "/" + j.ID
		p := skillpulse.RawPosting{
			Source: KindAshby, SourceID: id, Title: j.Title,
			Employer: firstNonEmpty(s.c.Employer, s.c.Board), Location: j.Location,
			PostedAt: date(j.PublishedAt), Description: j.Description, URL: j.JobURL,
			City: j.Address.Postal.Locality, WorkMode: mode,
		}
		if c, ok := countryCode(j.Address.Postal.Country); ok {
			p.Country = c
		}
		res.Entries = append(res.Entries, entry(env, id, "", p))
	}
	return res, nil
}
