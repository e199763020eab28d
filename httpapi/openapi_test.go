package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse/httpapi"
)

func serve(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// MustOpenAPI parses the embedded document.
func MustOpenAPI(tb testing.TB) map[string]any {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(httpapi.OpenAPI(), &doc); err != nil {
		tb.Fatalf("openapi.json: %v", err)
	}
	return doc
}

func TestOpenAPIListsExactlyTheMountedRoutes(t *testing.T) {
	doc := MustOpenAPI(t)
	paths := doc["paths"].(map[string]any)
	var inDoc, inCode []string
	for p, ops := range paths {
		for m := range ops.(map[string]any) {
			inDoc = append(inDoc, strings.ToUpper(m)+" "+p)
		}
	}
	h, _ := MustHandler(t)
	for _, rt := range httpapi.Routes() {
		inCode = append(inCode, rt.Method+" "+rt.Pattern)
		path := strings.NewReplacer("{id}", "sql").Replace(rt.Pattern)
		if strings.Contains(path, "rising") {
			path += "?from=2026-11-01&to=2026-11-30"
		}
		if rec := serve(h, path); rec.Code != 200 {
			t.Errorf("%s %s = %d: a listed route is not served", rt.Method, path, rec.Code)
		}
	}
	sort.Strings(inDoc)
	sort.Strings(inCode)
	if strings.Join(inDoc, "\n") != strings.Join(inCode, "\n") {
		t.Errorf("OpenAPI paths:\n%s\n\nmounted routes:\n%s", strings.Join(inDoc, "\n"), strings.Join(inCode, "\n"))
	}
	if rec := serve(h, "/api/v1/skills/nonexistent-route"); rec.Code != 404 {
		t.Errorf("unlisted route answered %d", rec.Code)
	}
}

// TestOpenAPIParametersAreTheAcceptedOnes checks each operation's documented
// query parameters against what the handler accepts: a documented one must
// not be rejected as unknown, and an undocumented one must be.
func TestOpenAPIParametersAreTheAcceptedOnes(t *testing.T) {
	doc := MustOpenAPI(t)
	params := doc["components"].(map[string]any)["parameters"].(map[string]any)
	h, _ := MustHandler(t)
	for p, ops := range doc["paths"].(map[string]any) {
		op := ops.(map[string]any)["get"].(map[string]any)
		if p == "/api/v1/openapi.json" {
			continue
		}
		path := strings.ReplaceAll(p, "{id}", "sql")
		for _, ref := range op["parameters"].([]any) {
			pr := ref.(map[string]any)
			if r, ok := pr["$ref"].(string); ok {
				pr = params[strings.TrimPrefix(r, "#/components/parameters/")].(map[string]any)
			}
			if pr["in"] != "query" {
				continue
			}
			name := pr["name"].(string)
			t.Run(p+"?"+name, func(t *testing.T) {
				body := serve(h, path+"?"+name+"=x").Body.String()
				if strings.Contains(body, "unknown parameter") {
					t.Errorf("documented parameter rejected as unknown: %s", body)
				}
			})
		}
		if body := serve(h, path+"?undocumented=1").Body.String(); !strings.Contains(body, "unknown parameter undocumented") {
			t.Errorf("%s accepted an undocumented parameter: %s", p, body)
		}
	}
}

func TestOpenAPIResponsesMatchSchemas(t *testing.T) {
	doc := MustOpenAPI(t)
	h, _ := MustHandler(t)
	tests := []struct {
		name, path, schema string
		code               int
	}{
		{"top", "/api/v1/skills/top?limit=3", "TopSkills", 200},
		{"count", "/api/v1/postings/count", "PostingCount", 200},
		{"trend", "/api/v1/skills/sql/trend?grain=month", "Trend", 200},
		{"rising", "/api/v1/skills/rising?from=2026-11-01&to=2026-11-30", "Rising", 200},
		{"cooccurring", "/api/v1/skills/sql/cooccurring", "Cooccurring", 200},
		{"soft-hard", "/api/v1/share/soft-hard", "SoftHard", 200},
		{"durable", "/api/v1/durable", "Durable", 200},
		{"error", "/api/v1/durable?state=Texas", "Error", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(h, tt.path)
			if rec.Code != tt.code {
				t.Fatalf("%s = %d %s", tt.path, rec.Code, rec.Body)
			}
			var v any
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Fatal(err)
			}
			if err := validate(doc, map[string]any{"$ref": "#/components/schemas/" + tt.schema}, v, "$"); err != nil {
				t.Errorf("%s does not match schema %s: %v", tt.path, tt.schema, err)
			}
		})
	}
	// The validator itself must reject what does not match.
	bad := map[string]any{"skills": []any{map[string]any{"skill_id": "x"}}}
	if err := validate(doc, map[string]any{"$ref": "#/components/schemas/TopSkills"}, bad, "$"); err == nil {
		t.Error("validator accepted a skill row without its required fields")
	}
}

// validate checks v against the subset of JSON Schema the document uses:
// $ref, allOf, type, required, properties, items, enum, minimum, pattern.
func validate(doc map[string]any, schema map[string]any, v any, at string) error {
	if ref, ok := schema["$ref"].(string); ok {
		cur := any(doc)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		return validate(doc, cur.(map[string]any), v, at)
	}
	if all, ok := schema["allOf"].([]any); ok {
		for _, s := range all {
			if err := validate(doc, s.(map[string]any), v, at); err != nil {
				return err
			}
		}
	}
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want object, got %T", at, v)
		}
		for _, r := range asList(schema["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				return fmt.Errorf("%s: missing required %s", at, r)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for k, pv := range obj {
			if ps, ok := props[k].(map[string]any); ok {
				if err := validate(doc, ps, pv, at+"."+k); err != nil {
					return err
				}
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want array, got %T", at, v)
		}
		for i, it := range arr {
			if err := validate(doc, schema["items"].(map[string]any), it, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: want string, got %T", at, v)
		}
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(s) {
			return fmt.Errorf("%s: %q does not match %s", at, s, p)
		}
	case "integer", "number":
		n, ok := v.(float64)
		if !ok {
			return fmt.Errorf("%s: want number, got %T", at, v)
		}
		if schema["type"] == "integer" && n != float64(int64(n)) {
			return fmt.Errorf("%s: want integer, got %v", at, n)
		}
		if m, ok := schema["minimum"].(float64); ok && n < m {
			return fmt.Errorf("%s: %v below minimum %v", at, n, m)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want boolean, got %T", at, v)
		}
	}
	if enum := asList(schema["enum"]); enum != nil {
		for _, e := range enum {
			if e == v {
				return nil
			}
		}
		return fmt.Errorf("%s: %v not in %v", at, v, enum)
	}
	return nil
}

func asList(v any) []any { l, _ := v.([]any); return l }
