package catalog

import (
	"encoding/json"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Stage is where a catalog request is before and during its fulfilment (its ticket's state
// says the rest).
type Stage string

const (
	// AwaitingApproval: the item needs an approval; no task exists yet.
	AwaitingApproval Stage = "awaiting_approval"
	// Fulfilment: approved (or no approval needed); its tasks are worked.
	Fulfilment Stage = "fulfilment"
	// Rejected: the approval was refused; the request was closed.
	Rejected Stage = "rejected"
)

// Request is what a submitted catalog item adds to its request ticket: the item, the
// answers, who it is for, when it is wanted, and its stage. Its id is its ticket's id.
type Request struct {
	ID           string `gorm:"column:id;primaryKey" json:"id"`
	ItemID       string `gorm:"column:item_id" json:"itemId"`
	Answers      string `gorm:"column:answers" json:"answers"`
	RequestedFor string `gorm:"column:requested_for" json:"requestedFor"`
	DueAt        *int64 `gorm:"column:due_at" json:"dueAt"`
	Stage        Stage  `gorm:"column:stage" json:"stage"`
	CreatedBy    string `gorm:"column:created_by" json:"createdBy"`
	CreatedAt    int64  `gorm:"column:created_at" json:"createdAt"`
	UpdatedAt    int64  `gorm:"column:updated_at" json:"updatedAt"`
}

// TableName is the catalog requests table.
func (Request) TableName() string { return "catalog_requests" }

// StartStage is the stage a new request for it starts in.
func StartStage(it *Item) Stage {
	if it.Approval.Needed() {
		return AwaitingApproval
	}
	return Fulfilment
}

// CheckStage refuses moving a request from its stage to to by actor: an approval's outcome,
// once, by staff (the desk's automatic work is pushed as its signed-in user).
func CheckStage(actor people.Actor, from, to Stage) error {
	if err := actor.Require(people.Agent, "record an approval's outcome"); err != nil {
		return err
	}
	if from != AwaitingApproval || (to != Fulfilment && to != Rejected) {
		return fmt.Errorf("a request goes from %s to %s: %w", from, to, fault.ErrInvalidTransition)
	}
	return nil
}

// decodeAnswers reads a request's stored answers.
func decodeAnswers(s string) (Answers, error) {
	out := Answers{}
	if s == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fault.Field("answers", "answers are an object by field key")
	}
	return out, nil
}
