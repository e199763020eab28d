// Package config holds the settings every skillpulse command shares and the
// rule that resolves them: flags first, then environment variables, then an
// optional YAML file, then the defaults documented on each field.
//
// It knows nothing about Kafka or ClickHouse clients; it only names them.
// Report schedules are checked with the schedule and report packages'
// own parsers, so a bad cron line fails at start, not at 7am on Monday.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/report"
	"github.com/skillpulse/skillpulse/schedule"
)

// Environment variable names, part of the public contract.
const (
	EnvKafkaBrokers  = "SKILLPULSE_KAFKA_BROKERS"
	EnvClickHouseDSN = "SKILLPULSE_CLICKHOUSE_DSN"
	EnvDataDir       = "SKILLPULSE_DATA_DIR"
	EnvHTTPAddr      = "SKILLPULSE_HTTP_ADDR"
	EnvConfigFile    = "SKILLPULSE_CONFIG"
)

// Config is everything a skillpulse process needs to find its services.
type Config struct {
	// KafkaBrokers are host:port addresses of a Kafka cluster. Empty means the
	// embedded broker of DataDir: `run` starts it, other commands find it
	// through the data directory's state file.
	KafkaBrokers []string `yaml:"kafka_brokers"`
	// ClickHouseDSN is clickhouse://user:pass@host:9000/db (native protocol).
	// Empty means the managed clickhouse-server of DataDir.
	ClickHouseDSN string `yaml:"clickhouse_dsn"`
	// DataDir holds the embedded broker's log, the managed ClickHouse, ingest
	// cursors and the state file. Default: ./.skillpulse.
	DataDir string `yaml:"data_dir"`
	// HTTPAddr is where serve/run listen for the API, dashboard, /metrics,
	// /healthz and /readyz. Default: 127.0.0.1:8080.
	HTTPAddr string `yaml:"http_addr"`
	// Topics names the three topics. Defaults: postings.raw, postings.tagged,
	// postings.dlq.
	Topics Topics `yaml:"topics"`
	// Partitions is the partition count used when skillpulse creates a topic.
	// Default 3: enough for three workers per consumer group.
	Partitions int `yaml:"partitions"`
	// ExtractGroup and AggregateGroup are the consumer group ids. Defaults:
	// skillpulse-extract, skillpulse-aggregate. A new aggregate group replays
	// postings.tagged from the beginning, which changes no count.
	ExtractGroup   string `yaml:"extract_group"`
	AggregateGroup string `yaml:"aggregate_group"`
	// BatchSize is the most postings aggregate writes in one ClickHouse
	// insert, and so the most it holds in memory. Default 1000.
	BatchSize int `yaml:"batch_size"`
	// FlushInterval bounds how long a partial batch waits. Default 1s.
	FlushInterval time.Duration `yaml:"flush_interval"`
	// PollInterval is how often ingest looks for new input. Default 5s.
	PollInterval time.Duration `yaml:"poll_interval"`
	// Dedup holds the near-duplicate thresholds aggregate groups with.
	Dedup Dedup `yaml:"dedup"`
	// Reports are the market reports `serve` (and `run`) produce on a
	// schedule. Default: none scheduled.
	Reports Reports `yaml:"reports"`
}

// Reports configures scheduled market reports.
type Reports struct {
	// Dir is where scheduled reports are written, one directory per job and
	// period: Dir/<job>/<from>_<to>/. Default: <data_dir>/reports.
	Dir string `yaml:"dir"`
	// Chrome is the Chromium binary that prints PDF reports. Default:
	// /usr/bin/chromium, else chromium or google-chrome on PATH.
	Chrome string `yaml:"chrome"`
	// Jobs are the scheduled reports, run one at a time. Default: none.
	Jobs []ReportJob `yaml:"jobs"`
}

// ReportJob is one scheduled report.
type ReportJob struct {
	// Name identifies the job in file paths, logs and metrics: lowercase
	// letters, digits, - and _. Required and unique.
	Name string `yaml:"name"`
	// Cron is when to run, in UTC: five fields (minute hour day-of-month
	// month day-of-week), an optional leading seconds field, or @daily,
	// @weekly, @monthly. Required. Example: "0 7 * * MON".
	Cron string `yaml:"cron"`
	// Period is what the report covers: the last complete day, week (ISO,
	// Monday to Sunday), month or quarter, or Nd for the N days ending
	// yesterday. Default: week.
	Period string `yaml:"period"`
	// Formats are any of html, pdf, md, csv. Default: [html, md, csv]
	// (pdf needs Chromium).
	Formats []string `yaml:"formats"`
	// RoleFamily and State narrow the report to one role family or one
	// state code (e.g. TX). Default: all.
	RoleFamily string `yaml:"role_family"`
	State      string `yaml:"state"`
	// WebhookURL receives a Slack-compatible JSON summary after each run
	// (a Slack, Mattermost or Teams incoming webhook). Default: none.
	WebhookURL string `yaml:"webhook_url"`
	// LinkBase is the URL where Dir/<job> is published, used for the links
	// in the webhook message; empty links to the file paths instead.
	LinkBase string `yaml:"link_base"`
}

