package importer

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/asset"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// writer writes the rows of one import inside its transaction, through a copy of the desk
// whose services write on that transaction: each record is made by the same service calls
// as one made by hand.
type writer struct {
	ctx    context.Context
	tx     *gorm.DB
	desk   *desk.Desk
	actor  people.Actor
	people directory
}

// directory finds people and groups the way a file names them.
type directory struct {
	byID, byEmail map[string]people.User
	byName        map[string][]people.User
	groups        map[string][]people.Group // by id and by lower-case name
}

func newWriter(ctx context.Context, d *desk.Desk, tx *gorm.DB, actor people.Actor) (*writer, error) {
	// The services run their own transaction function on tx: nested, it must not start
	// another (nor a savepoint of GORM's, never released): each row has its savepoint here.
	in := tx.Session(&gorm.Session{DisableNestedTransaction: true})
	dd := *d
	dd.DB = in
	tickets, assets := *d.Tickets, *d.Assets
	tickets.DB, assets.DB = in, in
	dd.Tickets, dd.Assets = &tickets, &assets
	w := &writer{ctx: ctx, tx: in, desk: &dd, actor: actor}
	if err := w.loadDirectory(); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *writer) loadDirectory() error {
	dir, err := readDirectory(w.tx, w.desk.People.SystemID)
	w.people = dir
	return err
}

// readDirectory reads the desk's people (but its system user) and groups.
func readDirectory(db *gorm.DB, systemID string) (directory, error) {
	dir := directory{byID: map[string]people.User{}, byEmail: map[string]people.User{}, byName: map[string][]people.User{}, groups: map[string][]people.Group{}}
	var users []people.User
	if err := db.Find(&users).Error; err != nil {
		return dir, fmt.Errorf("read people: %w", err)
	}
	var groups []people.Group
	if err := db.Find(&groups).Error; err != nil {
		return dir, fmt.Errorf("read groups: %w", err)
	}
	for _, u := range users {
		if u.ID == systemID {
			continue
		}
		dir.byID[u.ID] = u
		dir.byEmail[strings.ToLower(u.Email)] = u
		n := strings.ToLower(strings.TrimSpace(u.Name))
		dir.byName[n] = append(dir.byName[n], u)
	}
	for _, g := range groups {
		dir.groups[g.ID] = append(dir.groups[g.ID], g)
		n := strings.ToLower(strings.TrimSpace(g.Name))
		dir.groups[n] = append(dir.groups[n], g)
	}
	return dir, nil
}

// findPerson finds the one person v names by id, email or name; n is how many a name fits.
func (dir directory) findPerson(v string) (u people.User, n int) {
	if u, ok := dir.byID[v]; ok {
		return u, 1
	}
	if u, ok := dir.byEmail[strings.ToLower(v)]; ok {
		return u, 1
	}
	l := dir.byName[strings.ToLower(v)]
	if len(l) == 1 {
		return l[0], 1
	}
	return people.User{}, len(l)
}

// findGroup finds the groups v names by id or name.
func (dir directory) findGroup(v string) []people.Group {
	if l := dir.groups[v]; len(l) > 0 {
		return l
	}
	return dir.groups[strings.ToLower(v)]
}

// row writes one row inside its own savepoint: a refused row is rolled back to it and
// returned as a refusal; err is a failure that is no rule's (the disk, the database), which
// fails the whole import.
func (w *writer) row(p *plan, src *source, rec []string, line int) (*Refusal, string, error) {
	blank := len(rec) == 1 && strings.TrimSpace(rec[0]) == ""
	if len(rec) != len(src.Header) && !blank {
		return &Refusal{Line: line, Code: fault.CodeValidation,
			Message: fmt.Sprintf("this row has %d cells where the header has %d: a delimiter or a quote is missing or extra", len(rec), len(src.Header))}, "", nil
	}
	if err := w.tx.Exec(`SAVEPOINT import_row`).Error; err != nil {
		return nil, "", fmt.Errorf("savepoint: %w", err)
	}
	num, err := w.write(p, rec)
	if err != nil && fault.Code(err) == fault.CodeInternal && !isCell(err) {
		return nil, "", fmt.Errorf("line %d: %w", line, err)
	}
	if err != nil {
		if rerr := w.tx.Exec(`ROLLBACK TO SAVEPOINT import_row`).Error; rerr != nil {
			return nil, "", fmt.Errorf("roll back line %d: %w", line, rerr)
		}
	}
	if rerr := w.tx.Exec(`RELEASE SAVEPOINT import_row`).Error; rerr != nil {
		return nil, "", fmt.Errorf("release savepoint: %w", rerr)
	}
	if err != nil {
		return p.refusal(line, err), "", nil
	}
	return nil, num, nil
}

func isCell(err error) bool {
	_, ok := err.(*cellError)
	return ok
}

// cells reads a row's mapped cells as values by field key: the cell through its value map,
// the default when it is empty.
type cells struct {
	p   *plan
	rec []string
}

