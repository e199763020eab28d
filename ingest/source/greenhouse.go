package source

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/url"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest/fetch"
)

// greenhouse reads a Greenhouse job board:
// GET {base}/v1/boards/{board}/jobs?content=true, one conditional request
// for the whole board. Its content is entity-escaped HTML.
type greenhouse struct{ c Config }

func (s greenhouse) Fetch(ctx context.Context, env Env) (Result, error) {
	u := fmt.Sprintf("%s/v1/boards/%s/jobs?content=true", s.c.Base(), url.PathEscape(s.c.Board))
	body, notModified, err := getBody(ctx, env, fetch.Request{URL: u}, true)
	if err != nil || notModified {
		return Result{Unchanged: notModified}, err
	}
	var doc struct {
		Jobs []json.RawMessage `json:"jobs"`
	}
	if err := decodeJSON(body, &doc, "greenhouse board"); err != nil {
		forgetValidators(env, u)
		return Result{}, err
	}
	var res Result
	for _, raw := range doc.Jobs {
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
