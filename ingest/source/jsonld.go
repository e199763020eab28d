package source

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest/fetch"
	"github.com/skillpulse/skillpulse/ingest/state"
)

// jsonld reads schema.org JobPosting JSON-LD from career pages. url is a
// sitemap (urlset or sitemapindex; a page whose lastmod is unchanged is not
// refetched) or a listing page (its own JobPostings count, and its links
// matching link_pattern are fetched as job pages). Job pages are fetched
// conditionally; a 304 keeps the posting open without refetching.
type jsonld struct {
	c    Config
	link *regexp.Regexp
}

func newJSONLD(c Config) (Source, error) {
	expr := firstNonEmpty(c.LinkPattern, `(?i)/(jobs?|careers?|positions?|openings?)/`)
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("source %s: link_pattern: %w", c.Name, err)
	}
	return jsonld{c: c, link: re}, nil
}

// page is a job page to fetch and its sitemap lastmod.
type page struct{ url, lastmod string }

// publicID is a job page's id: its URL on the public site (url's host),
// so a replay server's address never leaks into source ids.
func (s jsonld) publicID(u string) string {
	pu, err := url.Parse(s.c.URL)
	if err != nil || s.c.BaseURL == "" {
		return u
	}
	pb, _ := url.Parse(s.c.BaseURL)
	ru, err := url.Parse(u)
	if err != nil {
		return u
	}
	if p := strings.TrimRight(pb.Path, "/"); p != "" {
		ru.Path = strings.TrimPrefix(ru.Path, p)
	}
	ru.Scheme, ru.Host = pu.Scheme, pu.Host
	return ru.String()
}

func (s jsonld) Fetch(ctx context.Context, env Env) (Result, error) {
	start := s.c.URL
	if s.c.BaseURL != "" {
		start = rebase(start, s.c.BaseURL)
	}
	body, err := s.get(ctx, env, start)
	if err != nil {
		return Result{}, err
	}
	var res Result
	var pages []page
	if isSitemap(body) {
		pages, err = s.sitemap(ctx, env, body, 0)
		if err != nil {
			return res, err
		}
	} else {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
		if err != nil {
			return res, &Error{Reason: ReasonBadXML, Err: fmt.Errorf("listing %s: %w", start, err)}
		}
		res.Entries = append(res.Entries, s.postings(env, doc, start)...)
		base, _ := url.Parse(start)
		// Links to other hosts (partner boards, social sites) are not
		// followed unless the entry lists the host in hosts.
		hosts := map[string]bool{strings.ToLower(base.Hostname()): true}
		for _, h := range s.c.Hosts {
			hosts[strings.ToLower(h)] = true
		}
		seen := map[string]bool{}
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			u, err := base.Parse(strings.TrimSpace(href))
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
				return
			}
			u.Fragment = ""
			if !hosts[strings.ToLower(u.Hostname())] || !s.link.MatchString(u.Path) || seen[u.String()] || u.String() == start {
				return
			}
			seen[u.String()] = true
			pages = append(pages, page{url: u.String()})
		})
	}
	if max := s.c.maxPages(200); len(pages) > max {
		pages = pages[:max]
	}
	for _, p := range pages {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		id := s.publicID(p.url)
		if e, ok := unchanged(env, id, p.lastmod); ok {
			res.Entries = append(res.Entries, e)
			continue
		}
		v := env.State.Validators(p.url)
		if _, ok := env.State.Get(id); !ok {
			v = state.Validators{}
		}
		resp, err := env.Client.Do(ctx, fetch.Request{URL: p.url, Header: map[string][]string{"Accept": {"text/html"}},
			Validators: fetch.Validators{ETag: v.ETag, LastModified: v.LastModified}})
		if err != nil {
			return res, err
		}
		env.State.SetValidators(p.url, stateValidators(resp.Validators))
		if resp.NotModified {
			res.Entries = append(res.Entries, Entry{ID: id, Mark: p.lastmod})
			continue
		}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(resp.Body))
		if err != nil {
			res.Entries = append(res.Entries, Entry{ID: id, Raw: resp.Body, Err: &Error{Reason: ReasonBadXML, Err: err}})
			continue
		}
		found := s.postings(env, doc, p.url)
		if len(found) == 0 {
			continue // a page without a JobPosting is not a job page
		}
		// A job page is one posting, keyed by its URL so a 304 finds it.
		e := found[0]
		e.ID, e.Mark = id, p.lastmod
		if e.Posting != nil {
			e.Posting.SourceID = id
		}
		res.Entries = append(res.Entries, e)
	}
	return res, nil
}

func (s jsonld) get(ctx context.Context, env Env, u string) ([]byte, error) {
	resp, err := env.Client.Do(ctx, fetch.Request{URL: u, Header: map[string][]string{"Accept": {"text/html, application/xml"}}})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// postings reads every JobPosting in a page's ld+json scripts.
func (s jsonld) postings(env Env, doc *goquery.Document, pageURL string) []Entry {
	var out []Entry
	doc.Find(`script[type="application/ld+json"]`).Each(func(i int, sc *goquery.Selection) {
		raw := []byte(strings.TrimSpace(sc.Text()))
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			out = append(out, Entry{ID: fmt.Sprintf("%s#%d", pageURL, i), Raw: raw, Err: &Error{Reason: ReasonBadJSON, Err: fmt.Errorf("ld+json on %s: %w", pageURL, err)}})
			return
		}
		for n, jp := range findJobPostings(v) {
			out = append(out, fromJobPosting(env, jp, s.c.Employer, fmt.Sprintf("%s#%d.%d", pageURL, i, n), pageURL))
		}
	})
	return out
}

