package catalog

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"outpost/domain/asset"
	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
)

// FieldType is what a form field asks for.
type FieldType string

const (
	TextField        FieldType = "text"
	LongTextField    FieldType = "longtext"
	ChoiceField      FieldType = "choice"
	MultiChoiceField FieldType = "multichoice"
	DateField        FieldType = "date"
	PersonField      FieldType = "person"
	AssetField       FieldType = "asset"
	CheckboxField    FieldType = "checkbox"
)

// FieldTypes lists every field type, in the order the form builder offers them.
var FieldTypes = []FieldType{TextField, LongTextField, ChoiceField, MultiChoiceField, DateField, PersonField, AssetField, CheckboxField}

// Valid reports whether t is a known field type.
func (t FieldType) Valid() bool { return slices.Contains(FieldTypes, t) }

// Condition shows a field only when an earlier field's answer is Equals (for a multi-choice:
// includes it; for a checkbox: "true" or "false").
type Condition struct {
	Field  string `json:"field"`
	Equals string `json:"equals"`
}

// FormField is one question of an item's form.
type FormField struct {
	Key      string     `json:"key"`
	Label    string     `json:"label"`
	Type     FieldType  `json:"type"`
	Required bool       `json:"required"`
	Help     string     `json:"help"`
	Choices  []string   `json:"choices"`
	ShowWhen *Condition `json:"showWhen"`
}

// Form is an item's questions, in the order they are asked.
type Form struct {
	Fields []FormField `json:"fields"`
}

// Form limits, in characters (answers) and counts.
const (
	maxFields     = 50
	maxChoices    = 50
	maxLabel      = 200
	maxHelp       = 1000
	maxChoice     = 200
	maxTextAnswer = 1000
	maxLongAnswer = 10_000
	// MaxAnswersBytes is the largest encoded answers a request holds (its declared limit).
	MaxAnswersBytes = 64 << 10
)

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// CheckForm validates a form as the builder saves it: unique keys, labels, known types,
// choices for the choice fields, and conditions on an earlier field (so a form has no cycles)
// with a value that field can take.
func CheckForm(f Form) error {
	v := &fault.Validation{}
	if len(f.Fields) > maxFields {
		v.Add("form", "a form has at most %d fields", maxFields)
		return v.Err()
	}
	seen := map[string]*FormField{}
	for i := range f.Fields {
		fd := &f.Fields[i]
		at := fmt.Sprintf("form.%d", i)
		if !keyPattern.MatchString(fd.Key) {
			v.Add(at+".key", "a field's key is lowercase letters, digits and _ (at most 40), starting with a letter")
		} else if seen[fd.Key] != nil {
			v.Add(at+".key", "the key %s is used twice", fd.Key)
		}
		if strings.TrimSpace(fd.Label) == "" {
			v.Add(at+".label", "a field needs a label")
		}
		v.Limit(at+".label", "a label", fd.Label, maxLabel)
		v.Limit(at+".help", "help text", fd.Help, maxHelp)
		if !fd.Type.Valid() {
			v.Add(at+".type", "unknown field type %q", fd.Type)
		}
		if fd.Type == ChoiceField || fd.Type == MultiChoiceField {
			if len(fd.Choices) == 0 {
				v.Add(at+".choices", "a choice field needs choices")
			}
			if len(fd.Choices) > maxChoices {
				v.Add(at+".choices", "at most %d choices", maxChoices)
			}
			for _, c := range fd.Choices {
				if strings.TrimSpace(c) == "" || utf8.RuneCountInString(c) > maxChoice {
					v.Add(at+".choices", "a choice is 1 to %d characters", maxChoice)
					break
				}
			}
			if dup(fd.Choices) {
				v.Add(at+".choices", "a choice is listed twice")
			}
		} else if len(fd.Choices) > 0 {
			v.Add(at+".choices", "only choice fields have choices")
		}
		if c := fd.ShowWhen; c != nil {
			on := seen[c.Field]
			switch {
			case on == nil:
				v.Add(at+".showWhen", "a condition names an earlier field")
			case (on.Type == ChoiceField || on.Type == MultiChoiceField) && !slices.Contains(on.Choices, c.Equals):
				v.Add(at+".showWhen", "%q is not a choice of %s", c.Equals, on.Label)
			case on.Type == CheckboxField && c.Equals != "true" && c.Equals != "false":
				v.Add(at+".showWhen", "a checkbox is true or false")
			case strings.TrimSpace(c.Equals) == "":
				v.Add(at+".showWhen", "a condition needs a value")
			}
		}
		if keyPattern.MatchString(fd.Key) && seen[fd.Key] == nil {
			seen[fd.Key] = fd
		}
	}
	return v.Err()
}

func dup(xs []string) bool {
	seen := map[string]bool{}
	for _, x := range xs {
		if seen[x] {
			return true
		}
		seen[x] = true
	}
	return false
}

