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
	"github.com/skillpulse/skillpulse/report"
)

// api serves /api/v1/. Every parameter is validated here and passed on as a
// typed value: no user text ever reaches a query string.
type api struct {
	q   skillpulse.SkillQuerier
	an  skillpulse.Analytics // nil: only skills/top and postings/count
	log *slog.Logger
}

// maxLimit caps limit= so one request cannot ask for the whole taxonomy
// twice over.
const maxLimit = 1000

// Defaults of the analyst endpoints, documented in openapi.json.
const (
	defaultTopLimit    = 20
	defaultRisingLimit = 15
	defaultCoLimit     = 15
	defaultMinPostings = 3
	defaultGrain       = skillpulse.Week
)

// errorBody is every 4xx/5xx answer.
type errorBody struct {
	Error string `json:"error"`
}

// badRequest marks an error in what the caller sent (400).
type badRequest struct{ err error }

func (b badRequest) Error() string { return b.err.Error() }

// answer is one endpoint's result: the JSON body, and the CSV form when the
// caller asks for format=csv.
type answer struct {
	body     any
	csvName  string
	writeCSV func(io.Writer) error
}

// handle validates the parameter names, runs f and writes its answer as
// JSON or CSV. Errors of type badRequest become 400 with their text; any
// other error is logged and becomes a 500 that names only the figure.
func (a *api) handle(figure string, allowed []string, f func(r *http.Request, v url.Values) (answer, error)) http.HandlerFunc {
	allowed = append(allowed[:len(allowed):len(allowed)], "format")
	return func(w http.ResponseWriter, r *http.Request) {
		v := r.URL.Query()
		if err := checkKnown(v, allowed...); err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{err.Error()})
			return
		}
		format := v.Get("format")
		if format != "" && format != "json" && format != "csv" {
			writeJSON(w, http.StatusBadRequest, errorBody{fmt.Sprintf("format %q: want json or csv", format)})
			return
		}
		ans, err := f(r, v)
		var br badRequest
		switch {
		case errors.As(err, &br):
			writeJSON(w, http.StatusBadRequest, errorBody{br.Error()})
			return
		case err != nil:
			a.log.Error("api query failed", "figure", figure, "err", err)
			writeJSON(w, http.StatusInternalServerError, errorBody{figure + ": query failed"})
			return
		}
		if format == "csv" && ans.writeCSV != nil {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="`+ans.csvName+`"`)
			if err := ans.writeCSV(w); err != nil {
				a.log.Error("api csv", "figure", figure, "err", err)
			}
			return
		}
		writeJSON(w, http.StatusOK, ans.body)
	}
}

// TopQueryFromValues reads the slice filters of SliceFromValues and limit
// (1..1000, default 20). The CLI's `top` and the API share it so both
// accept exactly the same values.
func TopQueryFromValues(v url.Values) (skillpulse.TopQuery, error) {
	var q skillpulse.TopQuery
	var err error
	if q.Slice, err = SliceFromValues(v); err != nil {
		return q, err
	}
	q.Limit, err = limitParam(v, defaultTopLimit)
	return q, err
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

// postingFilters are the parameters of figures over postings, where kind
// and category (skill filters) have no meaning.
var postingFilters = []string{"from", "to", "role_family", "state", "employer"}

func (a *api) top(r *http.Request, v url.Values) (answer, error) {
	q, err := TopQueryFromValues(v)
	if err != nil {
		return answer{}, badRequest{err}
	}
	rows, err := a.q.TopSkills(r.Context(), q)
	if err != nil {
		return answer{}, err
	}
	if rows == nil {
		rows = []skillpulse.SkillCount{}
	}
	return answer{body: map[string]any{"skills": rows}, csvName: "top-skills.csv",
		writeCSV: func(w io.Writer) error { return WriteSkillCountsCSV(w, rows) }}, nil
}

func (a *api) postingCount(r *http.Request, v url.Values) (answer, error) {
	s, err := SliceFromValues(v)
	if err != nil {
		return answer{}, badRequest{err}
	}
	n, err := a.q.PostingCount(r.Context(), s)
	if err != nil {
		return answer{}, err
	}
	return answer{body: map[string]uint64{"postings": n}, csvName: "postings-count.csv",
		writeCSV: func(w io.Writer) error {
			return writeCSV(w, []string{"postings"}, [][]string{{u(n)}})
		}}, nil
}

func (a *api) trend(r *http.Request, v url.Values) (answer, error) {
	id, err := skillIDParam(r.PathValue("id"))
	if err != nil {
		return answer{}, badRequest{err}
	}
	s, g, err := sliceAndGrain(v)
	if err != nil {
		return answer{}, badRequest{err}
	}
	pts, err := a.an.SkillTrend(r.Context(), id, g, s)
	if err != nil {
		return answer{}, err
	}
	if pts == nil {
		pts = []skillpulse.TrendPoint{}
	}
	return answer{body: map[string]any{"skill_id": id, "grain": g, "points": pts}, csvName: id + "-trend.csv",
		writeCSV: func(w io.Writer) error {
			rows := make([][]string, len(pts))
			for i, p := range pts {
				rows[i] = []string{day(p.Period), u(p.Postings), u(p.Total), f4(p.Share)}
			}
			return writeCSV(w, []string{"period", "postings", "total", "share"}, rows)
		}}, nil
}

func (a *api) rising(r *http.Request, v url.Values) (answer, error) {
	s, err := SliceFromValues(v)
	if err != nil {
		return answer{}, badRequest{err}
	}
	if err := periodRequired(s); err != nil {
		return answer{}, badRequest{err}
	}
	q := skillpulse.RisingQuery{Slice: s, MinPostings: defaultMinPostings}
	if q.Limit, err = limitParam(v, defaultRisingLimit); err != nil {
		return answer{}, badRequest{err}
	}
	if m := v.Get("min_postings"); m != "" {
		n, err := strconv.ParseUint(m, 10, 32)
		if err != nil {
			return answer{}, badRequest{fmt.Errorf("min_postings %q: want a whole number", m)}
		}
		q.MinPostings = n
	}
	switch d := v.Get("direction"); d {
	case "", "rising":
	case "falling":
		q.Falling = true
	default:
		return answer{}, badRequest{fmt.Errorf("direction %q: want rising or falling", d)}
	}
	movers, err := a.an.Rising(r.Context(), q)
	if err != nil {
		return answer{}, err
	}
	if movers == nil {
		movers = []skillpulse.Mover{}
	}
	prevFrom, prevTo := report.PreviousPeriod(s.From, s.To)
	return answer{body: map[string]any{
		"from": day(s.From), "to": day(s.To), "previous_from": day(prevFrom), "previous_to": day(prevTo), "skills": movers,
	}, csvName: "rising-skills.csv", writeCSV: func(w io.Writer) error {
		rows := make([][]string, len(movers))
		for i, m := range movers {
			rows[i] = []string{strconv.Itoa(i + 1), m.SkillID, m.Skill, string(m.Kind), m.Category, u(m.Postings), f4(m.Share),
				u(m.PreviousPostings), f4(m.PreviousShare), f4(m.Change), strconv.FormatBool(m.Significant)}
		}
		return writeCSV(w, []string{"rank", "skill_id", "skill", "kind", "category", "postings", "share",
			"previous_postings", "previous_share", "change", "significant"}, rows)
	}}, nil
}

func (a *api) cooccurring(r *http.Request, v url.Values) (answer, error) {
	id, err := skillIDParam(r.PathValue("id"))
	if err != nil {
		return answer{}, badRequest{err}
	}
	s, err := SliceFromValues(v)
	if err != nil {
		return answer{}, badRequest{err}
	}
	limit, err := limitParam(v, defaultCoLimit)
	if err != nil {
		return answer{}, badRequest{err}
	}
	rows, err := a.an.Cooccurring(r.Context(), id, s, limit)
	if err != nil {
		return answer{}, err
	}
	if rows == nil {
		rows = []skillpulse.Cooccurrence{}
	}
	return answer{body: map[string]any{"skill_id": id, "skills": rows}, csvName: id + "-cooccurring.csv",
		writeCSV: func(w io.Writer) error {
			out := make([][]string, len(rows))
			for i, c := range rows {
				out[i] = []string{strconv.Itoa(i + 1), c.SkillID, c.Skill, string(c.Kind), c.Category, u(c.Postings), f4(c.Share),
					u(c.Together), f4(c.Confidence), f4(c.Lift)}
			}
			return writeCSV(w, []string{"rank", "skill_id", "skill", "kind", "category", "postings", "share",
				"together", "confidence", "lift"}, out)
		}}, nil
}

func (a *api) softHard(r *http.Request, v url.Values) (answer, error) {
	s, g, err := sliceAndGrain(v)
	if err != nil {
		return answer{}, badRequest{err}
	}
	pts, err := a.an.SoftHardShare(r.Context(), g, s)
	if err != nil {
		return answer{}, err
	}
	if pts == nil {
		pts = []skillpulse.KindShare{}
	}
	return answer{body: map[string]any{"grain": g, "points": pts}, csvName: "soft-hard-share.csv",
		writeCSV: func(w io.Writer) error {
			rows := make([][]string, len(pts))
			for i, p := range pts {
				rows[i] = []string{day(p.Period), u(p.Total), u(p.SoftPostings), u(p.HardPostings), f4(p.SoftShare),
					f4(p.HardShare), f4(p.SoftMentionShare)}
			}
			return writeCSV(w, []string{"period", "total", "soft_postings", "hard_postings", "soft_share", "hard_share",
				"soft_mention_share"}, rows)
		}}, nil
}

func (a *api) durable(r *http.Request, v url.Values) (answer, error) {
	s, err := SliceFromValues(v)
	if err != nil {
		return answer{}, badRequest{err}
	}
	d, err := a.an.DurableFigures(r.Context(), s)
	if err != nil {
		return answer{}, err
	}
	if d.Top10 == nil {
		d.Top10 = []skillpulse.SkillCount{}
	}
	return answer{body: d, csvName: "durable-skills.csv", writeCSV: func(w io.Writer) error {
		rows := [][]string{
			{"postings", u(d.Postings)},
			{"soft_in_top10", strconv.Itoa(d.SoftInTop10)},
			{"any_soft_share", f4(d.AnySoftShare)},
			{"top5_soft_vs_hard", f4(d.Top5SoftVsHard)},
		}
		for i, c := range d.Top10 {
			rows = append(rows, []string{fmt.Sprintf("top10_%02d", i+1), c.SkillID + " (" + string(c.Kind) + ", " + u(c.Postings) + ")"})
		}
		return writeCSV(w, []string{"figure", "value"}, rows)
	}}, nil
}

// sliceAndGrain reads the posting filters and grain=, refusing day grain
// over more than five years.
func sliceAndGrain(v url.Values) (skillpulse.Slice, skillpulse.Grain, error) {
	s, err := SliceFromValues(v)
	if err != nil {
		return s, "", err
	}
	g, err := grainParam(v, defaultGrain)
	if err != nil {
		return s, "", err
	}
	if g == skillpulse.Day && !s.From.IsZero() && !s.To.IsZero() && s.To.Sub(s.From) > maxPeriod {
		return s, "", errors.New("grain day over more than five years: use week or month")
	}
	return s, g, nil
}

func u(n uint64) string   { return strconv.FormatUint(n, 10) }
func f4(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.Write(header)
	cw.WriteAll(rows)
	return cw.Error()
}

// WriteSkillCountsCSV writes rows with a header line; shared by the API's
// format=csv, `skillpulse top --format csv` and the CSV report.
func WriteSkillCountsCSV(w io.Writer, rows []skillpulse.SkillCount) error {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = []string{strconv.Itoa(i + 1), r.SkillID, r.Skill, string(r.Kind), r.Category, u(r.Postings), f4(r.Share)}
	}
	return writeCSV(w, []string{"rank", "skill_id", "skill", "kind", "category", "postings", "share"}, out)
}