// sitemap lists a sitemap's pages, following a sitemap index one level.
func (s jsonld) sitemap(ctx context.Context, env Env, body []byte, depth int) ([]page, error) {
	var sm struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(body, &sm); err != nil {
		return nil, &Error{Reason: ReasonBadXML, Err: fmt.Errorf("sitemap: %w", err)}
	}
	var pages []page
	for _, u := range sm.URLs {
		loc := strings.TrimSpace(u.Loc)
		if s.c.BaseURL != "" {
			loc = rebase(loc, s.c.BaseURL)
		}
		if pu, err := url.Parse(loc); err == nil && (s.c.LinkPattern == "" || s.link.MatchString(pu.Path)) {
			pages = append(pages, page{url: loc, lastmod: strings.TrimSpace(u.LastMod)})
		}
	}
	if depth == 0 {
		for _, sub := range sm.Sitemaps {
			loc := strings.TrimSpace(sub.Loc)
			if s.c.BaseURL != "" {
				loc = rebase(loc, s.c.BaseURL)
			}
			b, err := s.get(ctx, env, loc)
			if err != nil {
				return pages, err
			}
			more, err := s.sitemap(ctx, env, b, 1)
			if err != nil {
				return pages, err
			}
			pages = append(pages, more...)
		}
	}
	return pages, nil
}

func isSitemap(b []byte) bool {
	head := b
	if len(head) > 512 {
		head = head[:512]
	}
	return bytes.Contains(head, []byte("<urlset")) || bytes.Contains(head, []byte("<sitemapindex"))
}

// rebase replaces u's scheme and host (and prefixes base's path), so
// links and sitemap locations of the public site resolve on a replay
// server.
func rebase(u, base string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return u
	}
	pb, err := url.Parse(base)
	if err != nil {
		return u
	}
	pu.Scheme, pu.Host = pb.Scheme, pb.Host
	if p := strings.TrimRight(pb.Path, "/"); p != "" && !strings.HasPrefix(pu.Path, p+"/") {
		pu.Path = p + pu.Path
	}
	return pu.String()
}

// findJobPostings walks JSON-LD (an object, an array, an @graph) for
// objects whose @type is or includes JobPosting.
func findJobPostings(v any) []map[string]any {
	var out []map[string]any
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			out = append(out, findJobPostings(x)...)
		}
	case map[string]any:
		if isType(t["@type"], "JobPosting") {
			return []map[string]any{t}
		}
		if g, ok := t["@graph"]; ok {
			out = append(out, findJobPostings(g)...)
		}
		if jp, ok := t["_jobposting"]; ok {
			out = append(out, findJobPostings(jp)...)
		}
	}
	return out
}

func isType(v any, want string) bool {
	switch t := v.(type) {
	case string:
		return strings.EqualFold(strings.TrimPrefix(t, "http://schema.org/"), want) || strings.EqualFold(strings.TrimPrefix(t, "https://schema.org/"), want)
	case []any:
		for _, x := range t {
			if isType(x, want) {
				return true
			}
		}
	}
	return false
}

// fromJobPosting maps a schema.org JobPosting to a raw posting. The id is
// the JobPosting's identifier, else its url, else fallbackID.
func fromJobPosting(env Env, jp map[string]any, employer, fallbackID, pageURL string) Entry {
	str := func(v any) string {
		switch t := v.(type) {
		case string:
			return t
		case float64:
			return itoa(int64(t))
		case map[string]any:
			for _, k := range []string{"value", "name", "@id"} {
				if s, ok := t[k]; ok {
					return fmt.Sprint(s)
				}
			}
		}
		return ""
	}
	id := firstNonEmpty(str(jp["identifier"]), str(jp["url"]), fallbackID)
	p := skillpulse.RawPosting{
		Source: KindJSONLD, SourceID: id, Title: str(jp["title"]),
		Employer:    firstNonEmpty(str(jp["hiringOrganization"]), employer),
		PostedAt:    date(str(jp["datePosted"])),
		Description: str(jp["description"]),
		URL:         firstNonEmpty(str(jp["url"]), pageURL),
	}
	if isType(jp["jobLocationType"], "TELECOMMUTE") {
		p.WorkMode = skillpulse.Remote
	}
	var places []any
	switch t := jp["jobLocation"].(type) {
	case []any:
		places = t
	case map[string]any:
		places = []any{t}
	}
	var locs []string
	for i, pl := range places {
		m, _ := pl.(map[string]any)
		addr, _ := m["address"].(map[string]any)
		city, region, country := str(addr["addressLocality"]), str(addr["addressRegion"]), str(addr["addressCountry"])
		locs = append(locs, strings.Join(nonEmpty(city, region, country), ", "))
		if i == 0 {
			p.City = city
			if c, ok := countryCode(country); ok {
				p.Country = c
				if r, ok := usRegion(region); ok && c == "US" {
					p.Region = r
				}
			}
		}
	}
	p.Location = strings.Join(locs, "; ")
	if p.Location == "" && p.WorkMode == skillpulse.Remote {
		p.Location = "Remote"
	}
	return entry(env, id, "", p)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}
