package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/skillpulse/skillpulse"
)

// SlackMessage is the webhook body: Slack's incoming-webhook format (text
// plus blocks), which Mattermost, Rocket.Chat and Teams' Slack-compatible
// connectors also accept.
type SlackMessage struct {
	Text   string       `json:"text"`
	Blocks []SlackBlock `json:"blocks,omitempty"`
}

// SlackBlock is one Block Kit block (header or section).
type SlackBlock struct {
	Type string     `json:"type"`
	Text *SlackText `json:"text,omitempty"`
}

// SlackText is a block's text, plain_text or mrkdwn.
type SlackText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// Message summarises rep for a chat channel: the headline figures, the top
// skills, the biggest movers and where the files are. links maps a file
// name (report.html...) to a URL or path the reader can open.
func (r *Report) Message(links map[string]string) SlackMessage {
	var head strings.Builder
	for _, h := range r.Headlines() {
		fmt.Fprintf(&head, "• *%s:* %s\n", h.Label, h.Value)
	}
	var top strings.Builder
	top.WriteString("*Top hard skills:* " + skillList(firstN(r.TopHard, 5)) + "\n")
	top.WriteString("*Top soft skills:* " + skillList(firstN(r.TopSoft, 5)))
	var movers []string
	for _, m := range append(append([]skillpulse.Mover(nil), firstN(r.Rising, 3)...), firstN(r.Falling, 3)...) {
		movers = append(movers, fmt.Sprintf("%s %s", m.Skill, points(m.Change)))
	}
	blocks := []SlackBlock{
		{Type: "header", Text: &SlackText{"plain_text", r.Title}},
		{Type: "section", Text: &SlackText{"mrkdwn", r.Scope() + "\n" + head.String()}},
		{Type: "section", Text: &SlackText{"mrkdwn", top.String()}},
	}
	if len(movers) > 0 {
		blocks = append(blocks, SlackBlock{Type: "section", Text: &SlackText{"mrkdwn", "*Movers:* " + strings.Join(movers, ", ")}})
	}
	if len(links) > 0 {
		var files []string
		for _, name := range []string{"report.html", "report.pdf", "report.md", "report.csv"} {
			if l, ok := links[name]; ok {
				files = append(files, fmt.Sprintf("<%s|%s>", l, name))
			}
		}
		if len(files) > 0 {
			blocks = append(blocks, SlackBlock{Type: "section", Text: &SlackText{"mrkdwn", "*Files:* " + strings.Join(files, " · ")}})
		}
	}
	return SlackMessage{Text: fmt.Sprintf("%s (%s): %d postings", r.Title, r.Scope(), r.Postings), Blocks: blocks}
}

// FileLinks maps the report files among paths to base+name, or to their
// paths when base is empty.
func FileLinks(paths []string, base string) map[string]string {
	out := map[string]string{}
	for _, p := range paths {
		name := filepath.Base(p)
		if !strings.HasPrefix(name, "report.") {
			continue
		}
		if base == "" {
			out[name] = p
		} else {
			out[name] = strings.TrimRight(base, "/") + "/" + name
		}
	}
	return out
}

func firstN[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Post sends msg to a Slack-compatible incoming webhook and fails unless
// it answers 2xx; the error carries the start of the answer, which is
// where Slack says what was wrong.
func Post(ctx context.Context, client *http.Client, url string, msg SlackMessage) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook: status %d: %s", resp.StatusCode, strings.TrimSpace(string(answer)))
	}
	return nil
}
