package ticket

import "outpost/domain/fault"

// textLimit is the most characters (Unicode code points) one text field holds, and how a
// message names that text.
type textLimit struct {
	what string
	max  int
}

// limits are the ticket's text limits by the field name the UI and the errors use. Each is
// declared here once: the service checks it, and the forms show it (Limits).
var limits = map[string]textLimit{
	"title":           {"a title", 200},
	"description":     {"a description", 100_000},
	"category":        {"a category", 100},
	"subcategory":     {"a subcategory", 100},
	"service":         {"a service", 200},
	"ci":              {"a configuration item", 200},
	"tags":            {"a tag", 50}, // each tag
	"priorityReason":  {"the reason for a priority override", 500},
	"majorReason":     {"the reason for a major incident", 500},
	"resolutionNotes": {"resolution notes", 4000},
	"reason":          {"a reason", 1000},
	"body":            {"a comment", 100_000},
}

// checkText adds a field error when s is longer than field's limit.
func checkText(v *fault.Validation, field, s string) {
	l := limits[field]
	v.Limit(field, l.what, s, l.max)
}

// fits reports whether s is within field's limit.
func fits(field, s string) bool {
	v := &fault.Validation{}
	checkText(v, field, s)
	return v.Err() == nil
}

// Limits returns the text limits for the forms, in characters, keyed "ticket.<field>" (and
// "comment.body" for the conversation).
func Limits() map[string]int {
	out := make(map[string]int, len(limits))
	for f, l := range limits {
		key := "ticket." + f
		if f == "body" {
			key = "comment.body"
		}
		out[key] = l.max
	}
	return out
}
