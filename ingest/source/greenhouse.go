package source

import (
	"context"
	"fmt"
	"html"
	"net/url"

	"github.com/skillpulse/skillpulse"
)

// greenhouse reads a Greenhouse job board:
// GET {base}/v1/boards/{board}/jobs?content=true, one conditional request
// for the whole board. Its content is entity-escaped HTML.
type greenhouse struct{ c Config }

func (s greenhouse) Fetch(ctx context.Context, env Env) (Result, error) {
	u := fmt.Sprintf("%s/v1/boards/%s/jobs?content=true", s.c.Base(), url.PathEscape(s.c.Board))
	jobs, unchanged, err := board(ctx, env, u, "greenhouse board")
	if err != nil || unchanged {
		return Result{Unchanged: unchanged}, err
	}
	var res Result
	for _, raw := range jobs {
		var j struct {
			ID          int64  `json:"id"`
			Title       string `json:"title"`
			AbsoluteURL string `json:"absolute_url"`
			UpdatedAt   string `json:"updated_at"`
			FirstPub    string `json:"first_published"`
			CompanyName string `json:"company_name"`
			Content     string `json:"content"`
			Location    struct {
				Name string `json:"name"`
			} `json:"location"`
		}
		if bad := itemEntry(raw, &j); bad != nil {
			res.Entries = append(res.Entries, *bad)
			continue
		}
		id := s.c.Board + "/" + itoa(j.ID)
		res.Entries = append(res.Entries, entry(env, id, j.UpdatedAt, skillpulse.RawPosting{
			Source: KindGreenhouse, SourceID: id, Title: j.Title,
			Employer:    firstNonEmpty(j.CompanyName, s.c.Employer, s.c.Board),
			Location:    j.Location.Name,
			PostedAt:    firstNonEmpty(date(j.FirstPub), date(j.UpdatedAt)),
			Description: html.UnescapeString(j.Content),
			URL:         j.AbsoluteURL,
		}))
	}
	return res, nil
}
