package clickhouse

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"one", "SELECT 1;\n", []string{"SELECT 1"}},
		{"two with comments", "-- first; not a split\nCREATE TABLE a (x UInt8)\nENGINE = Memory;\n\n-- second\nSELECT 2;\n",
			[]string{"CREATE TABLE a (x UInt8)\nENGINE = Memory", "SELECT 2"}},
		{"semicolon inside a line", "SELECT ';' AS s;\n", []string{"SELECT ';' AS s"}},
		{"last without semicolon", "SELECT 1;\nSELECT 2\n", []string{"SELECT 1", "SELECT 2"}},
		{"trailing spaces", "SELECT 1;  \r\n", []string{"SELECT 1"}},
		{"empty", "-- nothing\n\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitStatements(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("splitStatements(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseMigrationName(t *testing.T) {
	tests := []struct {
		file    string
		version int
		name    string
		ok      bool
	}{
		{"0001_init.sql", 1, "init", true},
		{"0012_add_state.sql", 12, "add_state", true},
		{"1_init.sql", 0, "", false},
		{"0001_init.txt", 0, "", false},
		{"0001.sql", 0, "", false},
		{"0000_zero.sql", 0, "", false},
		{"abcd_x.sql", 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			v, n, ok := parseMigrationName(tt.file)
			if v != tt.version || n != tt.name || ok != tt.ok {
				t.Errorf("parseMigrationName(%q) = %d, %q, %v; want %d, %q, %v", tt.file, v, n, ok, tt.version, tt.name, tt.ok)
			}
		})
	}
}

func TestEmbeddedMigrationsParse(t *testing.T) {
	ms, err := loadMigrations("db_under_test")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].version != 1 {
		t.Fatalf("migrations = %+v, want version 1 first", ms)
	}
	for _, m := range ms {
		for _, s := range m.statements {
			// Idempotent: IF NOT EXISTS; ADD COLUMN (Migrate tolerates
			// "already exists", 18.16 has no IF NOT EXISTS there); or a
			// backfill into a uniqExact state table, which absorbs ids
			// inserted twice, ...
			idempotent := strings.Contains(s, "IF NOT EXISTS") ||
				onlyAddsColumns(s) ||
				strings.HasPrefix(s, "INSERT INTO") && strings.Contains(strings.SplitN(s, "\n", 2)[0], "_state") && strings.Contains(s, "uniqExactState") ||
				// or of counts into a table whose version is the count.
				strings.HasPrefix(s, "INSERT INTO") && strings.Contains(strings.SplitN(s, "\n", 2)[0], "_counts") && strings.Contains(s, "uniqExactMerge")
			if !strings.Contains(s, "db_under_test.") || !idempotent {
				t.Errorf("%04d_%s: statement not qualified or not idempotent:\n%s", m.version, m.name, s)
			}
		}
	}
}

// onlyAddsColumns reports whether s is an ALTER TABLE whose every clause is
// ADD COLUMN.
func onlyAddsColumns(s string) bool {
	head, clauses, ok := strings.Cut(s, "\n")
	if !ok || !strings.HasPrefix(head, "ALTER TABLE ") {
		return false
	}
	for c := range strings.SplitSeq(clauses, ",\n") {
		if !strings.HasPrefix(strings.TrimSpace(c), "ADD COLUMN ") {
			return false
		}
	}
	return true
}