// ReportsDir is where scheduled reports go: Reports.Dir or
// <data_dir>/reports.
func (c Config) ReportsDir() string {
	if c.Reports.Dir != "" {
		return c.Reports.Dir
	}
	return filepath.Join(c.DataDir, "reports")
}

// Dedup configures near-duplicate grouping (see docs/data-dictionary.md).
type Dedup struct {
	// Window is the longest time between two copies' posting dates.
	// Default 720h (30 days).
	Window time.Duration `yaml:"window"`
	// TextThreshold is the least estimated Jaccard similarity of two
	// copies' text shingles. Default 0.8.
	TextThreshold float64 `yaml:"text_threshold"`
	// TitleThreshold is the least Jaccard similarity of their title words.
	// Default 0.5.
	TitleThreshold float64 `yaml:"title_threshold"`
}

// Topics names the pipeline's Kafka topics.
type Topics struct {
	Raw    string `yaml:"raw"`
	Tagged string `yaml:"tagged"`
	DLQ    string `yaml:"dlq"`
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		DataDir:        ".skillpulse",
		HTTPAddr:       "127.0.0.1:8080",
		Topics:         Topics{Raw: "postings.raw", Tagged: "postings.tagged", DLQ: "postings.dlq"},
		Partitions:     3,
		ExtractGroup:   "skillpulse-extract",
		AggregateGroup: "skillpulse-aggregate",
		BatchSize:      1000,
		FlushInterval:  time.Second,
		PollInterval:   5 * time.Second,
		Dedup:          Dedup{Window: 30 * 24 * time.Hour, TextThreshold: 0.8, TitleThreshold: 0.5},
	}
}

// Flags are the shared command-line flags. Register them on a command's
// FlagSet with Register, parse, then call Load.
type Flags struct {
	file          string
	kafkaBrokers  string
	clickhouseDSN string
	dataDir       string
	httpAddr      string
	fs            *flag.FlagSet
}

// Register adds the shared flags to fs. withHTTP adds --http-addr, which
// only serving commands have.
func Register(fs *flag.FlagSet, withHTTP bool) *Flags {
	f := &Flags{fs: fs}
	fs.StringVar(&f.file, "config", "", "YAML configuration `file` (env "+EnvConfigFile+")")
	fs.StringVar(&f.kafkaBrokers, "kafka-brokers", "", "comma-separated Kafka `brokers`; empty: the embedded broker (env "+EnvKafkaBrokers+")")
	fs.StringVar(&f.clickhouseDSN, "clickhouse-dsn", "", "ClickHouse `dsn` clickhouse://user:pass@host:9000/db; empty: the managed server (env "+EnvClickHouseDSN+")")
	fs.StringVar(&f.dataDir, "data-dir", "", "data `directory` (env "+EnvDataDir+", default .skillpulse)")
	if withHTTP {
		fs.StringVar(&f.httpAddr, "http-addr", "", "HTTP listen `address` (env "+EnvHTTPAddr+", default 127.0.0.1:8080)")
	}
	return f
}

