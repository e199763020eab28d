package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ValidatePeriod checks a scheduled report's period: day, week, month,
// quarter, or a number of days such as 30d.
func ValidatePeriod(period string) error {
	_, _, err := LastPeriod(period, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC))
	return err
}

// LastPeriod is the last complete period before now (UTC): day is
// yesterday, week the last ISO week (Monday to Sunday), month and quarter
// the last calendar ones, and Nd the N days ending yesterday. A report run
// on Monday morning for "week" covers the week that just ended.
func LastPeriod(period string, now time.Time) (from, to time.Time, err error) {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch period {
	case "day":
		y := today.AddDate(0, 0, -1)
		return y, y, nil
	case "week":
		wd := (int(today.Weekday()) + 6) % 7 // Monday = 0
		monday := today.AddDate(0, 0, -wd)
		return monday.AddDate(0, 0, -7), monday.AddDate(0, 0, -1), nil
	case "month":
		first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
		return first.AddDate(0, -1, 0), first.AddDate(0, 0, -1), nil
	case "quarter":
		q := (int(today.Month()) - 1) / 3
		first := time.Date(today.Year(), time.Month(3*q+1), 1, 0, 0, 0, 0, time.UTC)
		return first.AddDate(0, -3, 0), first.AddDate(0, 0, -1), nil
	}
	if n, ok := strings.CutSuffix(period, "d"); ok {
		days, err := strconv.Atoi(n)
		if err == nil && days >= 1 && days <= 3660 {
			return today.AddDate(0, 0, -days), today.AddDate(0, 0, -1), nil
		}
	}
	return time.Time{}, time.Time{}, fmt.Errorf("period %q: want day, week, month, quarter or a number of days such as 30d", period)
}
