package httpapi

import (
	_ "embed"
	"io"
	"net/http"
)

// openAPIDoc is the OpenAPI 3 description of /api/v1/, checked against
// Routes and the handlers' answers by the package tests.
//
//go:embed openapi.json
var openAPIDoc string

// OpenAPI returns the OpenAPI 3 document served at /api/v1/openapi.json,
// for tools that generate clients or check the API offline.
func OpenAPI() []byte { return []byte(openAPIDoc) }

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	io.WriteString(w, openAPIDoc)
}
