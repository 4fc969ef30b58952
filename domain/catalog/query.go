package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/ticket"
)

// ItemQuery filters the catalog: words in the name, description or category, one category,
// and (for the catalog's keepers) the inactive items too.
type ItemQuery struct {
	Text     string `json:"text"`
	Category string `json:"category"`
	// DepartmentID narrows to one department's catalog ("": every department's).
	DepartmentID string `json:"departmentId"`
	Inactive     bool   `json:"inactive"`
}

// Items lists the catalog as actor may see it, by category and name.
func (s *Service) Items(ctx context.Context, actor people.Actor, q ItemQuery) ([]Item, error) {
	db := s.DB.WithContext(ctx).Table("catalog_items").Select("id")
	if !actor.IsStaff() || !q.Inactive {
		db = db.Where("active = 1")
	}
	if c := strings.TrimSpace(q.Category); c != "" {
		db = db.Where("category = ?", c)
	}
	if dep := strings.TrimSpace(q.DepartmentID); dep != "" {
		db = db.Where("department_id = ?", dep)
	}
	for _, w := range strings.Fields(strings.ToLower(q.Text)) {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(w) + "%"
		db = db.Where(`(lower(name) LIKE ? ESCAPE '\' OR lower(description) LIKE ? ESCAPE '\' OR lower(category) LIKE ? ESCAPE '\')`, like, like, like)
	}
	var ids []string
	if err := db.Order("category, name, id").Limit(500).Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("list catalog: %w", err)
	}
	out := make([]Item, 0, len(ids))
	for _, id := range ids {
		it, err := s.item(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *it)
	}
	return out, nil
}

func (s *Service) item(ctx context.Context, id string) (*Item, error) {
	doc, err := replica.ReadDoc(s.DB.WithContext(ctx), typeOf(EntityItem), id)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("catalog item %s: %w", id, fault.ErrNotFound)
	}
	it, err := ItemFromDoc(doc)
	if err != nil {
		return nil, err
	}
	var at []int64
	s.DB.WithContext(ctx).Raw(`SELECT updated_at FROM catalog_items WHERE id = ?`, id).Scan(&at)
	if len(at) > 0 {
		it.UpdatedAt = at[0]
	}
	return it, nil
}

