package asset

import (
	"fmt"

	"github.com/google/uuid"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// RelType is how one CI relates to another: "from <type> to", as it is read aloud ("the
// payroll service depends on db-01", "the office suite is installed on LT-7", "LT-7 is used
// by Rita").
type RelType string

const (
	DependsOn   RelType = "depends_on"
	RunsOn      RelType = "runs_on"
	InstalledOn RelType = "installed_on"
	ConnectedTo RelType = "connected_to"
	// UsedBy links a CI to a person (userId), not to another CI.
	UsedBy RelType = "used_by"
)

// RelTypes lists the relationship types in the order forms offer them.
var RelTypes = []RelType{DependsOn, RunsOn, InstalledOn, ConnectedTo, UsedBy}

// Valid reports whether t is a known relationship type.
func (t RelType) Valid() bool { return contains(RelTypes, string(t)) }

// Relation is one relationship. Its id is a name-based UUID of its ends and type (RelationID),
// so the same relationship made on two desks is one record, and a second one is a duplicate;
// removing it sets active false (making it again sets it true), like a group membership.
type Relation struct {
	ID     string  `gorm:"column:id;primaryKey" json:"id"`
	FromID string  `gorm:"column:from_id" json:"fromId"`
	ToID   *string `gorm:"column:to_id" json:"toId"`
	UserID *string `gorm:"column:user_id" json:"userId"`
	Type   RelType `gorm:"column:type" json:"type"`
	Active bool    `gorm:"column:active" json:"active"`
	// CreatedBy and CreatedAt are who first made it, and when (unix ms).
	CreatedBy string `gorm:"column:created_by" json:"createdBy"`
	CreatedAt int64  `gorm:"column:created_at" json:"createdAt"`
}

// TableName is the relationships table.
func (Relation) TableName() string { return "asset_relations" }

var relationSpace = uuid.MustParse("0193a1c2-7f00-7000-8000-00000000a55e")

// RelationID is the id of the relationship from → to of type t (to is a CI's id, or a
// person's for UsedBy).
func RelationID(from, to string, t RelType) string {
	return uuid.NewSHA1(relationSpace, []byte(from+"/"+string(t)+"/"+to)).String()
}

// Target is the relationship's other end: the CI, or the person for UsedBy.
func (r *Relation) Target() string {
	if r.Type == UsedBy {
		if r.UserID == nil {
			return ""
		}
		return *r.UserID
	}
	if r.ToID == nil {
		return ""
	}
	return *r.ToID
}

// CheckRelation judges a new relationship by actor: agents and above relate CIs; both ends
// exist (the caller checked; the declaration's references check them again on the server),
// a CI is never related to itself, a person only by UsedBy, and the id is the one its ends
// give (so a duplicate is the same record).
func CheckRelation(act people.Actor, r *Relation) error {
	if err := act.Require(people.Agent, "relate CIs"); err != nil {
		return err
	}
	if !r.Type.Valid() {
		return fault.Field("type", "pick depends on, runs on, installed on, connected to or used by")
	}
	if r.FromID == "" {
		return fault.Field("fromId", "pick the CI the relationship starts from")
	}
	if r.Type == UsedBy {
		if r.UserID == nil || *r.UserID == "" || r.ToID != nil {
			return fault.Field("userId", "used by names a person")
		}
	} else if r.ToID == nil || *r.ToID == "" || r.UserID != nil {
		return fault.Field("toId", "pick the CI it relates to")
	}
	if r.Type != UsedBy && *r.ToID == r.FromID {
		return fault.Field("toId", "a CI cannot relate to itself")
	}
	if r.ID != RelationID(r.FromID, r.Target(), r.Type) {
		return fault.Field("id", "a relationship's id is the one its ends give")
	}
	return nil
}

// CheckRelationActive judges removing a relationship or making it again.
func CheckRelationActive(act people.Actor) error {
	if err := act.Require(people.Agent, "relate CIs"); err != nil {
		return fmt.Errorf("change a relationship: %w", err)
	}
	return nil
}
