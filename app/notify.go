package app

import (
	"context"
	"log/slog"
	"strings"

	"outpost/domain/notify"
	"outpost/domain/people"
)

// Notify is bound to the frontend: the notification centre (pages, filters, marking read),
// the person's switches per type, following a ticket and the names a comment may mention.
type Notify struct{ app *App }

// NewNotify returns the notifications facade of a.
func NewNotify(a *App) *Notify { return &Notify{app: a} }

// Page is one page of the signed-in person's notifications, newest first.
func (n *Notify) Page(q notify.PageQuery) (*notify.Page, error) {
	ctx := context.Background()
	d, actor, err := n.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Notify.Page(ctx, actor, q)
}

// MarkRead marks notifications read: the ones listed, or all of the kinds given (all of
// them when both are empty). It returns how many it marked.
func (n *Notify) MarkRead(ids, kinds []string) (int64, error) {
	ctx := context.Background()
	d, actor, err := n.app.who(ctx)
	if err != nil {
		return 0, err
	}
	marked, err := d.Notify.MarkRead(ctx, actor, ids, kinds)
	if err == nil && marked > 0 {
		n.app.emit("notification:read", actor.ID)
	}
	return marked, err
}

// Prefs are the signed-in person's switches, one per type.
func (n *Notify) Prefs() (notify.Prefs, error) {
	ctx := context.Background()
	d, actor, err := n.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Notify.Prefs(ctx, actor)
}

// SetPrefs changes some of the signed-in person's switches.
func (n *Notify) SetPrefs(p notify.Prefs) (notify.Prefs, error) {
	ctx := context.Background()
	d, actor, err := n.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Notify.SetPrefs(ctx, actor, p)
}

// Following reports whether the signed-in person follows a ticket.
func (n *Notify) Following(ticketID string) (bool, error) {
	ctx := context.Background()
	d, actor, err := n.app.who(ctx)
	if err != nil {
		return false, err
	}
	return d.Notify.Following(ctx, actor, ticketID)
}

// Follow starts or stops following a ticket.
func (n *Notify) Follow(ticketID string, on bool) (bool, error) {
	ctx := context.Background()
	d, actor, err := n.app.who(ctx)
	if err != nil {
		return false, err
	}
	if err := d.Notify.Follow(ctx, actor, ticketID, on); err != nil {
		return false, err
	}
	return d.Notify.Following(ctx, actor, ticketID)
}

// Mentionable is a person a comment may mention, with the handle that names them.
type Mentionable struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Handle string `json:"handle"`
	Role   string `json:"role"`
}

// Mentionable lists the active people a comment may mention (for staff: requesters see no
// directory), by name.
func (n *Notify) Mentionable() ([]Mentionable, error) {
	ctx := context.Background()
	d, actor, err := n.app.who(ctx)
	if err != nil {
		return nil, err
	}
	out := []Mentionable{}
	if !actor.IsStaff() {
		return out, nil
	}
	users, err := d.People.Users(ctx)
	if err != nil {
		return nil, err
	}
	sys, _ := d.System(ctx)
	everyone := make([]notify.Person, 0, len(users))
	for _, u := range users {
		everyone = append(everyone, notify.Person{ID: u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role), Active: u.Active})
	}
	for _, p := range everyone {
		if p.Active && p.ID != sys.ID {
			out = append(out, Mentionable{ID: p.ID, Name: p.Name, Handle: notify.Handle(p, everyone), Role: p.Role})
		}
	}
	return out, nil
}

// latestNotification is the id of the signed-in person's newest notification ("" for none),
// read before work that may bring new ones (a sync).
func (a *App) latestNotification(ctx context.Context) string {
	d := a.current()
	a.mu.RLock()
	me := a.actor
	a.mu.RUnlock()
	if d == nil || me.ID == "" {
		return ""
	}
	id, err := d.Notify.Latest(ctx, me)
	if err != nil {
		slog.Error("latest notification", "err", err)
	}
	return id
}

// tellNew tells the frontend of the signed-in person's notifications newer than before and
// shows them as one OS notification (a person's switches already kept out the types they
// turned off; the other people of a shared desk see theirs in the centre when they sign in).
func (a *App) tellNew(ctx context.Context, before string) {
	d := a.current()
	a.mu.RLock()
	me := a.actor
	a.mu.RUnlock()
	if d == nil || me.ID == "" {
		return
	}
	fresh, err := d.Notify.Since(ctx, people.Actor{ID: me.ID}, before)
	if err != nil || len(fresh) == 0 {
		return
	}
	a.emit("notification:new", []string{me.ID})
	lines := make([]string, 0, 3)
	for i, n := range fresh {
		if i == 3 {
			lines = append(lines, "…and more in the notification centre")
			break
		}
		lines = append(lines, n.Message)
	}
	desktopNotify("Outpost", strings.Join(lines, "\n"))
}