// Item reads one item as actor may see it.
func (s *Service) Item(ctx context.Context, actor people.Actor, id string) (*Item, error) {
	it, err := s.item(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanSee(actor, it) {
		return nil, fmt.Errorf("catalog item %s: %w", id, fault.ErrNotFound)
	}
	return it, nil
}

// AnswerLine is one answered question of a request, as its page shows it.
type AnswerLine struct {
	Key   string          `json:"key"`
	Label string          `json:"label"`
	Type  FieldType       `json:"type"`
	Value json.RawMessage `json:"value"`
	// Text is the answer as text: a person's name, an asset's tag and name, yes or no.
	Text string `json:"text"`
}

// TaskRow is a task as a list shows it, with its request's number and title.
type TaskRow struct {
	Task
	RequestNumber string      `json:"requestNumber"`
	RequestTitle  string      `json:"requestTitle"`
	Next          []TaskState `json:"next"`
}

// RequestDetail is a request ticket's catalog part: its item, answers and tasks.
type RequestDetail struct {
	Request      Request      `json:"request"`
	ItemName     string       `json:"itemName"`
	RequestedFor string       `json:"requestedForName"`
	Answers      []AnswerLine `json:"answers"`
	Tasks        []TaskRow    `json:"tasks"`
}

// RequestOf reads the catalog part of ticket ticketID (nil when it was not submitted from
// the catalog), as actor may see it: staff, and the ones it is by or for.
func (s *Service) RequestOf(ctx context.Context, actor people.Actor, ticketID string) (*RequestDetail, error) {
	db := s.DB.WithContext(ctx)
	var req Request
	if err := db.Where("id = ?", ticketID).Limit(1).Find(&req).Error; err != nil {
		return nil, err
	}
	if req.ID == "" {
		return nil, nil
	}
	var t ticket.Ticket
	if err := db.Where("id = ?", ticketID).Take(&t).Error; err != nil {
		return nil, fmt.Errorf("ticket %s: %w", ticketID, fault.ErrNotFound)
	}
	if !actor.IsStaff() && t.RequesterID != actor.ID && t.CreatedBy != actor.ID && req.RequestedFor != actor.ID {
		return nil, fmt.Errorf("ticket %s: %w", ticketID, fault.ErrNotFound)
	}
	out := &RequestDetail{Request: req, Answers: []AnswerLine{}, Tasks: []TaskRow{}}
	out.RequestedFor = s.name(ctx, "users", req.RequestedFor)
	it, err := s.item(ctx, req.ItemID)
	if err == nil {
		out.ItemName = it.Name
		answers, _ := decodeAnswers(req.Answers)
		for _, f := range it.Form.Fields {
			a, ok := answers[f.Key]
			if !ok || empty(a) {
				continue
			}
			line := AnswerLine{Key: f.Key, Label: f.Label, Type: f.Type, Value: a, Text: answerText(a)}
			switch f.Type {
			case PersonField:
				line.Text = s.name(ctx, "users", line.Text)
			case AssetField:
				var tag []string
				db.Raw(`SELECT tag || ' ' || name FROM assets WHERE id = ?`, line.Text).Scan(&tag)
				if len(tag) > 0 {
					line.Text = tag[0]
				}
			}
			out.Answers = append(out.Answers, line)
		}
	}
	var tasks []Task
	if err := db.Where("request_id = ?", ticketID).Order("seq, number").Find(&tasks).Error; err != nil {
		return nil, err
	}
	for _, k := range tasks {
		out.Tasks = append(out.Tasks, s.row(actor, k, t.Number, t.Title))
	}
	return out, nil
}

func (s *Service) row(actor people.Actor, k Task, number, title string) TaskRow {
	r := TaskRow{Task: k, RequestNumber: number, RequestTitle: title, Next: []TaskState{}}
	for _, to := range NextTask(k.State) {
		if CheckTaskMove(actor, &k, to) == nil {
			r.Next = append(r.Next, to)
		}
	}
	return r
}

func (s *Service) name(ctx context.Context, table, id string) string {
	var n []string
	s.DB.WithContext(ctx).Raw(`SELECT name FROM `+table+` WHERE id = ?`, id).Scan(&n)
	if len(n) == 0 || n[0] == "" {
		return id
	}
	return n[0]
}

// TaskQuery picks a task queue: "mine" (assigned to the actor), "groups" (the actor's
// groups' tasks nobody has taken, and their own), or "all"; Done includes finished tasks.
type TaskQuery struct {
	Scope string `json:"scope"`
	Done  bool   `json:"done"`
}

// Tasks lists a task queue for staff, the oldest first.
func (s *Service) Tasks(ctx context.Context, actor people.Actor, q TaskQuery) ([]TaskRow, error) {
	if err := actor.Require(people.Agent, "see the task queues"); err != nil {
		return nil, err
	}
	db := s.DB.WithContext(ctx).Table("catalog_tasks k").
		Select("k.*, t.number AS request_number, t.title AS request_title").
		Joins("JOIN tickets t ON t.id = k.request_id")
	if !q.Done {
		db = db.Where("k.state IN ?", []string{string(Pending), string(Open), string(Working)})
	}
	switch q.Scope {
	case "mine":
		db = db.Where("k.assignee_id = ?", actor.ID)
	case "groups":
		db = db.Where(`(k.assignee_id = ? OR (k.assignee_id IS NULL AND k.group_id IN
			(SELECT group_id FROM group_members WHERE user_id = ? AND active = 1)))`, actor.ID, actor.ID)
	case "all", "":
	default:
		return nil, fault.Field("scope", "a queue is mine, groups or all")
	}
	var rows []struct {
		Task
		RequestNumber string
		RequestTitle  string
	}
	if err := db.Order("k.created_at, k.seq").Limit(500).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("task queue: %w", err)
	}
	out := make([]TaskRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, s.row(actor, r.Task, r.RequestNumber, r.RequestTitle))
	}
	return out, nil
}

// Task reads one task for staff.
func (s *Service) Task(ctx context.Context, actor people.Actor, id string) (*TaskRow, error) {
	if err := actor.Require(people.Agent, "see a task"); err != nil {
		return nil, err
	}
	var k Task
	if err := s.DB.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&k).Error; err != nil {
		return nil, err
	}
	if k.ID == "" {
		return nil, fmt.Errorf("task %s: %w", id, fault.ErrNotFound)
	}
	var t ticket.Ticket
	s.DB.WithContext(ctx).Where("id = ?", k.RequestID).Limit(1).Find(&t)
	r := s.row(actor, k, t.Number, t.Title)
	return &r, nil
}

// AssetChoice is an asset or CI a form's answer may name.
type AssetChoice struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// AssetChoices lists the assets matching text that actor may name in an answer: staff any,
// a requester their own.
func (s *Service) AssetChoices(ctx context.Context, actor people.Actor, text string) ([]AssetChoice, error) {
	db := s.DB.WithContext(ctx).Table("assets").Select("id, tag || ' ' || name AS label").Where("archived = 0")
	if !actor.IsStaff() {
		db = db.Where("owner_id = ?", actor.ID)
	}
	if w := strings.TrimSpace(strings.ToLower(text)); w != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(w) + "%"
		db = db.Where(`(lower(tag) LIKE ? ESCAPE '\' OR lower(name) LIKE ? ESCAPE '\')`, like, like)
	}
	out := []AssetChoice{}
	if err := db.Order("tag").Limit(50).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("asset choices: %w", err)
	}
	return out, nil
}
