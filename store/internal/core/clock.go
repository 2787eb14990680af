package core

import "time"

// The store's clock and calendar: Vietnam's calendar day (UTC+7), dates written YYYY-MM-DD.

const layoutDate = "2006-01-02"

// vietnam is Vietnam's time zone (UTC+7, no daylight saving time).
var vietnam = time.FixedZone("ICT", 7*3600)

// DateOf is t's calendar day in Vietnam, as YYYY-MM-DD.
func DateOf(t time.Time) string { return t.In(vietnam).Format(layoutDate) }

// Now is the store's current time: its clock's, which tests may set (SetClock), else the real one.
func (s *DB) Now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}

// Today is the store's current day in Vietnam, YYYY-MM-DD.
func (s *DB) Today() string { return DateOf(s.Now()) }

// SetLoadValidFrom sets the day that components and relationships written by the loader
// (WriteAtomic, WriteBatch) are valid from when they have none; "" means the day of the write.
// A day after today is ErrInvalid.
func (s *DB) SetLoadValidFrom(day string) error {
	if day != "" {
		if _, err := ParseDate(day); err != nil {
			return err
		}
		if today := s.Today(); day > today {
			return Invalidf("%s is after today (%s)", day, today)
		}
	}
	s.loadValidFrom = day
	return nil
}

// LoadDay is the day the loader stamps as validFrom: SetLoadValidFrom's, else today.
func (s *DB) LoadDay() string {
	if s.loadValidFrom != "" {
		return s.loadValidFrom
	}
	return s.Today()
}

// SetClock replaces the store's clock (nil: the real one). Tests use it to live through several
// days in a second.
func (s *DB) SetClock(now func() time.Time) { s.clock = now }

// ParseDate checks that s is a calendar date written YYYY-MM-DD and returns it; the error names
// the value and the expected form.
func ParseDate(s string) (string, error) {
	t, err := time.Parse(layoutDate, s)
	if err != nil || t.Format(layoutDate) != s {
		return "", Invalidf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return s, nil
}
