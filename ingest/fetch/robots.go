package fetch

import (
	"bufio"
	"bytes"
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// robotsEntry is one host's parsed robots.txt and when it was fetched.
// ready is closed once rules or err is set, so concurrent requests to a
// host wait for one robots.txt fetch instead of each making their own.
type robotsEntry struct {
	ready   chan struct{}
	rules   *Robots
	err     error
	fetched time.Time
}

// Robots is the group of a robots.txt (RFC 9309) that applies to one user
// agent.
type Robots struct {
	allow, disallow []string
	// CrawlDelay is the group's Crawl-delay, 0 when none.
	CrawlDelay time.Duration
}

// ParseRobots reads robots.txt and keeps the group for userAgent: the group
// whose User-agent is a prefix of the agent's product token (case
// insensitive), else the "*" group. Nil body means allow all.
func ParseRobots(body []byte, userAgent string) *Robots {
	token := strings.ToLower(userAgent)
	if i := strings.IndexAny(token, "/ "); i >= 0 {
		token = token[:i]
	}
	type group struct {
		agents []string
		r      Robots
	}
	var groups []*group
	var cur *group
	lastWasAgent := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if cur == nil || !lastWasAgent {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(v))
			lastWasAgent = true
			continue
		case "allow":
			if cur != nil && v != "" {
				cur.r.allow = append(cur.r.allow, v)
			}
		case "disallow":
			if cur != nil && v != "" {
				cur.r.disallow = append(cur.r.disallow, v)
			}
		case "crawl-delay":
			if cur != nil {
				if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
					cur.r.CrawlDelay = time.Duration(f * float64(time.Second))
				}
			}
		}
		lastWasAgent = false
	}
	var star *Robots
	for _, g := range groups {
		for _, a := range g.agents {
			if a == "*" {
				if star == nil {
					star = &g.r
				}
			} else if token != "" && strings.HasPrefix(token, a) {
				return &g.r
			}
		}
	}
	if star != nil {
		return star
	}
	return &Robots{}
}

// Allowed reports whether path (with its query) may be fetched: the longest
// matching rule wins, and Allow wins a tie.
func (r *Robots) Allowed(path string) bool {
	if r == nil {
		return true
	}
	best, allowed := -1, true
	for _, p := range r.disallow {
		if n := len(p); n > best && ruleRegexp(p).MatchString(path) {
			best, allowed = n, false
		}
	}
	for _, p := range r.allow {
		if n := len(p); n >= best && ruleRegexp(p).MatchString(path) {
			best, allowed = n, true
		}
	}
	return allowed
}

// ruleRegexp turns a robots.txt path pattern into a regexp: * is any run
// of characters, a trailing $ anchors the end, and the rest is a prefix.
func ruleRegexp(pattern string) *regexp.Regexp {
	anchored := strings.HasSuffix(pattern, "$")
	expr := "^" + strings.ReplaceAll(regexp.QuoteMeta(strings.TrimSuffix(pattern, "$")), `\*`, ".*")
	if anchored {
		expr += "$"
	}
	return regexp.MustCompile(expr)
}

// robotsAllow fetches (or reuses) the host's robots.txt and checks u.
// A missing robots.txt (4xx) allows everything; one that fails with 5xx or
// cannot be reached disallows the host for now, as RFC 9309 asks.
func (c *Client) robotsAllow(ctx context.Context, u *url.URL) (bool, error) {
	key := u.Scheme + "://" + u.Host
	c.shared.mu.Lock()
	e := c.shared.robots[key]
	if e != nil {
		select {
		case <-e.ready:
			if time.Since(e.fetched) > c.cfg.RobotsTTL {
				e = nil
			}
		default: // another request is fetching it
		}
	}
	owner := e == nil
	if owner {
		e = &robotsEntry{ready: make(chan struct{})}
		c.shared.robots[key] = e
	}
	c.shared.mu.Unlock()
	if owner {
		e.rules, e.err = c.fetchRobots(ctx, key)
		e.fetched = time.Now()
		if e.err != nil {
			// Not cached: the next request tries again.
			c.shared.mu.Lock()
			delete(c.shared.robots, key)
			c.shared.mu.Unlock()
		} else if e.rules.CrawlDelay > 0 {
			c.host(u.Host).setCrawlDelay(e.rules.CrawlDelay)
		}
		close(e.ready)
	} else {
		select {
		case <-e.ready:
		case <-ctx.Done():
			return false, &Error{Reason: ReasonTimeout, URL: u.String(), Err: ctx.Err()}
		}
	}
	if e.err != nil {
		return false, e.err
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return e.rules.Allowed(path), nil
}

func (c *Client) fetchRobots(ctx context.Context, origin string) (*Robots, error) {
	ru, _ := url.Parse(origin + "/robots.txt")
	resp, err := c.do(ctx, ru, Request{URL: ru.String()})
	if err == nil {
		return ParseRobots(resp.Body, c.cfg.UserAgent), nil
	}
	var fe *Error
	if ok := asError(err, &fe); ok && fe.Reason == ReasonStatus && fe.Status >= 400 && fe.Status < 500 && fe.Status != 429 {
		return &Robots{}, nil
	}
	if ok := asError(err, &fe); ok && fe.Reason == ReasonHostRefused {
		return nil, fe
	}
	return nil, &Error{Reason: ReasonRobots, URL: ru.String(), Status: statusOf(err), Err: err}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

func statusOf(err error) int {
	if e, ok := err.(*Error); ok {
		return e.Status
	}
	return 0
}