// get is the cell of field key, trimmed, or its default.
func (c cells) get(key string) string {
	v := ""
	if i, ok := c.p.index[key]; ok && i < len(c.rec) {
		v = strings.TrimSpace(c.rec[i])
	}
	if v == "" {
		v = strings.TrimSpace(c.p.m.Defaults[key])
	}
	return v
}

// enum reads an Enum field; "" when the cell is empty.
func (c cells) enum(key string) (string, error) {
	v := c.get(key)
	if v == "" {
		return "", nil
	}
	f, _ := field(c.p.m.Kind, key)
	out, ok := enumValue(f, c.p.m.Values[key], v)
	if !ok {
		return "", cellErr(key, "%q is not a %s here: map it to one of %s", clip(v, 60), strings.ToLower(f.Label), strings.Join(f.Values, ", "))
	}
	return out, nil
}

// text reads a Text field through its value map.
func (c cells) text(key string) string {
	v := c.get(key)
	if m, ok := lookupValue(c.p.m.Values[key], v); ok && v != "" {
		return strings.TrimSpace(m)
	}
	return v
}

// person finds the person a cell names: by the value map, then id, email or name.
func (w *writer) person(c cells, key string) (string, error) {
	v := c.get(key)
	if v == "" {
		return "", nil
	}
	if m, ok := lookupValue(c.p.m.Values[key], v); ok {
		v = strings.TrimSpace(m)
	}
	switch u, n := w.people.findPerson(v); n {
	case 0:
		return "", cellErr(key, "no person with the email or name %q: add them first, or map the value to someone", clip(v, 60))
	case 1:
		return u.ID, nil
	default:
		return "", cellErr(key, "%d people are named %q: map the value to one of their emails", n, clip(v, 60))
	}
}

// group finds the assignment group a cell names: by the value map, then id or name.
func (w *writer) group(c cells, key string) (string, error) {
	v := c.get(key)
	if v == "" {
		return "", nil
	}
	if m, ok := lookupValue(c.p.m.Values[key], v); ok {
		v = strings.TrimSpace(m)
	}
	switch l := w.people.findGroup(v); len(l) {
	case 0:
		return "", cellErr(key, "no assignment group named %q: add it first, or map the value to a group", clip(v, 60))
	case 1:
		return l[0].ID, nil
	default:
		return "", cellErr(key, "%d groups are named %q", len(l), clip(v, 60))
	}
}

// date reads a Date field with the mapping's layouts, as YYYY-MM-DD.
func (c cells) date(key string) (string, error) {
	v := c.get(key)
	if v == "" {
		return "", nil
	}
	t, ok := parseDate(c.p.m.DateFormats, v)
	if !ok {
		if len(c.p.m.DateFormats) == 0 {
			return "", cellErr(key, "%q is not a date in a format Outpost knows: give the date format", clip(v, 40))
		}
		return "", cellErr(key, "%q is not a date in the format %s", clip(v, 40), strings.Join(c.p.m.DateFormats, " or "))
	}
	return t.Format("2006-01-02"), nil
}

// write makes the row's record; num is its number or tag.
func (w *writer) write(p *plan, rec []string) (string, error) {
	c := cells{p: p, rec: rec}
	switch p.m.Kind {
	case Tickets:
		return w.ticket(c)
	case Assets:
		return w.asset(c)
	default:
		return "", w.personRecord(c)
	}
}

func (w *writer) ticket(c cells) (string, error) {
	d := ticket.Draft{Title: c.text("title"), Description: c.text("description"), Category: c.text("category"),
		Subcategory: c.text("subcategory"), Service: c.text("service"), CI: c.text("ci"), Source: c.text("source")}
	typ, err := c.enum("type")
	if err != nil {
		return "", err
	}
	if typ == "" {
		typ = string(ticket.Incident)
	}
	d.Type = ticket.Type(typ)
	if d.RequesterID, err = w.person(c, "requesterId"); err != nil {
		return "", err
	}
	if d.AssigneeID, err = w.person(c, "assigneeId"); err != nil {
		return "", err
	}
	if d.GroupID, err = w.group(c, "groupId"); err != nil {
		return "", err
	}
	if tags := c.get("tags"); tags != "" {
		d.Tags = strings.FieldsFunc(tags, func(r rune) bool { return r == ',' || r == ';' || r == '|' })
	}
	if err := w.priority(c, &d); err != nil {
		return "", err
	}
	state, err := c.enum("state")
	if err != nil {
		return "", err
	}
	moves, err := movesTo(c, ticket.State(state))
	if err != nil {
		return "", err
	}
	t, err := w.desk.Tickets.Create(w.ctx, w.actor, d)
	if err != nil {
		return "", err
	}
	for _, m := range moves {
		if _, err := w.desk.Tickets.Transition(w.ctx, w.actor, t.ID, m); err != nil {
			return "", err
		}
	}
	return t.Number, nil
}

