package ticket

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Filter narrows a queue on one column: to tickets whose value is one of Values, or, for a
// date column, whose time falls within From and To (days, both inclusive, either open).
type Filter struct {
	Field  string   `json:"field"`
	Values []string `json:"values"`
	// From and To are days as YYYY-MM-DD, or -Nd for N days before today, so a saved view
	// of "the last 7 days" moves with the calendar. Days are those of the desk's time zone.
	From string `json:"from"`
	To   string `json:"to"`
}

// Tokens a filter value may hold instead of an id, resolved for whoever opens the queue: a
// view shared with a group shows each member their own tickets.
const (
	Me       = "@me"   // assignee or requester: the person looking
	Nobody   = "@none" // assignee: unassigned
	MyGroups = "@mine" // group: any group the person belongs to
)

// FilterFields lists the columns a queue filters on, for the UI and for errors.
var FilterFields = []string{"type", "state", "priority", "category", "subcategory", "service", "source",
	"tag", "requester", "assignee", "group", "major", "created", "updated", "resolved"}

// filterColumns are the filters that match a column against a list of values. A leading +
// keeps SQLite from driving the query by an index on a column of few values (type, state,
// source): at 1M tickets "type = incident" read half a million index entries and sorted what
// matched, where the index of the sort or of a date range finds a page in a few hundred rows.
var filterColumns = map[string]string{
	"type": "+t.type", "state": "+t.state", "category": "t.category", "subcategory": "t.subcategory",
	"service": serviceName, "source": "+t.source", "requester": "t.requester_id",
}

// serviceName is a ticket's service as the queue filters and the SLA matches it: the linked
// service's name, or the unlinked text.
const serviceName = "COALESCE((SELECT s.name FROM services s WHERE s.id = t.service_id), t.service)"

// ServiceName is serviceName for other packages' SQL over tickets t.
const ServiceName = serviceName

// dateColumns are the filters that take a range of days.
var dateColumns = map[string]string{"created": "t.created_at", "updated": "t.updated_at", "resolved": "t.resolved_at"}

// maxFilterValues bounds one filter's list (the SQL's parameters).
const maxFilterValues = 100

var relativeDay = regexp.MustCompile(`^-(\d{1,4})d$`)

