package main

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestReportCommandRejectsBadUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no period", []string{"report"}, "--from and --to are required"},
		{"period and dates", []string{"report", "--period", "week", "--from", "2026-10-01"}, "not both"},
		{"bad period", []string{"report", "--period", "fortnight"}, "period"},
		{"bad format", []string{"report", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "docx"}, "html, pdf, md or csv"},
		{"bad role family", []string{"report", "--from", "2026-10-01", "--to", "2026-10-31", "--role-family", "nurse"}, "role_family"},
		{"reversed dates", []string{"report", "--from", "2026-10-31", "--to", "2026-10-01"}, "before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := testMain(t, nil)
			err := m.Run(context.Background(), tt.args)
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v: err = %v, want a usage error mentioning %q", tt.args, err, tt.want)
			}
		})
	}
}
