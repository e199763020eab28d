// Package source turns the job sources a sources file configures (job
// board APIs, career pages with schema.org JobPosting, feeds and files)
// into raw postings, one kind per file. Each source fetches through
// fetch.Client and reads its own state to skip what has not changed; it
// does not publish, diff or close postings: the poller does that, the same
// way for every kind.
package source

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Kinds of source, the values of a sources file entry's kind.
const (
	KindGreenhouse      = "greenhouse"
	KindLever           = "lever"
	KindAshby           = "ashby"
	KindSmartRecruiters = "smartrecruiters"
	KindWorkday         = "workday"
	KindUSAJobs         = "usajobs"
	KindJSONLD          = "jsonld"
	KindRSS             = "rss"
	KindFile            = "file"
)

// Kinds lists every kind, in the order docs/sources.md describes them.
func Kinds() []string {
	return []string{KindGreenhouse, KindLever, KindAshby, KindSmartRecruiters, KindWorkday, KindUSAJobs, KindJSONLD, KindRSS, KindFile}
}

// File is a sources file: the sources and the manners shared by all.
type File struct {
	Sources []Config `yaml:"sources"`
	// AllowPrivateNetworks lets sources reach loopback and private
	// addresses; tests set it for 127.0.0.1. Default false.
	AllowPrivateNetworks bool `yaml:"allow_private_networks"`
	// UserAgent is sent with every request and matched against robots.txt.
	// Default "skillpulse/1.0 (+https://github.com/skillpulse/skillpulse)".
	UserAgent string `yaml:"user_agent"`
	// Fetch tunes the HTTP client; every field has a default.
	Fetch FetchSettings `yaml:"fetch"`
}

// FetchSettings are the polite client's limits (see fetch.Config).
type FetchSettings struct {
	// Timeout bounds one request attempt. Default 30s.
	Timeout time.Duration `yaml:"timeout"`
	// MinInterval is the least time between requests to one host. Default 1s.
	MinInterval time.Duration `yaml:"min_interval"`
	// MaxPerHost is how many requests to one host run at once. Default 2.
	MaxPerHost int `yaml:"max_per_host"`
	// MaxRetries is how often a failed attempt is retried. Default 3.
	MaxRetries int `yaml:"max_retries"`
	// BackoffBase is the first retry's delay, doubled per retry. Default 1s.
	BackoffBase time.Duration `yaml:"backoff_base"`
	// BackoffMax caps the retry delay. Default 1m.
	BackoffMax time.Duration `yaml:"backoff_max"`
	// MaxRetryAfter is the longest Retry-After waited for. Default 5m.
	MaxRetryAfter time.Duration `yaml:"max_retry_after"`
	// MaxBodyBytes is the largest response read. Default 10 MiB.
	MaxBodyBytes int64 `yaml:"max_body_bytes"`
	// MaxRedirects is how many redirects are followed. Default 5.
	MaxRedirects int `yaml:"max_redirects"`
}

// Config is one entry of the sources file.
type Config struct {
	// Kind is one of Kinds.
	Kind string `yaml:"kind"`
	// Name identifies the source in metrics, logs and its state file; it
	// must be unique in the file.
	Name string `yaml:"name"`
	// BaseURL replaces the public host (scheme and host, optionally a
	// path prefix), so the same entry runs against a replay server.
	// Default: the kind's public API host; required for workday.
	BaseURL string `yaml:"base_url"`
	// Board is the Greenhouse board token or Ashby job board name.
	Board string `yaml:"board"`
	// Site is the Lever site or the Workday career site.
	Site string `yaml:"site"`
	// Company is the SmartRecruiters company identifier.
	Company string `yaml:"company"`
	// Tenant is the Workday tenant.
	Tenant string `yaml:"tenant"`
	// URL is the jsonld listing page or sitemap, or the rss/atom feed.
	URL string `yaml:"url"`
	// Path is the file source's file (JSON lines, CSV, JSON-LD, .gz).
	Path string `yaml:"path"`
	// Employer names the employer when the source does not (feeds, career
	// pages, Workday); a name the posting states wins. Default: empty.
	Employer string `yaml:"employer"`
	// Interval is how often the source is polled without --once.
	// Default 1h.
	Interval time.Duration `yaml:"interval"`
	// Hosts are further host names the source may fetch (detail pages on
	// another host of the same employer). Default: only the hosts of
	// base_url and url.
	Hosts []string `yaml:"hosts"`
	// MaxPages bounds list pages (and jsonld detail pages) per pass.
	// Default 50 (jsonld: 200).
	MaxPages int `yaml:"max_pages"`
	// PageSize is the list page size for lever, smartrecruiters, workday
	// and usajobs. Default 100 (workday 20, usajobs 500).
	PageSize int `yaml:"page_size"`
	// Series are USAJOBS job category codes. Default [2210, 0671]
	// (information technology management, health system specialist).
	Series []string `yaml:"series"`
	// Keyword narrows a USAJOBS search. Default: none.
	Keyword string `yaml:"keyword"`
	// APIKeyEnv and UserAgentEnv name the environment variables holding
	// the USAJOBS API key and registered e-mail. Default USAJOBS_API_KEY
	// and USAJOBS_USER_AGENT.
	APIKeyEnv    string `yaml:"api_key_env"`
	UserAgentEnv string `yaml:"user_agent_env"`
	// LinkPattern is the regexp a jsonld listing page's links must match
	// to be fetched as job pages. Default `(?i)/(jobs?|careers?|positions?|openings?)/`.
	LinkPattern string `yaml:"link_pattern"`
	// Format forces the file source's format: jsonl, csv or jsonld.
	// Default: from the file name and content.
	Format string `yaml:"format"`
}

