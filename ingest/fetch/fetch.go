// Package fetch is the polite, defensive HTTP client every job source uses:
// robots.txt honoured, one user agent, per-host rate limits and concurrency,
// conditional requests, Retry-After on 429 and 503, exponential backoff with
// jitter, timeouts, a response size limit, bounded redirects, and only the
// hosts the configuration names (never private or loopback addresses unless
// allowed). A job board operator should have no reason to block it.
//
// It knows nothing about postings or Kafka; sources build on it.
package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Config sets the client's manners and limits. The zero value is usable
// except for AllowedHosts, which must name every host a source may fetch.
type Config struct {
	// UserAgent identifies us to job boards and in robots.txt groups.
	// Default "skillpulse/1.0 (+https://github.com/skillpulse/skillpulse)".
	UserAgent string
	// Timeout bounds one attempt, body included. Default 30s.
	Timeout time.Duration
	// MaxBodyBytes is the largest response body read; a larger one is an
	// error with reason too_large. Default 10 MiB.
	MaxBodyBytes int64
	// MaxRedirects is how many redirects one request follows. Default 5.
	MaxRedirects int
	// MinInterval is the least time between two requests to one host.
	// A robots.txt Crawl-delay that is longer (up to 60s) wins. Default 1s.
	MinInterval time.Duration
	// MaxPerHost is how many requests to one host run at once. Default 2.
	MaxPerHost int
	// MaxRetries is how many times a failed attempt (network error,
	// timeout, 429, 5xx) is retried. Default 3; negative means none.
	MaxRetries int
	// BackoffBase is the first retry's delay; each retry doubles it, and
	// the delay is jittered between half and all of it. Default 1s.
	BackoffBase time.Duration
	// BackoffMax caps the backoff delay. Default 1m.
	BackoffMax time.Duration
	// MaxRetryAfter is the longest Retry-After honoured by waiting; a
	// longer one ends the request with reason retry_later. Default 5m.
	MaxRetryAfter time.Duration
	// AllowedHosts are the host names (without port) requests and
	// redirects may reach. Required: an empty list refuses every host.
	AllowedHosts []string
	// AllowPrivateNetworks permits loopback, private and link-local
	// addresses; tests set it to reach 127.0.0.1. Default false.
	AllowPrivateNetworks bool
	// RobotsTTL is how long a host's robots.txt is trusted. Default 24h.
	RobotsTTL time.Duration
}

func (c Config) settled() Config {
	if c.UserAgent == "" {
		c.UserAgent = "skillpulse/1.0 (+https://github.com/skillpulse/skillpulse)"
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 10 << 20
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = 5
	}
	if c.MinInterval == 0 {
		c.MinInterval = time.Second
	}
	if c.MaxPerHost <= 0 {
		c.MaxPerHost = 2
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = 3
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = time.Second
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = time.Minute
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = 5 * time.Minute
	}
	if c.RobotsTTL <= 0 {
		c.RobotsTTL = 24 * time.Hour
	}
	return c
}

// Reasons an Error carries: a small fixed set, so they can label metrics.
const (
	ReasonTimeout     = "timeout"
	ReasonNetwork     = "network"
	ReasonTooLarge    = "too_large"
	ReasonRedirect    = "redirect"
	ReasonRobots      = "robots"
	ReasonHostRefused = "host_refused"
	ReasonStatus      = "http_status"
	ReasonRetryLater  = "retry_later"
)

// Error is a failed fetch with the reason a metric and a log line show.
type Error struct {
	Reason string
	URL    string
	// Status is the last HTTP status, or 0 when there was no response.
	Status int
	Err    error
}

func (e *Error) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("fetch %s: %s (HTTP %d): %v", e.URL, e.Reason, e.Status, e.Err)
	}
	return fmt.Sprintf("fetch %s: %s: %v", e.URL, e.Reason, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ReasonOf is the reason of a fetch error, or "other" for any other error.
func ReasonOf(err error) string {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Reason
	}
	return "other"
}

// Validators are a response's ETag and Last-Modified, sent back as
// If-None-Match and If-Modified-Since so an unchanged page costs a 304.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Request is one fetch.
type Request struct {
	// Method defaults to GET.
	Method string
	URL    string
	// Body is sent with a POST (Workday's search); Header adds headers
	// (an API key).
	Body   []byte
	Header http.Header
	// Validators, if set, make the request conditional.
	Validators Validators
}

// Response is a successful fetch: a 2xx with its body, or a 304.
type Response struct {
	Status int
	// NotModified is true on 304: the caller's copy is current and Body
	// is empty.
	NotModified bool
	Body        []byte
	Header      http.Header
	// Validators are the ones to send next time.
	Validators Validators
	// URL is the final URL after redirects.
	URL string
}