// Answers are a request's answers by field key, as JSON: a string (text, long text, choice,
// date as YYYY-MM-DD, a person's or asset's id), a list of strings (multi-choice) or a
// boolean (checkbox).
type Answers = map[string]json.RawMessage

// Lookup reads another record (a kind.Reader's Get): the desk answers from its tables, the
// server from its records, so a person or asset answer is judged alike on both.
type Lookup func(entity, id string) (kind.Doc, error)

// Shown reports which fields of f are shown for answers: a field without a condition is;
// one with a condition is when the field it names is shown and its answer matches.
func Shown(f Form, answers Answers) map[string]bool {
	shown := map[string]bool{}
	for _, fd := range f.Fields {
		c := fd.ShowWhen
		if c == nil {
			shown[fd.Key] = true
			continue
		}
		shown[fd.Key] = shown[c.Field] && matches(answers[c.Field], c.Equals)
	}
	return shown
}

// matches reports whether an answer satisfies a condition's value.
func matches(answer json.RawMessage, want string) bool {
	if len(answer) == 0 {
		return false
	}
	var s string
	if json.Unmarshal(answer, &s) == nil {
		return s == want
	}
	var list []string
	if json.Unmarshal(answer, &list) == nil {
		return slices.Contains(list, want)
	}
	var b bool
	if json.Unmarshal(answer, &b) == nil {
		return fmt.Sprint(b) == want
	}
	return false
}

// empty reports whether an answer says nothing (absent, null, "", [] or false).
func empty(a json.RawMessage) bool {
	s := strings.TrimSpace(string(a))
	return s == "" || s == "null" || s == `""` || s == "[]" || s == "false"
}

// ValidateAnswers judges answers against form f: every answer names a shown field; a shown
// required field is answered; each answer has its field's type (choices among the choices,
// a real date, a person or asset that exists). A hidden field's answer is refused: its
// question was never asked. It is a pure function of its arguments (get reads persons and
// assets), called by the desk before it writes a request and by the server's re-check.
func ValidateAnswers(f Form, answers Answers, get Lookup) error {
	v := &fault.Validation{}
	known := map[string]bool{}
	for _, fd := range f.Fields {
		known[fd.Key] = true
	}
	for k := range answers {
		if !known[k] {
			v.Add("answers."+k, "the form has no field %s", k)
		}
	}
	shown := Shown(f, answers)
	for _, fd := range f.Fields {
		at := "answers." + fd.Key
		a, given := answers[fd.Key]
		if !shown[fd.Key] {
			if given && !empty(a) {
				v.Add(at, "%s is not asked for these answers", fd.Label)
			}
			continue
		}
		if !given || empty(a) {
			if fd.Required {
				v.Add(at, "%s is required", fd.Label)
			}
			continue
		}
		if msg, err := checkAnswer(fd, a, get); err != nil {
			return err
		} else if msg != "" {
			v.Add(at, "%s", msg)
		}
	}
	return v.Err()
}

// checkAnswer judges one non-empty answer of field fd; it returns what is wrong ("": nothing).
func checkAnswer(fd FormField, a json.RawMessage, get Lookup) (string, error) {
	switch fd.Type {
	case CheckboxField:
		var b bool
		if json.Unmarshal(a, &b) != nil {
			return fd.Label + " is yes or no", nil
		}
		return "", nil
	case MultiChoiceField:
		var list []string
		if json.Unmarshal(a, &list) != nil {
			return fd.Label + " is a list of choices", nil
		}
		if dup(list) {
			return fd.Label + " lists a choice twice", nil
		}
		for _, c := range list {
			if !slices.Contains(fd.Choices, c) {
				return fmt.Sprintf("%q is not a choice of %s", c, fd.Label), nil
			}
		}
		return "", nil
	}
	var s string
	if json.Unmarshal(a, &s) != nil {
		return fd.Label + " is text", nil
	}
	switch fd.Type {
	case TextField:
		if utf8.RuneCountInString(s) > maxTextAnswer {
			return fmt.Sprintf("%s is at most %d characters", fd.Label, maxTextAnswer), nil
		}
	case LongTextField:
		if utf8.RuneCountInString(s) > maxLongAnswer {
			return fmt.Sprintf("%s is at most %d characters", fd.Label, maxLongAnswer), nil
		}
	case ChoiceField:
		if !slices.Contains(fd.Choices, s) {
			return fmt.Sprintf("%q is not a choice of %s", s, fd.Label), nil
		}
	case DateField:
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return fd.Label + " is a date (YYYY-MM-DD)", nil
		}
	case PersonField:
		doc, err := get(people.EntityPerson, s)
		if err != nil {
			return "", err
		}
		if doc == nil || string(doc["active"]) == "false" {
			return fd.Label + " names no active person", nil
		}
	case AssetField:
		doc, err := get(asset.EntityAsset, s)
		if err != nil {
			return "", err
		}
		if doc == nil {
			return fd.Label + " names no asset or CI", nil
		}
	}
	return "", nil
}
