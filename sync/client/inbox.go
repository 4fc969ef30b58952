package client

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/sla"
	"outpost/domain/store"
	"outpost/domain/ticket"
	"outpost/sync/merge"
)

// Conflicts lists the open conflicts of this desk, oldest first: both values side by side and
// which one is in place now.
func (c *Client) Conflicts(ctx context.Context) ([]replica.Conflict, error) {
	return replica.Conflicts(ctx, c.Desk.DB, false)
}

// Settle choices.
const (
	KeepMine   = "mine"
	KeepTheirs = "theirs"
	Edit       = "edit"
)

// Settle closes a conflict. Keeping the value that is already in place only closes it; any
// other choice (the other value, or an edited one) is written as a new edit by actor, which
// syncs like any other and wins over both. Keeping a side that is not in place is refused
// (ErrConflict) once the field was written after the conflict, e.g. when another desk
// settled it: only an explicit edit replaces that newer value.
func (c *Client) Settle(ctx context.Context, actor people.Actor, conflictID, choice string, edited json.RawMessage) error {
	all, err := replica.Conflicts(ctx, c.Desk.DB, false)
	if err != nil {
		return err
	}
	var cf *replica.Conflict
	for i := range all {
		if all[i].ID == conflictID {
			cf = &all[i]
		}
	}
	if cf == nil {
		return fmt.Errorf("conflict %s: %w", conflictID, fault.ErrNotFound)
	}
	var want json.RawMessage
	switch choice {
	case KeepMine:
		want = cf.Mine
	case KeepTheirs:
		want = cf.Theirs
	case Edit:
		if !json.Valid(edited) {
			return fault.Field("value", "the edited value must be JSON")
		}
		want = edited
	default:
		return fault.Field("choice", "choose mine, theirs or edit")
	}
	typ, ok := replica.Lookup(cf.Entity)
	if !ok {
		return fmt.Errorf("%s does not sync: %w", cf.Entity, fault.ErrNotFound)
	}
	current, exists, err := replica.ReadField(c.Desk.DB.WithContext(ctx), typ, cf.RecordID, cf.Field)
	if err != nil {
		return err
	}
	if exists && !merge.Same(current, want) && choice != Edit {
		// Keeping one side is only sound while the field still holds one of them: a write
		// newer than both (the other desk settled it, or someone edited it since) is not
		// undone by picking a side of a conflict it already replaced.
		if _, err := replica.Absorb(ctx, c.Desk.DB, c.Desk.DeviceID); err != nil {
			return err
		}
		v, err := replica.ReadVersion(c.Desk.DB.WithContext(ctx), cf.Entity, cf.RecordID, cf.Field)
		if err != nil {
			return err
		}
		if v.HLC > max(cf.MineHLC, cf.TheirsHLC) {
			return fmt.Errorf("%s was changed since this conflict (it is now %s): keep that, or edit it: %w", cf.Field, current, fault.ErrConflict)
		}
	}
	if exists && !merge.Same(current, want) {
		if err := c.write(ctx, actor, cf, want); err != nil {
			return err
		}
	}
	return replica.SettleConflict(c.Desk.DB.WithContext(ctx), cf.ID, choice, c.Desk.Now().UnixMilli())
}

// write applies a settled value through the record's own service, so it is checked, audited
// and logged like an edit made by hand.
func (c *Client) write(ctx context.Context, actor people.Actor, cf *replica.Conflict, value json.RawMessage) error {
	if isConfig[cf.Entity] {
		return c.writeConfig(ctx, actor, cf, value)
	}
	if cf.Entity != ticket.EntityTicket {
		return fmt.Errorf("settle %s.%s by editing the record: %w", cf.Entity, cf.Field, fault.ErrConflict)
	}
	if cf.Field == "tags" {
		var s string
		if err := json.Unmarshal(value, &s); err == nil {
			value, _ = json.Marshal(ticket.SplitTags(s))
		}
	}
	body, _ := json.Marshal(map[string]json.RawMessage{cf.Field: value})
	var p ticket.Patch
	if err := json.Unmarshal(body, &p); err != nil {
		return fault.Field("value", "not a valid %s: %v", cf.Field, err)
	}
	if p != (ticket.Patch{}) {
		_, err := c.Desk.Tickets.Update(ctx, actor, cf.RecordID, p)
		return err
	}
	// Fields a plain edit does not set go through their own actions, with their own checks.
	switch cf.Field {
	case "major", "majorReason":
		t, err := c.Desk.Tickets.Get(ctx, actor, cf.RecordID)
		if err != nil {
			return err
		}
		major, reason := t.Major, t.MajorReason
		var bad error
		if cf.Field == "major" {
			bad = json.Unmarshal(value, &major)
		} else {
			bad = json.Unmarshal(value, &reason)
		}
		if bad != nil {
			return fault.Field("value", "not a valid %s", cf.Field)
		}
		_, err = c.Desk.Tickets.SetMajor(ctx, actor, cf.RecordID, major, reason)
		return err
	case "parentId":
		var parent *string
		if err := json.Unmarshal(value, &parent); err != nil {
			return fault.Field("value", "not a valid parent")
		}
		_, err := c.Desk.Tickets.SetParent(ctx, actor, cf.RecordID, ptrValue(parent))
		return err
	}
	// Marking a duplicate is a transition of its own: the user settles it on the ticket.
	return fmt.Errorf("settle %s by editing the ticket: %w", cf.Field, fault.ErrConflict)
}

func ptrValue(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Rejections lists the ops of this desk that the server refused, newest first: the signed-in
// user's own, and the desk's automatic work they vouched for (marked Auto). Every op of the
// desk was pushed as that user, so none is hidden from them, except the desk's repeats of
// automatic work another desk did first (code duplicate): the desk's own redundant work,
// already replaced by the other desk's, and nothing the user did or can act on.
func (c *Client) Rejections(ctx context.Context) ([]replica.Rejection, error) {
	sys, err := c.Desk.System(ctx)
	if err != nil {
		return nil, err
	}
	list, err := replica.Rejections(ctx, c.Desk.DB)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, r := range list {
		r.Auto = sys.ID != "" && r.AuthorID == sys.ID
		if r.Auto && r.Code == fault.CodeDuplicate {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// writeConfig settles a conflict on configuration through the kind's writer (its rules, the
// log, the audit trail), then reloads and recomputes as a pulled change would.
func (c *Client) writeConfig(ctx context.Context, actor people.Actor, cf *replica.Conflict, value json.RawMessage) error {
	typ, _ := replica.Lookup(cf.Entity)
	err := store.Tx(ctx, c.Desk.DB, func(tx *gorm.DB) error {
		w := &replica.Writer{Tx: tx, Log: c.Desk.Log, Actor: actor, At: c.Desk.Now().UnixMilli(),
			Reader: replica.TxReader{Tx: tx, Team: replica.Settings{Matrix: c.Desk.Tickets.Matrix}}}
		if _, err := w.Set(typ, cf.RecordID, replica.Doc{cf.Field: value}); err != nil {
			return err
		}
		return sla.MarkStale(tx)
	})
	if err != nil {
		return err
	}
	_, err = c.Desk.Refresh(ctx)
	return err
}
