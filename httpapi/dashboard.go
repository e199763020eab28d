package httpapi

import (
	"embed"
	"io/fs"
	"net/http"
)

// webFiles is the dashboard: one HTML page, its stylesheet and its script,
// all written for this project (no third-party code), served from the
// binary so the dashboard works offline and fetches nothing at run time.
//
//go:embed web/index.html web/app.css web/app.js
var webFiles embed.FS

// mountDashboard serves the page at / and its assets under /static/.
func mountDashboard(mux *http.ServeMux) {
	static, _ := fs.Sub(webFiles, "web") // the directory is embedded: Sub cannot fail
	files := http.FileServerFS(static)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		setPageHeaders(w)
		http.ServeFileFS(w, r, static, "index.html")
	})
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "app.js" && r.URL.Path != "app.css" {
			http.NotFound(w, r)
			return
		}
		setPageHeaders(w)
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	})))
}

// setPageHeaders forbids anything from outside this server: the dashboard
// uses only its own script, stylesheet and API.
func setPageHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
}
