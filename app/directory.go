package app

import (
	"context"

	"outpost/domain/desk"
	"outpost/domain/people"
)

// Directory is bound to the frontend: the administration of people, groups, categories and
// services. Each method delegates to the desk, which checks the actor's role again.
type Directory struct{ app *App }

// NewDirectory returns the directory facade of a.
func NewDirectory(a *App) *Directory { return &Directory{app: a} }

// DirectoryDTO is everything the administration screens list, active or not.
type DirectoryDTO struct {
	People     []people.User       `json:"people"`
	Groups     []GroupDTO          `json:"groups"`
	Categories []desk.CategoryItem `json:"categories"`
	Services   []desk.Service      `json:"services"`
	// Departments are every department, offered or not.
	Departments []people.Department `json:"departments"`
}

// List returns the whole directory.
func (s *Directory) List() (*DirectoryDTO, error) {
	ctx := context.Background()
	d, _, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	out := &DirectoryDTO{}
	if out.People, err = d.Everyone(ctx); err != nil {
		return nil, err
	}
	groups, err := d.People.Groups(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		m, err := d.People.Members(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		out.Groups = append(out.Groups, GroupDTO{Group: g, Members: m})
	}
	if out.Categories, err = d.CategoryList(ctx); err != nil {
		return nil, err
	}
	if out.Services, err = d.Services(ctx); err != nil {
		return nil, err
	}
	if out.Departments, err = d.Departments(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// write runs fn for the signed-in actor and tells the frontend the directory changed.
func write[T any](s *Directory, fn func(context.Context, *desk.Desk, people.Actor) (T, error)) (T, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	out, err := fn(ctx, d, actor)
	if err == nil {
		s.app.emit("directory:changed")
	}
	return out, err
}

// CreatePerson adds a person (admins only).
func (s *Directory) CreatePerson(u people.User) (*people.User, error) {
	return write(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*people.User, error) {
		return d.CreatePerson(ctx, a, u)
	})
}

// UpdatePerson edits a person's name, email, role or whether they are active.
func (s *Directory) UpdatePerson(id string, p desk.PersonPatch) (*people.User, error) {
	return write(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*people.User, error) {
		return d.UpdatePerson(ctx, a, id, p)
	})
}

// SaveGroup creates (id "") or edits a group (managers and admins).
func (s *Directory) SaveGroup(g people.Group) (*people.Group, error) {
	return write(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*people.Group, error) {
		return d.SaveGroup(ctx, a, g)
	})
}

// SetMember puts a person in a group or takes them out (managers and admins).
func (s *Directory) SetMember(groupID, userID string, member bool) error {
	_, err := write(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (struct{}, error) {
		return struct{}{}, d.SetMember(ctx, a, groupID, userID, member)
	})
	return err
}

// SaveCategory creates (id "") or edits a category or subcategory (managers and admins).
func (s *Directory) SaveCategory(c desk.CategoryItem) (*desk.CategoryItem, error) {
	return write(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*desk.CategoryItem, error) {
		return d.SaveCategory(ctx, a, c)
	})
}

// SaveService creates (id "") or edits a service (managers and admins).
func (s *Directory) SaveService(sv desk.Service) (*desk.Service, error) {
	return write(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*desk.Service, error) {
		return d.SaveService(ctx, a, sv)
	})
}

// SaveDepartment adds (id "") or edits a department (admins).
func (s *Directory) SaveDepartment(dep people.Department) (*people.Department, error) {
	return write(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*people.Department, error) {
		return d.SaveDepartment(ctx, a, dep)
	})
}
