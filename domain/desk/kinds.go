package desk

import (
	"encoding/json"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/ticket"
)

// EntitySettings is the record kind of the team's desk settings: one record with a fixed
// id, so every desk holds the same one and a concurrent edit of one setting on two desks is
// a conflict on that field (each setting is its own field and merges on its own).
const EntitySettings = "desk_settings"

// SettingsID is the id of the one desk-settings record.
const SettingsID = "00000000-0000-7000-8000-000000000d01"

// The priority matrix is one field, not nine: a matrix is chosen as a whole (a cell-wise
// merge of two desks' matrices gives one nobody chose), so it is last-writer-wins with a
// conflict record.
func init() {
	replica.Register(&replica.Type{
		Entity: EntitySettings, Table: "desk_settings",
		Rules: replica.Rules{
			Create: func(r replica.Reader, act people.Actor, doc replica.Doc) error {
				return fmt.Errorf("desk settings are one record every desk has: %w", fault.ErrForbidden)
			},
			Set: setSetting,
		},
		Seeds: []replica.Doc{{"id": json.RawMessage(`"` + SettingsID + `"`), "autoCloseDays": json.RawMessage("7"),
			"matrix": matrixText(ticket.DefaultMatrix)}},
		Fields: []replica.Field{
			{Name: "id", Column: "id", Kind: replica.Fixed, Type: replica.Text},
			{Name: "autoCloseDays", Column: "auto_close_days", Kind: replica.LWW, Type: replica.Int, Min: 0, MaxInt: 365},
			{Name: "matrix", Column: "priority_matrix", Kind: replica.LWW, Type: replica.Text, Max: 200},
			{Name: "updatedAt", Column: "updated_at", Kind: replica.Local, Type: replica.Int},
		},
	})
}

func matrixText(m ticket.Matrix) json.RawMessage {
	b, _ := json.Marshal(m)
	s, _ := json.Marshal(string(b))
	return s
}

// setSetting: admins change desk settings; the matrix must be a matrix of priorities.
func setSetting(r replica.Reader, act people.Actor, before replica.Doc, name string, value json.RawMessage) error {
	if err := act.Require(people.Admin, "change desk settings"); err != nil {
		return err
	}
	if name == "matrix" {
		s, _ := replica.JSONString(value)
		if _, err := ticket.ParseMatrix(s); err != nil {
			return fault.Field("matrix", "every cell must be a priority from 1 to 5")
		}
	}
	return nil
}

// MatrixOf reads the priority matrix of a desk-settings record (the default when it is
// missing or unreadable, as a desk that never changed it has).
func MatrixOf(doc replica.Doc) ticket.Matrix {
	s, _ := replica.JSONString(doc["matrix"])
	m, err := ticket.ParseMatrix(s)
	if err != nil {
		return ticket.DefaultMatrix
	}
	return m
}
