package skillpulse

import (
	"context"
	"fmt"
	"time"
)

// Grain is the period a trend point covers.
type Grain string

// The grains trends come in. Weeks start on Monday (ISO weeks).
const (
	Day   Grain = "day"
	Week  Grain = "week"
	Month Grain = "month"
)

// ParseGrain accepts day, week or month.
func ParseGrain(s string) (Grain, error) {
	switch Grain(s) {
	case Day, Week, Month:
		return Grain(s), nil
	}
	return "", fmt.Errorf("grain %q: want day, week or month", s)
}

// TrendPoint is one period of a skill's trend.
type TrendPoint struct {
	// Period is the first day of the period (UTC).
	Period time.Time `json:"period"`
	// Postings is the distinct postings of the period requesting the skill.
	Postings uint64 `json:"postings"`
	// Total is the distinct postings of the period in the slice.
	Total uint64 `json:"total"`
	// Share is Postings over Total (0 when Total is 0).
	Share float64 `json:"share"`
}

// Mover is a skill whose share of postings changed between two periods of
// equal length.
type Mover struct {
	SkillCount
	// PreviousPostings and PreviousShare describe the period before.
	PreviousPostings uint64  `json:"previous_postings"`
	PreviousShare    float64 `json:"previous_share"`
	// Change is Share minus PreviousShare, in share points (0.05 = 5 points).
	Change float64 `json:"change"`
	// Significant says whether the change passes the implementation's
	// stated test (minimum support and a two-proportion z-test).
	Significant bool `json:"significant"`
}

// RisingQuery asks for the skills that gained (or lost) the most share.
type RisingQuery struct {
	// Slice is the current period; the previous period is the same length
	// ending the day before Slice.From. From and To are required.
	Slice
	// MinPostings is the support a skill needs: in the current period for
	// rising skills, in the previous period for falling ones (a skill that
	// vanished has no current support, and is exactly what Falling is for).
	MinPostings uint64
	// Falling asks for the largest losses instead of gains.
	Falling bool
	// Limit caps the rows; zero means the implementation's default.
	Limit int
}

// Cooccurrence is a skill asked for together with another.
type Cooccurrence struct {
	SkillCount
	// Together is the postings requesting both skills.
	Together uint64 `json:"together"`
	// Confidence is Together over the postings requesting the first skill.
	Confidence float64 `json:"confidence"`
	// Lift is Confidence over this skill's own share: above 1, the two are
	// asked for together more often than chance.
	Lift float64 `json:"lift"`
}

// KindShare is the soft versus hard balance of one period.
type KindShare struct {
	Period time.Time `json:"period"`
	// Total is the distinct postings of the period in the slice.
	Total uint64 `json:"total"`
	// SoftPostings and HardPostings ask for at least one skill of the kind.
	SoftPostings uint64  `json:"soft_postings"`
	HardPostings uint64  `json:"hard_postings"`
	SoftShare    float64 `json:"soft_share"`
	HardShare    float64 `json:"hard_share"`
	// SoftMentionShare is the soft skills' part of all skill requests
	// (posting-skill pairs) in the period.
	SoftMentionShare float64 `json:"soft_mention_share"`
}

// Durable is the durable-skills figures for a slice, the way the study of
// 82 million postings stated them.
type Durable struct {
	Postings uint64 `json:"postings"`
	// Top10 are the ten most requested skills of the slice.
	Top10 []SkillCount `json:"top10"`
	// SoftInTop10 is the number of soft skills among them.
	SoftInTop10 int `json:"soft_in_top10"`
	// AnySoftShare is the share of postings asking for at least one soft skill.
	AnySoftShare float64 `json:"any_soft_share"`
	// Top5SoftVsHard is the summed postings of the 5 most requested soft
	// skills over those of the 5 most requested hard skills.
	Top5SoftVsHard float64 `json:"top5_soft_vs_hard"`
}

// Analytics answers every analyst figure over a slice. Each method counts
// distinct deduplicated postings, reads pre-aggregated tables where it can,
// and returns an error naming the figure and the cause.
type Analytics interface {
	SkillQuerier
	// SkillTrend is one point per period of the slice (periods without
	// postings included, with zero counts).
	SkillTrend(ctx context.Context, skillID string, g Grain, s Slice) ([]TrendPoint, error)
	// Rising compares the query's period with the one before it.
	Rising(ctx context.Context, q RisingQuery) ([]Mover, error)
	// Cooccurring lists the skills most often requested with skillID, by Together.
	Cooccurring(ctx context.Context, skillID string, s Slice, limit int) ([]Cooccurrence, error)
	// SoftHardShare is one point per period of the slice.
	SoftHardShare(ctx context.Context, g Grain, s Slice) ([]KindShare, error)
	// DurableFigures computes Durable for the slice.
	DurableFigures(ctx context.Context, s Slice) (Durable, error)
}
