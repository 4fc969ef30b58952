package app

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"outpost/domain/canned"
	"outpost/domain/demo"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/satisfaction"
	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// Session is bound to the frontend: who is signed in, reference data, settings, readiness.
type Session struct{ app *App }

// NewSession returns the session facade of a.
func NewSession(a *App) *Session { return &Session{app: a} }

// Me describes the signed-in user and the profile.
type Me struct {
	User        people.User `json:"user"`
	Groups      []string    `json:"groups"`
	ProfilePath string      `json:"profilePath"`
	DeviceID    string      `json:"deviceId"`
	DemoOffered bool        `json:"demoOffered"`
	// NeedsIntroduction: first start, the person has yet to give their name and email.
	NeedsIntroduction bool `json:"needsIntroduction"`
	TestHooks         bool `json:"testHooks"`
}

// Me returns the signed-in user.
func (s *Session) Me() (*Me, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	u, err := d.People.User(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	offered, _ := d.Setting(ctx, "demo_offered")
	return &Me{User: *u, Groups: actor.Groups, ProfilePath: d.Path, DeviceID: d.DeviceID,
		DemoOffered: offered == "1", NeedsIntroduction: d.NeedsIntroduction(ctx), TestHooks: s.app.opts.TestHooks}, nil
}

// Ready is called by the frontend once its first screen has data: the queue's rows (or a
// requester's home) are in the page, laid out and painted next. It prints the time from
// process start, which the desktop smoke test and the start-up benchmark wait for.
func (s *Session) Ready() {
	s.app.ready.Do(func() {
		fmt.Printf("outpost: ready %d ms\n", time.Since(s.app.opts.Started).Milliseconds())
	})
}

// Painted is called by the frontend once that first screen is painted, with the paint's time
// (Unix ms, from the page's paint timing). It prints it from process start, as Ready does:
// the start-up benchmark reports it beside ready.
func (s *Session) Painted(at float64) {
	s.app.painted.Do(func() {
		fmt.Printf("outpost: painted %d ms\n", time.UnixMicro(int64(at*1000)).Sub(s.app.opts.Started).Milliseconds())
		// Start-up's garbage (the migrations check, the bindings' reflection, the first
		// screen's JSON) is freed by now but stays resident until Go's background scavenger
		// returns it, minutes later: return it now, once, off the first screen's path (a
		// collection beside the page's first layout took a core from it).
		go debug.FreeOSMemory()
	})
}

// Reference is the data forms need: people, groups, categories and the enums.
type Reference struct {
	Users      []people.User   `json:"users"`
	Groups     []GroupDTO      `json:"groups"`
	Categories []desk.Category `json:"categories"`
	// Services are the names of the services offered on the ticket form (a ticket's service
	// stays text: a value typed before the list existed stays valid).
	Services []string `json:"services"`
	// ServiceRefs are the same services with their ids: a ticket refers to one by id.
	ServiceRefs     []ServiceRef  `json:"serviceRefs"`
	Matrix          ticket.Matrix `json:"matrix"`
	Sources         []string      `json:"sources"`
	HoldReasons     []string      `json:"holdReasons"`
	ResolutionCodes []string      `json:"resolutionCodes"`
	Views           []ViewDTO     `json:"views"`
	// Departments are the departments offered (every one: requesters pick from every
	// department's catalog); MyDepartments, the ids of those the person works in (staff: their
	// groups' departments, or all of them; a requester: none), which the switcher offers.
	Departments   []people.Department `json:"departments"`
	MyDepartments []string            `json:"myDepartments"`
	// Limits are the most characters each text field holds, keyed "form.field" (e.g.
	// "ticket.title"): the domain's own limits, which forms show while typing.
	Limits map[string]int `json:"limits"`
}

// ServiceRef is a service a ticket may refer to.
type ServiceRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// GroupDTO is an assignment group with its members.
type GroupDTO struct {
	people.Group
	Members []string `json:"members"`
}

// ViewDTO is a saved queue view.
type ViewDTO struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Reference returns what forms and filters need.
func (s *Session) Reference() (*Reference, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	users, err := d.People.Users(ctx)
	if err != nil {
		return nil, err
	}
	groups, err := d.People.Groups(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := d.Categories(ctx)
	if err != nil {
		return nil, err
	}
	ref := &Reference{Users: users, Categories: cats, Matrix: d.Tickets.Matrix, Sources: ticket.Sources,
		HoldReasons: ticket.HoldReasons, ResolutionCodes: ticket.ResolutionCodes, Limits: ticket.Limits()}
	for _, l := range []map[string]int{people.Limits(), sla.Limits(), canned.Limits()} {
		for k, v := range l {
			ref.Limits[k] = v
		}
	}
	ref.Limits["rating.comment"] = satisfaction.MaxComment
	services, err := d.Services(ctx)
	if err != nil {
		return nil, err
	}
	ref.Services, ref.ServiceRefs = []string{}, []ServiceRef{}
	for _, sv := range services {
		if sv.Active {
			ref.Services = append(ref.Services, sv.Name)
			ref.ServiceRefs = append(ref.ServiceRefs, ServiceRef{ID: sv.ID, Name: sv.Name})
		}
	}
	for _, g := range groups {
		if !g.Active {
			continue // pickers offer the groups that take tickets
		}
		m, err := d.People.Members(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		ref.Groups = append(ref.Groups, GroupDTO{Group: g, Members: m})
	}
	for _, v := range ticket.ViewsFor(actor) {
		ref.Views = append(ref.Views, ViewDTO{ID: v.ID, Name: v.Name})
	}
	deps, err := d.Departments(ctx)
	if err != nil {
		return nil, err
	}
	ref.Departments = []people.Department{}
	for _, dep := range deps {
		if dep.Active {
			ref.Departments = append(ref.Departments, dep)
		}
	}
	if ref.MyDepartments, err = d.DepartmentsOf(ctx, actor); err != nil {
		return nil, err
	}
	return ref, nil
}

// Welcome answers the first start: the person's name and email make them the profile's
// admin (while the profile still asks), then the demo desk is loaded or not. A refused name
// or email changes nothing.
func (s *Session) Welcome(name, email string, loadDemo bool) (*Me, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if err := actor.Require(people.Admin, "answer the welcome"); err != nil {
		return nil, err
	}
	if _, err := d.Introduce(ctx, name, email); err != nil {
		return nil, err
	}
	if _, err := s.LoadDemo(loadDemo); err != nil {
		return nil, err
	}
	return s.Me()
}

// LoadDemo fills the profile with a realistic demo desk (or just records that the user said
// no) so the welcome offer is not shown again.
func (s *Session) LoadDemo(load bool) (int, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return 0, err
	}
	if err := actor.Require(people.Admin, "load demo data"); err != nil {
		return 0, err
	}
	n := 0
	if load {
		if n, err = demo.Load(ctx, d, actor, 300, 42); err != nil {
			return 0, err
		}
	}
	if err := d.SetSetting(ctx, "demo_offered", "1"); err != nil {
		return 0, err
	}
	s.app.emit("ticket:changed", "")
	return n, nil
}

// SwitchUser acts as another user: how one desktop serves a small office, and how tests check
// what each role may do. A person with a password is switched to only with it; one without
// only by the profile's admin. On a profile without passwords anyone may switch back to the
// admin; once someone has a password, nobody switches to a passwordless admin but the admin.
func (s *Session) SwitchUser(userID, password string) (*Me, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	owner, err := d.Owner(ctx)
	if err != nil {
		return nil, err
	}
	if a := s.app.syncUser(); a != "" && userID != a {
		return nil, fmt.Errorf("switch user: this profile is signed in to a server as one user: %w", fault.ErrForbidden)
	}
	holders, err := d.Credentials.Holders(ctx)
	if err != nil {
		return nil, err
	}
	guarded, err := d.Credentials.Guarded(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case slices.Contains(holders, userID):
		if _, err := d.Credentials.Verify(ctx, userID, password); err != nil {
			return nil, signInError(err)
		}
	case actor.ID == owner.ID:
	case !guarded && userID == owner.ID:
	default:
		return nil, fmt.Errorf("switch user: %w", fault.ErrForbidden)
	}
	next, err := d.People.ActorFor(ctx, userID)
	if err != nil {
		return nil, err
	}
	s.app.enter(next)
	return s.Me()
}

// CreateUser adds a user (admins only), logged and audited as the directory's writes are.
func (s *Session) CreateUser(u people.User) (*people.User, error) {
	return NewDirectory(s.app).CreatePerson(u)
}

// AdvanceClock moves the app's clock forward; only with test hooks enabled.
func (s *Session) AdvanceClock(minutes int) error {
	if !s.app.opts.TestHooks {
		return fmt.Errorf("advance clock: test hooks are off: %w", fault.ErrForbidden)
	}
	s.app.clock.Advance(time.Duration(minutes) * time.Minute)
	s.app.emit("clock:advanced", minutes)
	// The idle lock reads the same clock: skipped time may lock the desk, as a real wait would.
	s.app.checkIdle()
	// What the cron would have done in the skipped time happens now, as after a sleep.
	_, err := s.app.sweepSLA(context.Background())
	return err
}

// SetTheme matches the native title bar to the UI theme: "system", "light" or "dark". Only
// Windows draws its own title bar colours; elsewhere the window manager decides.
func (s *Session) SetTheme(theme string) error {
	if s.app.ctx == nil || s.app.ctx.Value("events") == nil {
		return nil
	}
	switch theme {
	case "light":
		wruntime.WindowSetLightTheme(s.app.ctx)
	case "dark":
		wruntime.WindowSetDarkTheme(s.app.ctx)
	case "system":
		wruntime.WindowSetSystemDefaultTheme(s.app.ctx)
	default:
		return fault.Field("theme", "theme must be system, light or dark")
	}
	return nil
}

// Print opens the system print dialog for the window; the page shows only the open ticket
// when printed (its print stylesheet), so this prints a ticket, or saves it as a PDF.
func (s *Session) Print() error {
	ctx := context.Background()
	if _, _, err := s.app.who(ctx); err != nil {
		return err
	}
	if err := s.app.desktop().Print(ctx); err != nil {
		return fmt.Errorf("print: %w", err)
	}
	return nil
}

// Settings returns the desk-wide options.
func (s *Session) Settings() (*desk.Settings, error) {
	ctx := context.Background()
	d, _, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	st := d.Settings(ctx)
	return &st, nil
}

// SaveSettings stores the desk-wide options (admins only).
func (s *Session) SaveSettings(st desk.Settings) (*desk.Settings, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.SaveSettings(ctx, actor, st); err != nil {
		return nil, err
	}
	return s.Settings()
}
