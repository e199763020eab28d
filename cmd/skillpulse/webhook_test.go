package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// newWebhook is a Slack-compatible incoming webhook on loopback that
// passes each JSON body it receives to got.
func newWebhook(t *testing.T, got chan<- map[string]any) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var msg map[string]any
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&msg) != nil {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		select {
		case got <- msg:
		default:
		}
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
