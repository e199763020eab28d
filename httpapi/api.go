package httpapi

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/skillpulse/skillpulse"
)

// api serves /api/v1/. Every parameter is validated here and passed on as a
// typed value: no user text ever reaches a query string.
type api struct {
	q   skillpulse.SkillQuerier
	log *slog.Logger
}

// maxLimit caps limit= so one request cannot ask for the whole taxonomy
// twice over.
const maxLimit = 1000

// errorBody is every 4xx/5xx answer.
type errorBody struct {
	Error string `json:"error"`
}

// TopQueryFromValues reads from, to (YYYY-MM-DD, inclusive), kind
// (soft|hard) and limit (1..1000, default 20). The CLI's `top` and the API
// share it so both accept exactly the same values.
func TopQueryFromValues(v url.Values) (skillpulse.TopQuery, error) {
	var q skillpulse.TopQuery
	var err error
	if q.From, err = dateParam(v, "from"); err != nil {
		return q, err
	}
	if q.To, err = dateParam(v, "to"); err != nil {
		return q, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, errors.New("to is before from")
	}
	if q.Kind, err = skillpulse.ParseKind(v.Get("kind")); err != nil {
		return q, err
	}
	q.Limit = 20
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return q, fmt.Errorf("limit %q: want an integer from 1 to %d", s, maxLimit)
		}
		q.Limit = n
	}
	return q, nil
}

func dateParam(v url.Values, name string) (time.Time, error) {
	s := v.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want YYYY-MM-DD", name, s)
	}
	return t, nil
}

func (a *api) top(w http.ResponseWriter, r *http.Request) {
	q, err := TopQueryFromValues(r.URL.Query())
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{err.Error()})
		return
	}
	rows, err := a.q.TopSkills(r.Context(), q)
	if err != nil {
		a.log.Error("top skills", "err", err)
		writeJSON(w, http.StatusInternalServerError, errorBody{"query failed"})
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="top-skills.csv"`)
		WriteSkillCountsCSV(w, rows)
		return
	}
	if rows == nil {
		rows = []skillpulse.SkillCount{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"skills": rows})
}

func (a *api) postingCount(w http.ResponseWriter, r *http.Request) {
	from, err := dateParam(r.URL.Query(), "from")
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{err.Error()})
		return
	}
	to, err := dateParam(r.URL.Query(), "to")
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{err.Error()})
		return
	}
	n, err := a.q.PostingCount(r.Context(), skillpulse.Slice{From: from, To: to})
	if err != nil {
		a.log.Error("posting count", "err", err)
		writeJSON(w, http.StatusInternalServerError, errorBody{"query failed"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]uint64{"postings": n})
}

// WriteSkillCountsCSV writes rows with a header line; shared by the API's
// format=csv and `skillpulse top --format csv`.
func WriteSkillCountsCSV(w io.Writer, rows []skillpulse.SkillCount) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"rank", "skill_id", "skill", "kind", "category", "postings", "share"})
	for i, r := range rows {
		cw.Write([]string{strconv.Itoa(i + 1), r.SkillID, r.Skill, string(r.Kind), r.Category,
			strconv.FormatUint(r.Postings, 10), strconv.FormatFloat(r.Share, 'f', 4, 64)})
	}
	cw.Flush()
	return cw.Error()
}
