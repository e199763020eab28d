// Command gen writes the Grafana dashboards of package dashboards as JSON
// into deploy/grafana/dashboards (or the directory given as the first
// argument), for Grafana's file provisioning: run `go run ./dashboards/gen`
// from the repository root after changing a dashboard, and commit the JSON.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/skillpulse/skillpulse/dashboards"
)

func main() {
	dir := filepath.Join("deploy", "grafana", "dashboards")
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := dashboards.WriteAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
