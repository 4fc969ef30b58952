package catalog_test

import (
	"encoding/json"
	"strings"
	"testing"

	"outpost/domain/catalog"
	"outpost/domain/fault"
	"outpost/domain/kind"
)

// laptop is a form with every field type and a condition: "reason" is asked only when the
// model is "Workstation".
var laptop = catalog.Form{Fields: []catalog.FormField{
	{Key: "model", Label: "Model", Type: catalog.ChoiceField, Required: true, Choices: []string{"Standard", "Workstation"}},
	{Key: "reason", Label: "Why a workstation", Type: catalog.LongTextField, Required: true,
		ShowWhen: &catalog.Condition{Field: "model", Equals: "Workstation"}},
	{Key: "name", Label: "Name on the laptop", Type: catalog.TextField},
	{Key: "extras", Label: "Extras", Type: catalog.MultiChoiceField, Choices: []string{"Dock", "Mouse"}},
	{Key: "dock", Label: "Dock model", Type: catalog.TextField, Required: true,
		ShowWhen: &catalog.Condition{Field: "extras", Equals: "Dock"}},
	{Key: "needed", Label: "Needed by", Type: catalog.DateField},
	{Key: "manager", Label: "Manager", Type: catalog.PersonField},
	{Key: "old", Label: "Old laptop", Type: catalog.AssetField},
	{Key: "agree", Label: "I agree", Type: catalog.CheckboxField, Required: true},
	{Key: "wipe", Label: "Wipe the old one", Type: catalog.CheckboxField},
	{Key: "wipeby", Label: "Wipe by", Type: catalog.DateField, Required: true,
		ShowWhen: &catalog.Condition{Field: "wipe", Equals: "true"}},
}}

// lookup knows one active person, one inactive person and one asset.
func lookup(entity, id string) (kind.Doc, error) {
	switch entity + "/" + id {
	case "person/p1":
		return kind.Doc{"id": json.RawMessage(`"p1"`), "active": json.RawMessage(`true`)}, nil
	case "person/p0":
		return kind.Doc{"id": json.RawMessage(`"p0"`), "active": json.RawMessage(`false`)}, nil
	case "asset/a1":
		return kind.Doc{"id": json.RawMessage(`"a1"`)}, nil
	}
	return nil, nil
}

func answers(pairs ...string) catalog.Answers {
	out := catalog.Answers{}
	for i := 0; i+1 < len(pairs); i += 2 {
		out[pairs[i]] = json.RawMessage(pairs[i+1])
	}
	return out
}

func TestValidateAnswers(t *testing.T) {
	base := []string{"model", `"Standard"`, "agree", `true`}
	with := func(more ...string) catalog.Answers { return answers(append(append([]string{}, base...), more...)...) }
	for _, c := range []struct {
		name    string
		answers catalog.Answers
		field   string // the field refused ("": accepted)
	}{
		{"the required answers", with(), ""},
		{"every field filled", with("name", `"Ann's"`, "extras", `["Mouse"]`, "needed", `"2026-04-01"`,
			"manager", `"p1"`, "old", `"a1"`, "wipe", `false`), ""},
		{"a required choice missing", answers("agree", `true`), "answers.model"},
		{"a required checkbox unchecked", answers("model", `"Standard"`, "agree", `false`), "answers.agree"},
		{"a choice not offered", with("model", `"Gaming"`), "answers.model"},
		{"a choice given as a number", with("model", `3`), "answers.model"},
		{"a multi-choice not offered", with("extras", `["Printer"]`), "answers.extras"},
		{"a multi-choice given twice", with("extras", `["Mouse","Mouse"]`), "answers.extras"},
		{"a multi-choice given as text", with("extras", `"Mouse"`), "answers.extras"},
		{"a date that is not one", with("needed", `"2026-02-30"`), "answers.needed"},
		{"a date in another format", with("needed", `"01/04/2026"`), "answers.needed"},
		{"a person who does not exist", with("manager", `"nobody"`), "answers.manager"},
		{"a person no longer active", with("manager", `"p0"`), "answers.manager"},
		{"an asset that does not exist", with("old", `"a9"`), "answers.old"},
		{"a checkbox given as text", with("wipe", `"yes"`), "answers.wipe"},
		{"text too long", with("name", `"`+strings.Repeat("x", 1001)+`"`), "answers.name"},
		{"a field the form lacks", with("colour", `"red"`), "answers.colour"},
		// Conditions: a shown field's required answer is required; a hidden one's is neither
		// required nor taken.
		{"the condition met, its field required", with("model", `"Workstation"`), "answers.reason"},
		{"the condition met and answered", with("model", `"Workstation"`, "reason", `"CAD"`), ""},
		{"the condition unmet, its field not required", with(), ""},
		{"the condition unmet, its answer refused", with("reason", `"CAD"`), "answers.reason"},
		{"a multi-choice condition met", with("extras", `["Dock","Mouse"]`), "answers.dock"},
		{"a multi-choice condition met and answered", with("extras", `["Dock"]`, "dock", `"USB-C"`), ""},
		{"a checkbox condition met", with("wipe", `true`), "answers.wipeby"},
		{"a checkbox condition unmet, its answer refused", with("wipe", `false`, "wipeby", `"2026-05-01"`), "answers.wipeby"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := catalog.ValidateAnswers(laptop, c.answers, lookup)
			if c.field == "" {
				if err != nil {
					t.Fatalf("got %v, want accepted", err)
				}
				return
			}
			v, ok := err.(*fault.Validation)
			if !ok {
				t.Fatalf("got %v, want a validation error on %s", err, c.field)
			}
			if _, ok := v.Fields[c.field]; !ok || len(v.Fields) != 1 {
				t.Fatalf("got %v, want only %s refused", v.Fields, c.field)
			}
		})
	}
}