// LooksLikeHTML reports whether the body is an HTML page, which an API
// sends instead of JSON when it shows a login, error or maintenance page.
func (r *Response) LooksLikeHTML() bool {
	if strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		return true
	}
	head := bytes.ToLower(bytes.TrimSpace(r.Body))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// Client fetches politely. Clients made by WithObserver share the limits
// and robots.txt cache of the Client they came from.
type Client struct {
	cfg     Config
	hc      *http.Client
	allowed map[string]bool
	shared  *shared
	observe func(status string)
}

type shared struct {
	mu     sync.Mutex
	hosts  map[string]*hostLimit
	robots map[string]*robotsEntry
}

// hostLimit is one host's concurrency slots and the earliest time of its
// next request.
type hostLimit struct {
	slots chan struct{}
	mu    sync.Mutex
	next  time.Time
	delay time.Duration
}

// errPrivate is returned by the dialer for a refused address.
var errPrivate = errors.New("private or loopback address refused")

// New builds a Client.
func New(cfg Config) *Client {
	cfg = cfg.settled()
	c := &Client{cfg: cfg, allowed: map[string]bool{}, shared: &shared{hosts: map[string]*hostLimit{}, robots: map[string]*robotsEntry{}}}
	for _, h := range cfg.AllowedHosts {
		c.allowed[strings.ToLower(h)] = true
	}
	dialer := &net.Dialer{Timeout: cfg.Timeout, Control: func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip := net.ParseIP(host)
		if ip == nil {
			return fmt.Errorf("dial %s: not an IP address", address)
		}
		if !cfg.AllowPrivateNetworks && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
			ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast()) {
			return fmt.Errorf("dial %s: %w", address, errPrivate)
		}
		return nil
	}}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConnsPerHost:   cfg.MaxPerHost,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	c.hc = &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) > cfg.MaxRedirects {
			return &Error{Reason: ReasonRedirect, URL: via[0].URL.String(), Err: fmt.Errorf("more than %d redirects", cfg.MaxRedirects)}
		}
		if !c.hostAllowed(req.URL) {
			return &Error{Reason: ReasonHostRefused, URL: via[0].URL.String(), Err: fmt.Errorf("redirect to %s: host not in the configuration", req.URL.Host)}
		}
		if req.Header.Get("User-Agent") == "" {
			req.Header.Set("User-Agent", cfg.UserAgent)
		}
		return nil
	}}
	return c
}

// WithObserver returns a Client sharing c's limits and caches that calls
// observe with the status ("200", "304", "429", or "error" when there was
// no response) of every attempt, so each source counts its own requests.
func (c *Client) WithObserver(observe func(status string)) *Client {
	cc := *c
	cc.observe = observe
	return &cc
}

// UserAgent is the user agent the client sends.
func (c *Client) UserAgent() string { return c.cfg.UserAgent }

func (c *Client) hostAllowed(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && c.allowed[strings.ToLower(u.Hostname())]
}

// Get fetches url with GET.
func (c *Client) Get(ctx context.Context, url string, v Validators) (*Response, error) {
	return c.Do(ctx, Request{URL: url, Validators: v})
}

// Do fetches req, retrying what is worth retrying. The error is an *Error.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, &Error{Reason: ReasonHostRefused, URL: req.URL, Err: err}
	}
	if !c.hostAllowed(u) {
		return nil, &Error{Reason: ReasonHostRefused, URL: req.URL, Err: fmt.Errorf("host %q is not in the configuration", u.Host)}
	}
	if ok, err := c.robotsAllow(ctx, u); err != nil {
		return nil, err
	} else if !ok {
		return nil, &Error{Reason: ReasonRobots, URL: req.URL, Err: errors.New("disallowed by robots.txt")}
	}
	return c.do(ctx, u, req)
}

func (c *Client) do(ctx context.Context, u *url.URL, req Request) (*Response, error) {
	host := c.host(u.Host)
	var last *Error
	for attempt := 0; ; attempt++ {
		resp, retryAfter, err := c.attempt(ctx, host, req)
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, &Error{Reason: ReasonTimeout, URL: req.URL, Err: ctx.Err()}
		}
		last = err
		retryable := err.Reason == ReasonTimeout || err.Reason == ReasonNetwork ||
			(err.Reason == ReasonStatus && (err.Status == 429 || err.Status >= 500))
		if !retryable || attempt >= c.cfg.MaxRetries {
			return nil, last
		}
		wait := c.backoff(attempt)
		if retryAfter > 0 {
			if retryAfter > c.cfg.MaxRetryAfter {
				return nil, &Error{Reason: ReasonRetryLater, URL: req.URL, Status: err.Status,
					Err: fmt.Errorf("Retry-After %s is longer than %s", retryAfter, c.cfg.MaxRetryAfter)}
			}
			wait = retryAfter
			host.pushBack(retryAfter)
		}
		select {
		case <-ctx.Done():
			return nil, &Error{Reason: ReasonTimeout, URL: req.URL, Err: ctx.Err()}
		case <-time.After(wait):
		}
	}
}

