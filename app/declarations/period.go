package declarations

import (
	"math"
	"time"
)

// Day truncates t to UTC midnight of its calendar day (in UTC). Truncate counts from the zero time,
// which is a UTC midnight, so whole days land on UTC midnights (and it is much cheaper than Date).
func Day(t time.Time) time.Time {
	return t.UTC().Truncate(24 * time.Hour)
}

// days counts calendar days from a to b inclusive (0 when b is before a).
func days(a, b time.Time) int64 {
	a, b = Day(a), Day(b)
	if b.Before(a) {
		return 0
	}
	return int64(b.Sub(a).Hours()/24+0.5) + 1
}

// inPeriod reports whether day d lies in [start, end], inclusive.
func inPeriod(d, start, end time.Time) bool {
	d = Day(d)
	return !d.Before(Day(start)) && !d.After(Day(end))
}

// Elapsed is the share of the period [start, end] elapsed at the end of day asOf, from 0 (asOf
// before the period) to 1 (asOf on or after its last day).
func Elapsed(start, end, asOf time.Time) float64 {
	total := days(start, end)
	if total == 0 {
		return 0
	}
	done := days(start, asOf)
	if done > total {
		done = total
	}
	return float64(done) / float64(total)
}

// ProRata is the value expected at asOf if target were reached evenly over the period.
func ProRata(target int64, start, end, asOf time.Time) int64 {
	return int64(math.Round(float64(target) * Elapsed(start, end, asOf)))
}

// Overlaps reports whether two inclusive periods share at least one day.
func Overlaps(aStart, aEnd, bStart, bEnd time.Time) bool {
	return !Day(aStart).After(Day(bEnd)) && !Day(bStart).After(Day(aEnd))
}
