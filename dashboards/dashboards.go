// Package dashboards is skillpulse's Grafana dashboards as code: a small
// typed model of the dashboard JSON (panels, grid, template variables) and
// of the grafana-clickhouse-datasource and Prometheus query models, and
// the skillpulse dashboard built from it. `go run ./dashboards/gen` writes
// the JSON that deploy/grafana provisions; a test fails when the committed
// file differs from what this code generates, and another runs every
// panel's SQL, macros expanded, against a real ClickHouse.
//
// Panel SQL reads only the tables documented in docs/data-dictionary.md.
package dashboards

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Datasource plugin ids and the template variables that select them, so a
// Grafana with several ClickHouse or Prometheus datasources can switch.
const (
	ClickHousePlugin = "grafana-clickhouse-datasource"
	PrometheusPlugin = "prometheus"
	chVar            = "${clickhouse}"
	promVar          = "${prometheus}"
)

// AllValue is what the role_family and state variables hold when "All" is
// selected; panel SQL treats it as "no filter".
const AllValue = "__all"

// Dashboard is the part of Grafana's dashboard JSON model skillpulse uses.
type Dashboard struct {
	UID           string     `json:"uid"`
	Title         string     `json:"title"`
	Description   string     `json:"description,omitempty"`
	Tags          []string   `json:"tags"`
	Timezone      string     `json:"timezone"`
	Editable      bool       `json:"editable"`
	SchemaVersion int        `json:"schemaVersion"`
	Version       int        `json:"version"`
	Refresh       string     `json:"refresh,omitempty"`
	Time          TimeRange  `json:"time"`
	Templating    Templating `json:"templating"`
	Panels        []Panel    `json:"panels"`
}

// TimeRange is the dashboard's default range, in Grafana's relative syntax.
type TimeRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Templating holds the dashboard variables.
type Templating struct {
	List []Variable `json:"list"`
}

// Variable is a dashboard template variable.
type Variable struct {
	Name        string       `json:"name"`
	Label       string       `json:"label"`
	Type        string       `json:"type"` // datasource, query or custom
	Query       any          `json:"query,omitempty"`
	Datasource  *DatasourceR `json:"datasource,omitempty"`
	IncludeAll  bool         `json:"includeAll"`
	AllValue    string       `json:"allValue,omitempty"`
	Multi       bool         `json:"multi"`
	Refresh     int          `json:"refresh,omitempty"`
	Current     *Current     `json:"current,omitempty"`
	Options     []Option     `json:"options,omitempty"`
	Description string       `json:"description,omitempty"`
}

// Current is a variable's default selection.
type Current struct {
	Text  string `json:"text"`
	Value string `json:"value"`
}

// Option is one value of a custom variable.
type Option struct {
	Text     string `json:"text"`
	Value    string `json:"value"`
	Selected bool   `json:"selected"`
}

// DatasourceR references a datasource by plugin type and uid.
type DatasourceR struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

// GridPos places a panel on the 24-column grid.
type GridPos struct {
	H int `json:"h"`
	W int `json:"w"`
	X int `json:"x"`
	Y int `json:"y"`
}

// Panel is one visualisation.
type Panel struct {
	ID          int          `json:"id"`
	Type        string       `json:"type"`
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	GridPos     GridPos      `json:"gridPos"`
	Datasource  *DatasourceR `json:"datasource"`
	Targets     []Target     `json:"targets"`
	FieldConfig FieldConfig  `json:"fieldConfig"`
	Options     any          `json:"options,omitempty"`
}

// FieldConfig sets units and display of a panel's fields.
type FieldConfig struct {
	Defaults  FieldDefaults `json:"defaults"`
	Overrides []any         `json:"overrides"`
}

// FieldDefaults are the defaults of every field of a panel.
type FieldDefaults struct {
	Unit     string   `json:"unit,omitempty"`
	Decimals *int     `json:"decimals,omitempty"`
	Min      *float64 `json:"min,omitempty"`
	Max      *float64 `json:"max,omitempty"`
}

// Target is one query: the ClickHouse plugin's SQL query model (RawSQL,
// EditorType sql, Format 0 table or 1 time series, QueryType) or a
// Prometheus expression (Expr).
type Target struct {
	RefID      string       `json:"refId"`
	Datasource *DatasourceR `json:"datasource"`
	// ClickHouse.
	EditorType string `json:"editorType,omitempty"`
	QueryType  string `json:"queryType,omitempty"`
	Format     *int   `json:"format,omitempty"`
	RawSQL     string `json:"rawSql,omitempty"`
	// Prometheus.
	Expr         string `json:"expr,omitempty"`
	LegendFormat string `json:"legendFormat,omitempty"`
}

// ClickHouse plugin result formats.
const (
	formatTable      = 1
	formatTimeSeries = 0
)

func ch() *DatasourceR   { return &DatasourceR{Type: ClickHousePlugin, UID: chVar} }
func prom() *DatasourceR { return &DatasourceR{Type: PrometheusPlugin, UID: promVar} }

func sqlTarget(sql string, timeSeries bool) Target {
	f, qt := formatTable, "table"
	if timeSeries {
		f, qt = formatTimeSeries, "timeseries"
	}
	return Target{RefID: "A", Datasource: ch(), EditorType: "sql", QueryType: qt, Format: &f, RawSQL: strings.TrimSpace(sql)}
}

func promTarget(ref, expr, legend string) Target {
	return Target{RefID: ref, Datasource: prom(), Expr: expr, LegendFormat: legend}
}

// JSON is the dashboard as Grafana's provisioning expects it, indented and
// ending in a newline, byte-for-byte stable for the golden test.
func (d Dashboard) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("dashboard %s: %w", d.UID, err)
	}
	return append(b, '\n'), nil
}

// SQLTargets lists every ClickHouse query of the dashboard, panel titles
// and variable names first, so the SQL test can run them all.
func (d Dashboard) SQLTargets() map[string]string {
	out := map[string]string{}
	for _, p := range d.Panels {
		for _, t := range p.Targets {
			if t.RawSQL != "" {
				out["panel "+p.Title+" "+t.RefID] = t.RawSQL
			}
		}
	}
	for _, v := range d.Templating.List {
		if s, ok := v.Query.(string); ok && v.Type == "query" && v.Datasource != nil && v.Datasource.Type == ClickHousePlugin {
			out["variable "+v.Name] = s
		}
	}
	return out
}

// WriteAll writes every dashboard of All into dir.
func WriteAll(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dashboards: %w", err)
	}
	for name, d := range All() {
		b, err := d.JSON()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("dashboards: %w", err)
		}
	}
	return nil
}