// backoff is the delay before retry attempt+1: BackoffBase doubled per
// attempt, capped at BackoffMax, jittered in [d/2, d].
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.BackoffBase << attempt
	if d <= 0 || d > c.cfg.BackoffMax {
		d = c.cfg.BackoffMax
	}
	return d/2 + rand.N(d/2+1)
}

// attempt makes one request; retryAfter is the server's Retry-After.
func (c *Client) attempt(ctx context.Context, host *hostLimit, req Request) (*Response, time.Duration, *Error) {
	if err := host.acquire(ctx, c.cfg.MinInterval); err != nil {
		return nil, 0, &Error{Reason: ReasonTimeout, URL: req.URL, Err: err}
	}
	defer host.release()
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(actx, method, req.URL, body)
	if err != nil {
		return nil, 0, &Error{Reason: ReasonNetwork, URL: req.URL, Err: err}
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	// A source may send its own agent (USAJOBS wants the registered
	// e-mail); everyone else sees the configured one.
	if hr.Header.Get("User-Agent") == "" {
		hr.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if hr.Header.Get("Accept") == "" {
		hr.Header.Set("Accept", "application/json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
	}
	if req.Body != nil && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	if req.Validators.ETag != "" {
		hr.Header.Set("If-None-Match", req.Validators.ETag)
	}
	if req.Validators.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.Validators.LastModified)
	}
	resp, err := c.hc.Do(hr)
	if err != nil {
		c.observed("error")
		return nil, 0, classify(req.URL, err)
	}
	defer resp.Body.Close()
	c.observed(strconv.Itoa(resp.StatusCode))
	out := &Response{Status: resp.StatusCode, Header: resp.Header, URL: resp.Request.URL.String(),
		Validators: Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.Validators == (Validators{}) {
			out.Validators = req.Validators
		}
		return out, 0, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		var ra time.Duration
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			ra = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return nil, ra, &Error{Reason: ReasonStatus, URL: req.URL, Status: resp.StatusCode, Err: errors.New(resp.Status)}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBodyBytes+1))
	if err != nil {
		return nil, 0, classify(req.URL, err)
	}
	if int64(len(b)) > c.cfg.MaxBodyBytes {
		return nil, 0, &Error{Reason: ReasonTooLarge, URL: req.URL, Status: resp.StatusCode, Err: fmt.Errorf("body larger than %d bytes", c.cfg.MaxBodyBytes)}
	}
	out.Body = b
	return out, 0, nil
}

func (c *Client) observed(status string) {
	if c.observe != nil {
		c.observe(status)
	}
}

// classify names the reason of a transport error.
func classify(u string, err error) *Error {
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	if errors.Is(err, errPrivate) {
		return &Error{Reason: ReasonHostRefused, URL: u, Err: err}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return &Error{Reason: ReasonTimeout, URL: u, Err: err}
	}
	return &Error{Reason: ReasonNetwork, URL: u, Err: err}
}

// parseRetryAfter reads delay-seconds or an HTTP date; 0 when absent or
// unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func (c *Client) host(h string) *hostLimit {
	c.shared.mu.Lock()
	defer c.shared.mu.Unlock()
	hl := c.shared.hosts[h]
	if hl == nil {
		hl = &hostLimit{slots: make(chan struct{}, c.cfg.MaxPerHost)}
		c.shared.hosts[h] = hl
	}
	return hl
}

// acquire waits for a concurrency slot and then for the host's next
// permitted start time.
func (h *hostLimit) acquire(ctx context.Context, interval time.Duration) error {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	h.mu.Lock()
	if h.delay > interval {
		interval = h.delay
	}
	now := time.Now()
	start := h.next
	if start.Before(now) {
		start = now
	}
	h.next = start.Add(interval)
	h.mu.Unlock()
	if wait := time.Until(start); wait > 0 {
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			<-h.slots
			return ctx.Err()
		}
	}
	return nil
}

func (h *hostLimit) release() { <-h.slots }

// pushBack delays every request to the host by d: a Retry-After speaks
// for the whole host, not one URL.
func (h *hostLimit) pushBack(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if t := time.Now().Add(d); t.After(h.next) {
		h.next = t
	}
}

// setCrawlDelay records a robots.txt Crawl-delay, capped at a minute.
func (h *hostLimit) setCrawlDelay(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.delay = min(d, time.Minute)
}
