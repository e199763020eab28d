package source

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest/fetch"
)

// rss reads an RSS 2.0 or Atom job feed with one conditional request.
// Employer is the entry's author, else the employer setting, else the
// feed's title; location is any <location> element (NEOGOV's
// joblisting:location) or a category.
type rss struct{ c Config }

// feed covers RSS 2.0 and Atom in one shape; encoding/xml matches
// elements by local name, so namespaced extensions such as
// joblisting:location land in Location.
type feed struct {
	XMLName xml.Name
	Title   string     `xml:"title"`
	Channel *feed      `xml:"channel"`
	Items   []feedItem `xml:"item"`
	Entries []feedItem `xml:"entry"`
}

type feedItem struct {
	Title       string `xml:"title"`
	GUID        string `xml:"guid"`
	ID          string `xml:"id"`
	Description string `xml:"description"`
	Encoded     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Content     string `xml:"content"`
	Summary     string `xml:"summary"`
	PubDate     string `xml:"pubDate"`
	Published   string `xml:"published"`
	Updated     string `xml:"updated"`
	Location    string `xml:"location"`
	Author      struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
		Text string `xml:",chardata"`
	} `xml:"link"`
}

func (s rss) Fetch(ctx context.Context, env Env) (Result, error) {
	u := s.c.URL
	if s.c.BaseURL != "" {
		u = rebase(u, s.c.BaseURL)
	}
	body, notModified, err := getBody(ctx, env, fetch.Request{URL: u, Header: map[string][]string{"Accept": {"application/rss+xml, application/atom+xml, application/xml"}}}, true)
	if err != nil || notModified {
		return Result{Unchanged: notModified}, err
	}
	var f feed
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	if err := dec.Decode(&f); err != nil {
		forgetValidators(env, u)
		return Result{}, &Error{Reason: ReasonBadXML, Err: fmt.Errorf("feed %s: %w", u, err)}
	}
	title, items := f.Title, f.Entries
	if f.Channel != nil {
		title, items = f.Channel.Title, f.Channel.Items
	}
	if f.XMLName.Local != "rss" && f.XMLName.Local != "feed" {
		forgetValidators(env, u)
		return Result{}, &Error{Reason: ReasonBadXML, Err: fmt.Errorf("feed %s: root element <%s> is neither rss nor feed", u, f.XMLName.Local)}
	}
	var res Result
	for _, it := range items {
		link := ""
		for _, l := range it.Links {
			if l.Rel == "" || l.Rel == "alternate" {
				link = firstNonEmpty(l.Href, l.Text)
				break
			}
		}
		id := firstNonEmpty(it.GUID, it.ID, link)
		p := skillpulse.RawPosting{
			Source: KindRSS, SourceID: id, Title: it.Title,
			Employer:    firstNonEmpty(it.Author.Name, s.c.Employer, title),
			Location:    strings.TrimSpace(it.Location),
			PostedAt:    firstNonEmpty(date(it.PubDate), date(it.Published), date(it.Updated)),
			Description: firstNonEmpty(it.Encoded, it.Content, it.Description, it.Summary),
			URL:         link,
		}
		res.Entries = append(res.Entries, entry(env, id, "", p))
	}
	return res, nil
}