// where adds the SQL of f for actor, days counted in now's time zone, through add.
func (f Filter) where(add func(string, ...any), actor people.Actor, now time.Time) error {
	key := "filter." + f.Field
	if col, ok := dateColumns[f.Field]; ok {
		if len(f.Values) > 0 {
			return fault.Field(key, "a date filter takes from and to, not values")
		}
		if f.From == "" && f.To == "" {
			return fault.Field(key, "give a first day, a last day or both")
		}
		from, err := day(f.From, now)
		if err != nil {
			return fault.Field(key, "from: %v", err)
		}
		to, err := day(f.To, now)
		if err != nil {
			return fault.Field(key, "to: %v", err)
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			return fault.Field(key, "the last day (%s) is before the first (%s)", f.To, f.From)
		}
		if !from.IsZero() {
			add(col+" >= ?", from.UnixMilli())
		}
		if !to.IsZero() {
			add(col+" < ?", to.AddDate(0, 0, 1).UnixMilli())
		}
		return nil
	}
	if f.From != "" || f.To != "" {
		if !contains(FilterFields, f.Field) {
			return fault.Field(key, "unknown filter %q", f.Field)
		}
		return fault.Field(key, "%s takes values, not dates", f.Field)
	}
	if len(f.Values) == 0 {
		if !contains(FilterFields, f.Field) {
			return fault.Field(key, "unknown filter %q", f.Field)
		}
		return fault.Field(key, "choose at least one value")
	}
	if len(f.Values) > maxFilterValues {
		return fault.Field(key, "at most %d values", maxFilterValues)
	}
	switch f.Field {
	case "type":
		for _, v := range f.Values {
			if !Type(v).Valid() {
				return fault.Field(key, "unknown type %q", v)
			}
		}
	case "state":
		for _, v := range f.Values {
			if !State(v).Valid() {
				return fault.Field(key, "unknown state %q", v)
			}
		}
	case "priority":
		ps := make([]int, 0, len(f.Values))
		for _, v := range f.Values {
			p, err := strconv.Atoi(v)
			if err != nil || p < 1 || p > 5 {
				return fault.Field(key, "priority %q is not 1 to 5", v)
			}
			ps = append(ps, p)
		}
		add("+t.priority IN ?", ps) // five values: see filterColumns
		return nil
	case "major":
		if len(f.Values) != 1 || (f.Values[0] != "true" && f.Values[0] != "false") {
			return fault.Field(key, "major is true or false")
		}
		add("+t.major = ?", f.Values[0] == "true")
		return nil
	case "tag":
		tags := make([]string, 0, len(f.Values))
		for _, v := range f.Values {
			if t := NormalizeTags([]string{v}); t != "" {
				tags = append(tags, t)
			}
		}
		if len(tags) == 0 {
			return fault.Field(key, "choose at least one tag")
		}
		// A probe per candidate ticket: the queue's sort index drives, and a LIMIT stops early.
		add("EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag IN ?)", tags)
		return nil
	case "assignee":
		return personFilter(add, "t.assignee_id", key, f.Values, actor, true)
	case "requester":
		return personFilter(add, "t.requester_id", key, f.Values, actor, false)
	case "group":
		var ids []string
		mine := false
		for _, v := range f.Values {
			switch {
			case v == MyGroups:
				mine = true
			case strings.HasPrefix(v, "@"):
				return fault.Field(key, "unknown group %q", v)
			default:
				ids = append(ids, v)
			}
		}
		if mine {
			ids = append(ids, actor.Groups...)
		}
		if len(ids) == 0 {
			add("0") // "my groups" of someone in none
			return nil
		}
		if len(ids) > 1 {
			// Several groups would be read range by range and sorted: let the sort's index
			// drive instead. One group keeps its index (group, active, priority, created).
			add("+t.group_id IN ?", ids)
			return nil
		}
		add("t.group_id IN ?", ids)
		return nil
	}
	col, ok := filterColumns[f.Field]
	if !ok {
		return fault.Field(key, "unknown filter %q", f.Field)
	}
	add(col+" IN ?", f.Values)
	return nil
}

// personFilter adds a filter on a person column, resolving Me (and, where allowed, Nobody).
func personFilter(add func(string, ...any), col, key string, values []string, actor people.Actor, nobody bool) error {
	var ids []string
	none := false
	for _, v := range values {
		switch {
		case v == Me:
			ids = append(ids, actor.ID)
		case v == Nobody && nobody:
			none = true
		case strings.HasPrefix(v, "@"):
			return fault.Field(key, "unknown person %q", v)
		default:
			ids = append(ids, v)
		}
	}
	switch {
	case none && len(ids) > 0:
		add("("+col+" IS NULL OR "+col+" IN ?)", ids)
	case none:
		add(col + " IS NULL")
	default:
		add(col+" IN ?", ids)
	}
	return nil
}

// day parses a filter's day: "" (open), YYYY-MM-DD or -Nd, as midnight in now's time zone.
func day(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if m := relativeDay.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		y, mo, d := now.Date()
		return time.Date(y, mo, d-n, 0, 0, 0, 0, now.Location()), nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, now.Location())
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a day (YYYY-MM-DD, or -7d for 7 days ago)", s)
	}
	return t, nil
}

// CountUpTo counts a queue's tickets, stopping at max: a sidebar's count costs at most max
// matches, whatever the profile's size.
func (s *Service) CountUpTo(ctx context.Context, actor people.Actor, q Query, max int) (int64, error) {
	f, err := s.lookup(ctx, q)
	if err != nil {
		return 0, err
	}
	where, args, err := q.where(actor, s.Now(), f)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM tickets t WHERE `+where+` LIMIT ?)`, append(args, max)...).Scan(&n).Error
	return n, err
}