// Load reads and validates a sources file.
func Load(path string) (File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return File{}, fmt.Errorf("sources file: %w", err)
	}
	f, err := Parse(b)
	if err != nil {
		return File{}, fmt.Errorf("sources file %s: %w", path, err)
	}
	return f, nil
}

// Parse decodes and validates a sources file's content. Unknown keys are
// errors, so a misspelt key does not silently fall back to a default.
func Parse(b []byte) (File, error) {
	var f File
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("parse: %w", err)
	}
	return f, f.Validate()
}

// Validate reports every entry that cannot run, naming it and the field.
func (f File) Validate() error {
	var errs []error
	names := map[string]bool{}
	for i, c := range f.Sources {
		where := fmt.Sprintf("sources[%d] (%s)", i, c.Name)
		if c.Name == "" {
			errs = append(errs, fmt.Errorf("sources[%d]: name is empty", i))
		} else if names[c.Name] {
			errs = append(errs, fmt.Errorf("%s: name is used twice", where))
		}
		names[c.Name] = true
		if err := c.validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
	}
	return errors.Join(errs...)
}

func (c Config) validate() error {
	need := func(field, v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("kind %s needs %s", c.Kind, field)
		}
		return nil
	}
	var err error
	switch c.Kind {
	case KindGreenhouse, KindAshby:
		err = need("board", c.Board)
	case KindLever:
		err = need("site", c.Site)
	case KindSmartRecruiters:
		err = need("company", c.Company)
	case KindWorkday:
		err = errors.Join(need("tenant", c.Tenant), need("site", c.Site), need("base_url", c.BaseURL))
	case KindUSAJobs:
	case KindJSONLD, KindRSS:
		err = need("url", c.URL)
	case KindFile:
		err = need("path", c.Path)
		if c.Format != "" && c.Format != "jsonl" && c.Format != "csv" && c.Format != "jsonld" {
			err = errors.Join(err, fmt.Errorf("format %q: want jsonl, csv or jsonld", c.Format))
		}
	default:
		return fmt.Errorf("kind %q: want one of %s", c.Kind, strings.Join(Kinds(), ", "))
	}
	if err != nil {
		return err
	}
	for _, u := range []string{c.BaseURL, c.URL} {
		if u == "" {
			continue
		}
		pu, perr := url.Parse(u)
		if perr != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return fmt.Errorf("%q is not an http(s) URL", u)
		}
	}
	if c.LinkPattern != "" {
		if _, rerr := regexp.Compile(c.LinkPattern); rerr != nil {
			return fmt.Errorf("link_pattern: %w", rerr)
		}
	}
	return nil
}

// defaultBase is the public API host of each kind.
func defaultBase(kind string) string {
	switch kind {
	case KindGreenhouse:
		return "https://boards-api.greenhouse.io"
	case KindLever:
		return "https://api.lever.co"
	case KindAshby:
		return "https://api.ashbyhq.com"
	case KindSmartRecruiters:
		return "https://api.smartrecruiters.com"
	case KindUSAJobs:
		return "https://data.usajobs.gov"
	}
	return ""
}

// Base is the URL requests are built on: base_url, else the public host.
func (c Config) Base() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	return defaultBase(c.Kind)
}

// AllowedHosts are the host names the source may fetch: those of its base
// and url, and Hosts.
func (c Config) AllowedHosts() []string {
	var hosts []string
	for _, u := range []string{c.Base(), c.URL} {
		if pu, err := url.Parse(u); err == nil && pu.Hostname() != "" {
			hosts = append(hosts, strings.ToLower(pu.Hostname()))
		}
	}
	return append(hosts, c.Hosts...)
}

// PollInterval is Interval or its default.
func (c Config) PollInterval() time.Duration {
	if c.Interval > 0 {
		return c.Interval
	}
	return time.Hour
}

func (c Config) maxPages(def int) int {
	if c.MaxPages > 0 {
		return c.MaxPages
	}
	return def
}

func (c Config) pageSize(def int) int {
	if c.PageSize > 0 {
		return c.PageSize
	}
	return def
}
