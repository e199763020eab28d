package config_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/config"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestPrecedenceFlagsThenEnvThenFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "skillpulse.yaml")
	yml := "kafka_brokers: [file:9092]\nclickhouse_dsn: clickhouse://file@h:9000/db\ndata_dir: /file\nbatch_size: 50\nflush_interval: 2s\n"
	if err := os.WriteFile(file, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantBroker string
		wantDSN    string
		wantDir    string
	}{
		{"file only", []string{"--config", file}, nil, "file:9092", "clickhouse://file@h:9000/db", "/file"},
		{"env beats file", []string{"--config", file},
			map[string]string{config.EnvKafkaBrokers: "env:9092", config.EnvDataDir: "/env"}, "env:9092", "clickhouse://file@h:9000/db", "/env"},
		{"flag beats env", []string{"--config", file, "--kafka-brokers", "flag:9092", "--data-dir", "/flag"},
			map[string]string{config.EnvKafkaBrokers: "env:9092", config.EnvDataDir: "/env"}, "flag:9092", "clickhouse://file@h:9000/db", "/flag"},
		{"config file from env", nil, map[string]string{config.EnvConfigFile: file}, "file:9092", "clickhouse://file@h:9000/db", "/file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			f := config.Register(fs, true)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			cfg, err := f.Load(env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if len(cfg.KafkaBrokers) != 1 || cfg.KafkaBrokers[0] != tt.wantBroker {
				t.Errorf("brokers = %v, want [%s]", cfg.KafkaBrokers, tt.wantBroker)
			}
			if cfg.ClickHouseDSN != tt.wantDSN {
				t.Errorf("dsn = %q, want %q", cfg.ClickHouseDSN, tt.wantDSN)
			}
			if cfg.DataDir != tt.wantDir {
				t.Errorf("data dir = %q, want %q", cfg.DataDir, tt.wantDir)
			}
			if cfg.BatchSize != 50 || cfg.FlushInterval != 2*time.Second {
				t.Errorf("file values lost: batch %d flush %s", cfg.BatchSize, cfg.FlushInterval)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	cfg, err := config.Register(fs, false).Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Topics.Raw != "postings.raw" || cfg.Topics.Tagged != "postings.tagged" || cfg.Topics.DLQ != "postings.dlq" {
		t.Errorf("topics = %+v", cfg.Topics)
	}
	if len(cfg.KafkaBrokers) != 0 || cfg.ClickHouseDSN != "" {
		t.Errorf("default must mean embedded services, got %v %q", cfg.KafkaBrokers, cfg.ClickHouseDSN)
	}
}

func TestValidateNamesTheField(t *testing.T) {
	tests := []struct {
		name string
		yml  string
		want string
	}{
		{"bad broker", "kafka_brokers: [nohost]\n", "kafka_brokers"},
		{"bad dsn", "clickhouse_dsn: http://u:secret@h/db\n", "clickhouse_dsn"},
		{"zero batch", "batch_size: 0\n", "batch_size"},
		{"unknown key", "kafka_broker: [a:1]\n", "kafka_broker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(file, []byte(tt.yml), 0o644); err != nil {
				t.Fatal(err)
			}
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			_, err := config.Register(fs, false).Load(env(map[string]string{config.EnvConfigFile: file}))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want mention of %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

// TestExampleConfigLoads keeps deploy/skillpulse.example.yaml true to the code.
func TestExampleConfigLoads(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	cfg, err := config.Register(fs, true).Load(env(map[string]string{config.EnvConfigFile: "../deploy/skillpulse.example.yaml"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.KafkaBrokers) != 3 || cfg.Partitions != 6 || cfg.DataDir != "/var/lib/skillpulse" {
		t.Errorf("example config = %+v", cfg)
	}
}

func TestDedupSettings(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(file, []byte("dedup:\n  window: 240h\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	cfg, err := config.Register(fs, false).Load(env(map[string]string{config.EnvConfigFile: file}))
	if err != nil {
		t.Fatal(err)
	}
	// A partial dedup section keeps the defaults of the keys it leaves out.
	if cfg.Dedup.Window != 240*time.Hour || cfg.Dedup.TextThreshold != 0.8 || cfg.Dedup.TitleThreshold != 0.5 {
		t.Errorf("dedup = %+v", cfg.Dedup)
	}
	if err := os.WriteFile(file, []byte("dedup:\n  text_threshold: 1.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Register(flag.NewFlagSet("y", flag.ContinueOnError), false).Load(env(map[string]string{config.EnvConfigFile: file})); err == nil || !strings.Contains(err.Error(), "dedup.text_threshold") {
		t.Errorf("threshold 1.5 accepted: %v", err)
	}
}
