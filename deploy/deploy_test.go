package deploy_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// MustYAML parses a deployment file.
func MustYAML(tb testing.TB, path string) map[string]any {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var v map[string]any
	if err := yaml.Unmarshal(b, &v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return v
}

// pinned accepts name:version (a tag with a digit, not latest) or
// name@sha256:digest.
var pinned = regexp.MustCompile(`^[a-z0-9./_-]+(:[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*|@sha256:[0-9a-f]{64})$`)

func TestPinnedReference(t *testing.T) {
	tests := []struct {
		image string
		ok    bool
	}{
		{"apache/kafka:3.9.1", true},
		{"grafana/grafana@sha256:" + strings.Repeat("a", 64), true},
		{"grafana/grafana", false},
		{"grafana/grafana:latest", false},
		{"prom/prometheus:main", false},
	}
	for _, tt := range tests {
		t.Run(tt.image, func(t *testing.T) {
			if got := pinned.MatchString(tt.image); got != tt.ok {
				t.Errorf("pinned(%q) = %v, want %v", tt.image, got, tt.ok)
			}
		})
	}
}

func TestComposeParsesAndPinsEveryImage(t *testing.T) {
	c := MustYAML(t, "docker-compose.yml")
	services, _ := c["services"].(map[string]any)
	for _, want := range []string{"kafka", "clickhouse", "grafana", "prometheus", "ingest", "extract", "aggregate", "serve"} {
		if _, ok := services[want]; !ok {
			t.Errorf("service %s missing", want)
		}
	}
	for name, s := range services {
		img, _ := s.(map[string]any)["image"].(string)
		if img == "" || !pinned.MatchString(img) || strings.HasSuffix(img, ":latest") {
			t.Errorf("service %s: image %q is not pinned to a version or digest", name, img)
		}
	}
	kafka := services["kafka"].(map[string]any)["environment"].(map[string]any)
	if roles, _ := kafka["KAFKA_PROCESS_ROLES"].(string); !strings.Contains(roles, "controller") {
		t.Errorf("kafka is not in KRaft mode: process roles %q", roles)
	}
	graf := services["grafana"].(map[string]any)["environment"].(map[string]any)
	if p, _ := graf["GF_INSTALL_PLUGINS"].(string); !regexp.MustCompile(`grafana-clickhouse-datasource \d+\.\d+\.\d+`).MatchString(p) {
		t.Errorf("grafana does not install a pinned ClickHouse plugin: %q", p)
	}
	// Every file the compose file mounts exists.
	for name, s := range services {
		vols, _ := s.(map[string]any)["volumes"].([]any)
		for _, v := range vols {
			src := strings.Split(v.(string), ":")[0]
			if strings.HasPrefix(src, ".") {
				if _, err := os.Stat(src); err != nil {
					t.Errorf("service %s mounts %s: %v", name, src, err)
				}
			}
		}
	}
}

func TestDockerfileBasesArePinned(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "FROM" {
			n++
			if !pinned.MatchString(f[1]) {
				t.Errorf("FROM %s is not pinned", f[1])
			}
		}
	}
	if n == 0 {
		t.Error("no FROM line")
	}
}

func TestProvisioningPrometheusAndCronJob(t *testing.T) {
	ds := MustYAML(t, filepath.Join("grafana", "provisioning", "datasources", "skillpulse.yaml"))
	types := map[string]bool{}
	for _, d := range ds["datasources"].([]any) {
		types[d.(map[string]any)["type"].(string)] = true
	}
	if !types["grafana-clickhouse-datasource"] || !types["prometheus"] {
		t.Errorf("datasources %v, want ClickHouse and Prometheus", types)
	}
	dp := MustYAML(t, filepath.Join("grafana", "provisioning", "dashboards", "skillpulse.yaml"))
	path := dp["providers"].([]any)[0].(map[string]any)["options"].(map[string]any)["path"].(string)
	compose, _ := os.ReadFile("docker-compose.yml")
	if !strings.Contains(string(compose), "./grafana/dashboards:"+path) {
		t.Errorf("dashboard provider reads %s, which docker-compose does not mount from ./grafana/dashboards", path)
	}
	if js, _ := filepath.Glob(filepath.Join("grafana", "dashboards", "*.json")); len(js) == 0 {
		t.Error("no generated dashboards to provision")
	}
	prom := MustYAML(t, filepath.Join("prometheus", "prometheus.yml"))
	jobs := 0
	for _, sc := range prom["scrape_configs"].([]any) {
		if strings.HasPrefix(sc.(map[string]any)["job_name"].(string), "skillpulse") {
			jobs++
		}
	}
	if jobs < 4 {
		t.Errorf("prometheus scrapes %d skillpulse jobs, want the four stages", jobs)
	}
	cj := MustYAML(t, filepath.Join("kubernetes", "report-cronjob.yaml"))
	if cj["kind"] != "CronJob" {
		t.Fatalf("kind %v", cj["kind"])
	}
	tmpl := cj["spec"].(map[string]any)["jobTemplate"].(map[string]any)["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
	ctr := tmpl["containers"].([]any)[0].(map[string]any)
	if img := ctr["image"].(string); !pinned.MatchString(img) {
		t.Errorf("cronjob image %q not pinned", img)
	}
	if args := ctr["args"].([]any)[0].(string); !strings.Contains(args, "skillpulse report") {
		t.Errorf("cronjob does not run a report: %s", args)
	}
}
