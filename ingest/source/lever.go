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

// lever reads Lever's postings API:
// GET {base}/v0/postings/{site}?mode=json&skip=N&limit=L until a page
// comes back short.
type lever struct{ c Config }

func (s lever) Fetch(ctx context.Context, env Env) (Result, error) {
	var res Result
	limit := s.c.pageSize(100)
	for page := 0; page < s.c.maxPages(50); page++ {
		u := fmt.Sprintf("%s/v0/postings/%s?mode=json&skip=%d&limit=%d", s.c.Base(), url.PathEscape(s.c.Site), page*limit, limit)
		body, _, err := getBody(ctx, env, fetch.Request{URL: u}, false)
		if err != nil {
			return res, err
		}
		var items []json.RawMessage
		if err := decodeJSON(body, &items, "lever postings"); err != nil {
			return res, err
		}
		for _, raw := range items {
			res.Entries = append(res.Entries, s.posting(env, raw))
		}
		if len(items) < limit {
			return res, nil
		}
	}
	return res, nil
}

func (s lever) posting(env Env, raw json.RawMessage) Entry {
	var j struct {
		ID          string `json:"id"`
		Text        string `json:"text"`
		CreatedAt   int64  `json:"createdAt"`
		Description string `json:"description"`
		Additional  string `json:"additional"`
		HostedURL   string `json:"hostedUrl"`
		Country     string `json:"country"`
		Workplace   string `json:"workplaceType"`
		Lists       []struct {
			Text    string `json:"text"`
			Content string `json:"content"`
		} `json:"lists"`
		Categories struct {
			Location string `json:"location"`
		} `json:"categories"`
	}
	if bad := itemEntry(raw, &j); bad != nil {
		return *bad
	}
	var desc strings.Builder
	desc.WriteString(j.Description)
	for _, l := range j.Lists {
		fmt.Fprintf(&desc, "<h3>%s</h3><ul>%s</ul>", l.Text, l.Content)
	}
	desc.WriteString(j.Additional)
	id := s.c.Site + "/" + j.ID
	return entry(env, id, "", skillpulse.RawPosting{
		Source: KindLever, SourceID: id, Title: j.Text,
		Employer: firstNonEmpty(s.c.Employer, s.c.Site), Location: j.Categories.Location,
		PostedAt: millis(j.CreatedAt), Description: desc.String(), URL: j.HostedURL,
		Country: strings.ToUpper(j.Country), WorkMode: workMode(j.Workplace),
	})
}