// Load resolves the configuration: defaults, overlaid by the YAML file,
// overlaid by the environment, overlaid by flags the user set. getenv is
// os.Getenv outside tests.
func (f *Flags) Load(getenv func(string) string) (Config, error) {
	cfg := Default()
	file := f.file
	if file == "" {
		file = getenv(EnvConfigFile)
	}
	if file != "" {
		if err := loadFile(file, &cfg); err != nil {
			return Config{}, err
		}
	}
	if v := getenv(EnvKafkaBrokers); v != "" {
		cfg.KafkaBrokers = splitList(v)
	}
	if v := getenv(EnvClickHouseDSN); v != "" {
		cfg.ClickHouseDSN = v
	}
	if v := getenv(EnvDataDir); v != "" {
		cfg.DataDir = v
	}
	if v := getenv(EnvHTTPAddr); v != "" {
		cfg.HTTPAddr = v
	}
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["kafka-brokers"] {
		cfg.KafkaBrokers = splitList(f.kafkaBrokers)
	}
	if set["clickhouse-dsn"] {
		cfg.ClickHouseDSN = f.clickhouseDSN
	}
	if set["data-dir"] {
		cfg.DataDir = f.dataDir
	}
	if set["http-addr"] {
		cfg.HTTPAddr = f.httpAddr
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func loadFile(path string, cfg *Config) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	defer fh.Close()
	dec := yaml.NewDecoder(fh)
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Validate reports every invalid field by name.
func (c Config) Validate() error {
	var errs []error
	for _, b := range c.KafkaBrokers {
		if _, _, err := net.SplitHostPort(b); err != nil {
			errs = append(errs, fmt.Errorf("kafka_brokers: %q is not host:port", b))
		}
	}
	if c.ClickHouseDSN != "" && !strings.HasPrefix(c.ClickHouseDSN, "clickhouse://") && !strings.HasPrefix(c.ClickHouseDSN, "tcp://") {
		errs = append(errs, fmt.Errorf("clickhouse_dsn: want clickhouse://user:pass@host:9000/db, got %q", Redact(c.ClickHouseDSN)))
	}
	if strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("data_dir: empty"))
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		errs = append(errs, fmt.Errorf("http_addr: %q is not host:port", c.HTTPAddr))
	}
	for name, t := range map[string]string{"topics.raw": c.Topics.Raw, "topics.tagged": c.Topics.Tagged, "topics.dlq": c.Topics.DLQ} {
		if t == "" {
			errs = append(errs, fmt.Errorf("%s: empty", name))
		}
	}
	if c.Partitions < 1 {
		errs = append(errs, fmt.Errorf("partitions: %d, want at least 1", c.Partitions))
	}
	if c.ExtractGroup == "" || c.AggregateGroup == "" {
		errs = append(errs, errors.New("extract_group and aggregate_group must not be empty"))
	}
	if c.BatchSize < 1 {
		errs = append(errs, fmt.Errorf("batch_size: %d, want at least 1", c.BatchSize))
	}
	if c.FlushInterval <= 0 {
		errs = append(errs, fmt.Errorf("flush_interval: %s, want > 0", c.FlushInterval))
	}
	if c.PollInterval <= 0 {
		errs = append(errs, fmt.Errorf("poll_interval: %s, want > 0", c.PollInterval))
	}
	if c.Dedup.Window <= 0 {
		errs = append(errs, fmt.Errorf("dedup.window: %s, want > 0", c.Dedup.Window))
	}
	for name, v := range map[string]float64{"dedup.text_threshold": c.Dedup.TextThreshold, "dedup.title_threshold": c.Dedup.TitleThreshold} {
		if v <= 0 || v > 1 {
			errs = append(errs, fmt.Errorf("%s: %v, want a value in (0, 1]", name, v))
		}
	}
	errs = append(errs, c.Reports.validate()...)
	return errors.Join(errs...)
}

// jobNamePattern keeps job names safe as directory names and metric labels.
var jobNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

func (r Reports) validate() []error {
	var errs []error
	seen := map[string]bool{}
	for i, j := range r.Jobs {
		at := fmt.Sprintf("reports.jobs[%d]", i)
		if !jobNamePattern.MatchString(j.Name) {
			errs = append(errs, fmt.Errorf("%s.name: %q, want lowercase letters, digits, - or _ (at most 40)", at, j.Name))
		} else if seen[j.Name] {
			errs = append(errs, fmt.Errorf("%s.name: %q used twice", at, j.Name))
		}
		seen[j.Name] = true
		if _, err := schedule.Parse(j.Cron); err != nil {
			errs = append(errs, fmt.Errorf("%s.cron: %w", at, err))
		}
		if j.Period != "" {
			if err := report.ValidatePeriod(j.Period); err != nil {
				errs = append(errs, fmt.Errorf("%s.period: %w", at, err))
			}
		}
		if len(j.Formats) > 0 {
			if _, err := report.ParseFormats(strings.Join(j.Formats, ",")); err != nil {
				errs = append(errs, fmt.Errorf("%s.formats: %w", at, err))
			}
		}
		if j.RoleFamily != "" && !slices.Contains(skillpulse.RoleFamilies(), j.RoleFamily) {
			errs = append(errs, fmt.Errorf("%s.role_family: %q, want one of %s", at, j.RoleFamily, strings.Join(skillpulse.RoleFamilies(), ", ")))
		}
		if j.State != "" && !statePattern.MatchString(j.State) {
			errs = append(errs, fmt.Errorf("%s.state: %q, want a two or three letter code such as TX", at, j.State))
		}
		for name, u := range map[string]string{"webhook_url": j.WebhookURL, "link_base": j.LinkBase} {
			if u == "" {
				continue
			}
			if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
				errs = append(errs, fmt.Errorf("%s.%s: want an http or https URL", at, name))
			}
		}
	}
	return errs
}

// statePattern is a US state or region code.
var statePattern = regexp.MustCompile(`^[A-Za-z]{2,3}$`)

// JobPeriod is the job's period, week when unset.
func (j ReportJob) JobPeriod() string {
	if j.Period == "" {
		return "week"
	}
	return j.Period
}

// JobFormats is the job's formats, html, md and csv when unset.
func (j ReportJob) JobFormats() []string {
	if len(j.Formats) == 0 {
		return []string{"html", "md", "csv"}
	}
	return j.Formats
}

// StateFile is where a running `skillpulse run` records the addresses of the
// services it owns, so other commands on the same data directory find them.
func (c Config) StateFile() string { return filepath.Join(c.DataDir, "run.json") }

// Redact hides the password of a DSN, for logs and error messages.
func Redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	creds := dsn[scheme+3 : at]
	if i := strings.Index(creds, ":"); i >= 0 {
		return dsn[:scheme+3] + creds[:i] + ":***" + dsn[at:]
	}
	return dsn
}