// priority sets impact, urgency and priority from the row. A priority alone picks the
// impact and urgency the matrix gives it from; a priority beside them that the matrix does
// not give is kept as an override, its reason that it was imported.
func (w *writer) priority(c cells, d *ticket.Draft) error {
	vals := map[string]int{}
	for _, key := range []string{"impact", "urgency", "priority"} {
		v, err := c.enum(key)
		if err != nil {
			return err
		}
		if v != "" {
			vals[key], _ = strconv.Atoi(v)
		}
	}
	d.Impact, d.Urgency = vals["impact"], vals["urgency"]
	m := w.desk.Tickets.Matrix
	p := vals["priority"]
	if p != 0 && d.Impact == 0 && d.Urgency == 0 {
		for _, iu := range [][2]int{{1, 1}, {2, 2}, {3, 3}, {1, 2}, {2, 1}, {1, 3}, {3, 1}, {2, 3}, {3, 2}} {
			if m.Priority(iu[0], iu[1]) == p {
				d.Impact, d.Urgency = iu[0], iu[1]
				break
			}
		}
	}
	if d.Impact == 0 {
		d.Impact = 2
	}
	if d.Urgency == 0 {
		d.Urgency = 2
	}
	if p != 0 && p != m.Priority(d.Impact, d.Urgency) {
		d.Priority, d.PriorityReason = p, "priority as imported"
	}
	return nil
}

// movesTo is the path of moves from new to state, with what each move needs from the row.
func movesTo(c cells, state ticket.State) ([]ticket.Move, error) {
	hold, err := c.enum("holdReason")
	if err != nil {
		return nil, err
	}
	code, err := c.enum("resolutionCode")
	if err != nil {
		return nil, err
	}
	resolve := ticket.Move{To: ticket.Resolved, ResolutionCode: code, ResolutionNotes: c.text("resolutionNotes")}
	switch state {
	case "", ticket.New:
		return nil, nil
	case ticket.InProgress:
		return []ticket.Move{{To: ticket.InProgress}}, nil
	case ticket.OnHold:
		return []ticket.Move{{To: ticket.OnHold, HoldReason: hold}}, nil
	case ticket.Resolved:
		return []ticket.Move{resolve}, nil
	case ticket.Closed:
		return []ticket.Move{resolve, {To: ticket.Closed}}, nil
	case ticket.Canceled:
		return []ticket.Move{{To: ticket.Canceled, Reason: c.text("reason")}}, nil
	}
	return nil, cellErr("state", "unknown state %q", state)
}

func (w *writer) asset(c cells) (string, error) {
	class, err := c.enum("class")
	if err != nil {
		return "", err
	}
	status, err := c.enum("status")
	if err != nil {
		return "", err
	}
	if status == "" {
		status = string(asset.InUse)
	}
	typ, err := c.enum("type")
	if err != nil {
		return "", err
	}
	e := asset.Edit{Type: typ, Name: c.text("name"), Serial: c.text("serial"), Model: c.text("model"),
		Manufacturer: c.text("manufacturer"), Location: c.text("location")}
	owner, err := w.person(c, "ownerId")
	if err != nil {
		return "", err
	}
	if owner != "" {
		e.OwnerID = &owner
	}
	if e.PurchaseDate, err = c.date("purchaseDate"); err != nil {
		return "", err
	}
	if e.WarrantyEnd, err = c.date("warrantyEnd"); err != nil {
		return "", err
	}
	if v := c.get("cost"); v != "" {
		cents, ok := parseMoney(v)
		if !ok {
			return "", cellErr("cost", "%q is not an amount: write it as 1234.56", clip(v, 40))
		}
		e.Cost = &cents
	}
	a, err := w.desk.Assets.Create(w.ctx, w.actor, asset.Class(class), asset.Status(status), e)
	if err != nil {
		return "", err
	}
	return a.Tag, nil
}

func (w *writer) personRecord(c cells) error {
	role, err := c.enum("role")
	if err != nil {
		return err
	}
	if role == "" {
		role = string(people.Requester)
	}
	_, err = w.desk.CreatePerson(w.ctx, w.actor, people.User{Name: c.text("name"), Email: c.text("email"), Role: people.Role(role)})
	return err
}

// parseMoney reads an amount as cents: "1234.5", "1,234.50", "1.234,50", "€ 99" (the last
// of . and , followed by one or two digits is the decimal mark).
func parseMoney(s string) (int64, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '.', r == ',', r == '-':
			b.WriteRune(r)
		case r == ' ' || r == '\u00a0' || r == '\'' || strings.ContainsRune("$€£¥", r) || (r >= 'A' && r <= 'Z'):
		default:
			return 0, false
		}
	}
	t := b.String()
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	whole, frac := t, ""
	if i := strings.LastIndexAny(t, ".,"); i >= 0 && len(t)-i-1 <= 2 && len(t)-i-1 > 0 {
		whole, frac = t[:i], t[i+1:]
	}
	whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
	if whole == "" && frac == "" || strings.ContainsAny(frac, ".,-") || strings.Contains(whole, "-") || len(whole) > 15 {
		return 0, false
	}
	if whole == "" {
		whole = "0"
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}
