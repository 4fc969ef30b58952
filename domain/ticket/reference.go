package ticket

import (
	"context"
	"strings"

	"outpost/domain/fault"
)

// A ticket's service and CI are references (serviceId, ciId). The desk checks them as the
// server's generic reference check does (sync/server push.checkRefs): the record exists and
// the actor sees it (a requester only the assets they own), with the same field and message.

// checkService checks a referenced service exists.
func (w *write) checkService(id string) error {
	var n int64
	if err := w.tx.Raw(`SELECT COUNT(*) FROM services WHERE id = ?`, id).Scan(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return fault.Field("serviceId", "no such %s", "service")
	}
	return nil
}

// checkCI checks a referenced CI exists and the actor may see it.
func (w *write) checkCI(id string) error {
	var owners []string
	if err := w.tx.Raw(`SELECT COALESCE(owner_id, '') FROM assets WHERE id = ?`, id).Scan(&owners).Error; err != nil {
		return err
	}
	if len(owners) == 0 || (!w.actor.IsStaff() && owners[0] != w.actor.ID) {
		return fault.Field("ciId", "no such %s", EntityCI)
	}
	return nil
}

// linkDraft sets a new ticket's references: the ids given, checked; or else the one record
// its text names (a service by name, a CI by tag or name, in any case, among those the actor
// sees), the text then cleared. Text naming none, or more than one, stays as unlinked text.
func (w *write) linkDraft(t *Ticket, serviceID, ciID string) error {
	serviceID, ciID = strings.TrimSpace(serviceID), strings.TrimSpace(ciID)
	if serviceID == "" && t.Service != "" {
		id, err := w.matchService(t.Service)
		if err != nil {
			return err
		}
		serviceID = id
	}
	if serviceID != "" {
		if err := w.checkService(serviceID); err != nil {
			return err
		}
		t.ServiceID, t.Service = &serviceID, ""
	}
	if ciID == "" && t.CI != "" {
		id, err := w.matchCI(t.CI)
		if err != nil {
			return err
		}
		ciID = id
	}
	if ciID != "" {
		if err := w.checkCI(ciID); err != nil {
			return err
		}
		t.CIID, t.CI = &ciID, ""
	}
	return nil
}

// linkPatch applies a patch's references: "" unlinks; a link clears the unlinked text unless
// the patch sets the text too.
func (w *write) linkPatch(t *Ticket, p Patch) error {
	if p.ServiceID != nil {
		t.ServiceID = nil
		if id := strings.TrimSpace(*p.ServiceID); id != "" {
			if err := w.checkService(id); err != nil {
				return err
			}
			t.ServiceID = &id
			if p.Service == nil {
				t.Service = ""
			}
		}
	}
	if p.CIID != nil {
		t.CIID = nil
		if id := strings.TrimSpace(*p.CIID); id != "" {
			if err := w.checkCI(id); err != nil {
				return err
			}
			t.CIID = &id
			if p.CI == nil {
				t.CI = ""
			}
		}
	}
	return nil
}

// matchService is the one service named text (any case), or "".
func (w *write) matchService(text string) (string, error) {
	var ids []string
	err := w.tx.Raw(`SELECT id FROM services WHERE name = ? COLLATE NOCASE LIMIT 2`, strings.TrimSpace(text)).Scan(&ids).Error
	if err != nil || len(ids) != 1 {
		return "", err
	}
	return ids[0], nil
}

// matchCI is the one live CI the actor sees whose tag, or else whose name, is text (any
// case), or "".
func (w *write) matchCI(text string) (string, error) {
	text = strings.TrimSpace(text)
	owner := ""
	if !w.actor.IsStaff() {
		owner = w.actor.ID
	}
	for _, col := range []string{"tag", "name"} {
		var ids []string
		err := w.tx.Raw(`SELECT id FROM assets WHERE `+col+` = ? COLLATE NOCASE AND archived = 0
			AND (? = '' OR owner_id = ?) LIMIT 2`, text, owner, owner).Scan(&ids).Error
		if err != nil {
			return "", err
		}
		if len(ids) == 1 {
			return ids[0], nil
		}
		if len(ids) > 1 {
			return "", nil
		}
	}
	return "", nil
}

// Labels are what a ticket's references read as on its page: the CI's tag and name, the
// service's name ("" for a record this desk does not hold, such as a CI a requester does not
// own).
type Labels struct {
	CI      string `json:"ci"`
	Service string `json:"service"`
}

// LabelsOf reads the labels of t's references.
func (s *Service) LabelsOf(ctx context.Context, t *Ticket) (Labels, error) {
	var out Labels
	db := s.DB.WithContext(ctx)
	if t.CIID != nil {
		var l []string
		if err := db.Raw(`SELECT tag || ' · ' || name FROM assets WHERE id = ?`, *t.CIID).Scan(&l).Error; err != nil {
			return out, err
		}
		if len(l) > 0 {
			out.CI = l[0]
		}
	}
	if t.ServiceID != nil {
		var l []string
		if err := db.Raw(`SELECT name FROM services WHERE id = ?`, *t.ServiceID).Scan(&l).Error; err != nil {
			return out, err
		}
		if len(l) > 0 {
			out.Service = l[0]
		}
	}
	return out, nil
}