func TestCheckForm(t *testing.T) {
	if err := catalog.CheckForm(laptop); err != nil {
		t.Fatalf("the laptop form: got %v, want accepted", err)
	}
	for _, c := range []struct {
		name  string
		form  catalog.Form
		field string
	}{
		{"a key twice", catalog.Form{Fields: []catalog.FormField{{Key: "a", Label: "A", Type: "text"}, {Key: "a", Label: "B", Type: "text"}}}, "form.1.key"},
		{"a bad key", catalog.Form{Fields: []catalog.FormField{{Key: "A b", Label: "A", Type: "text"}}}, "form.0.key"},
		{"no label", catalog.Form{Fields: []catalog.FormField{{Key: "a", Type: "text"}}}, "form.0.label"},
		{"an unknown type", catalog.Form{Fields: []catalog.FormField{{Key: "a", Label: "A", Type: "colour"}}}, "form.0.type"},
		{"a choice without choices", catalog.Form{Fields: []catalog.FormField{{Key: "a", Label: "A", Type: "choice"}}}, "form.0.choices"},
		{"a condition on a later field", catalog.Form{Fields: []catalog.FormField{
			{Key: "a", Label: "A", Type: "text", ShowWhen: &catalog.Condition{Field: "b", Equals: "x"}},
			{Key: "b", Label: "B", Type: "text"}}}, "form.0.showWhen"},
		{"a condition on a choice it lacks", catalog.Form{Fields: []catalog.FormField{
			{Key: "a", Label: "A", Type: "choice", Choices: []string{"x"}},
			{Key: "b", Label: "B", Type: "text", ShowWhen: &catalog.Condition{Field: "a", Equals: "y"}}}}, "form.1.showWhen"},
		{"a checkbox condition on maybe", catalog.Form{Fields: []catalog.FormField{
			{Key: "a", Label: "A", Type: "checkbox"},
			{Key: "b", Label: "B", Type: "text", ShowWhen: &catalog.Condition{Field: "a", Equals: "maybe"}}}}, "form.1.showWhen"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, ok := catalog.CheckForm(c.form).(*fault.Validation)
			if !ok {
				t.Fatalf("got accepted, want %s refused", c.field)
			}
			if _, ok := v.Fields[c.field]; !ok {
				t.Fatalf("got %v, want %s refused", v.Fields, c.field)
			}
		})
	}
}

func TestRollUp(t *testing.T) {
	for _, c := range []struct {
		states []catalog.TaskState
		done   bool
		code   string
	}{
		{nil, false, ""},
		{[]catalog.TaskState{catalog.Open}, false, ""},
		{[]catalog.TaskState{catalog.Complete, catalog.Working}, false, ""},
		{[]catalog.TaskState{catalog.Complete, catalog.Pending}, false, ""},
		{[]catalog.TaskState{catalog.Complete, catalog.Complete}, true, "fulfilled"},
		{[]catalog.TaskState{catalog.Complete, catalog.Skipped}, true, "fulfilled"},
		{[]catalog.TaskState{catalog.Complete, catalog.Incomplete}, true, "incomplete"},
		{[]catalog.TaskState{catalog.Incomplete, catalog.Skipped}, true, "incomplete"},
	} {
		done, code := catalog.RollUp(c.states)
		if done != c.done || code != c.code {
			t.Errorf("RollUp(%v): got %v %q, want %v %q", c.states, done, code, c.done, c.code)
		}
	}
}
