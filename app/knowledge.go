package app

import (
	"context"

	"outpost/domain/knowledge"
	"outpost/domain/markdown"
)

// Knowledge is bound to the frontend: the knowledge articles. Every call re-reads the actor
// and delegates to the domain, which checks the actor's role.
type Knowledge struct{ app *App }

// NewKnowledge returns the knowledge facade of a.
func NewKnowledge(a *App) *Knowledge { return &Knowledge{app: a} }

// ArticleView is an article as its page shows it: the record, its body rendered from
// markdown and sanitized, what the signed-in person may do to it (from the domain's rules,
// so the UI copies none), and its counts.
type ArticleView struct {
	Article    knowledge.Article `json:"article"`
	BodyHTML   string            `json:"bodyHtml"`
	Allowed    knowledge.Allowed `json:"allowed"`
	Helpful    int64             `json:"helpful"`
	NotHelpful int64             `json:"notHelpful"`
	Views      int64             `json:"views"`
	MyVote     *bool             `json:"myVote"`
}

func (k *Knowledge) view(ctx context.Context, id string) (*ArticleView, error) {
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	det, err := d.Knowledge.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return &ArticleView{Article: det.Article, BodyHTML: markdown.HTML(det.Body), Allowed: det.Allowed,
		Helpful: det.Helpful, NotHelpful: det.NotHelpful, Views: det.Views, MyVote: det.MyVote}, nil
}

// Get returns an article as its page shows it.
func (k *Knowledge) Get(id string) (*ArticleView, error) { return k.view(context.Background(), id) }

// Open returns an article and counts the opening as a view.
func (k *Knowledge) Open(id string) (*ArticleView, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.Knowledge.Viewed(ctx, actor, id); err != nil {
		return nil, err
	}
	return k.view(ctx, id)
}

// Search finds articles (with no text: the latest changed).
func (k *Knowledge) Search(q knowledge.Query) ([]knowledge.Hit, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Knowledge.Search(ctx, actor, q)
}

// Suggest finds published articles matching what the signed-in person is writing.
func (k *Knowledge) Suggest(text string) ([]knowledge.Hit, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Knowledge.Suggest(ctx, actor, text, 5)
}

// Preview renders markdown as an article's page would show it.
func (k *Knowledge) Preview(body string) (string, error) {
	if _, _, err := k.app.who(context.Background()); err != nil {
		return "", err
	}
	return markdown.HTML(body), nil
}

func (k *Knowledge) changed(id string) { k.app.emit("article:changed", id) }

// Create writes a new draft article.
func (k *Knowledge) Create(a knowledge.NewArticle) (*ArticleView, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	art, err := d.Knowledge.Create(ctx, actor, a)
	if err != nil {
		return nil, err
	}
	k.changed(art.ID)
	return k.view(ctx, art.ID)
}

// Update edits an article.
func (k *Knowledge) Update(id string, p knowledge.Patch) (*ArticleView, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := d.Knowledge.Update(ctx, actor, id, p); err != nil {
		return nil, err
	}
	k.changed(id)
	return k.view(ctx, id)
}

// Move takes an article to another state of its lifecycle.
func (k *Knowledge) Move(id string, to knowledge.State) (*ArticleView, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := d.Knowledge.Move(ctx, actor, id, to); err != nil {
		return nil, err
	}
	k.changed(id)
	return k.view(ctx, id)
}

// Vote records whether the signed-in person found the article helpful.
func (k *Knowledge) Vote(id string, helpful bool) (*ArticleView, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.Knowledge.Vote(ctx, actor, id, helpful); err != nil {
		return nil, err
	}
	k.changed(id)
	return k.view(ctx, id)
}

// Versions lists an article's versions, oldest first.
func (k *Knowledge) Versions(id string) ([]knowledge.Version, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Knowledge.Versions(ctx, actor, id)
}

// Diff compares two versions of an article.
func (k *Knowledge) Diff(id, from, to string) (*knowledge.Diff, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Knowledge.Diff(ctx, actor, id, from, to)
}

// Related is what a ticket's page shows of knowledge: the articles linked to it, and
// published ones matching its text.
type Related struct {
	Linked    []knowledge.Hit `json:"linked"`
	Suggested []knowledge.Hit `json:"suggested"`
}

// Related returns the articles linked to a ticket and those matching its text.
func (k *Knowledge) Related(ticketID string) (*Related, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	tk, err := d.Tickets.Get(ctx, actor, ticketID)
	if err != nil {
		return nil, err
	}
	linked, err := d.Knowledge.Linked(ctx, actor, ticketID)
	if err != nil {
		return nil, err
	}
	sug, err := d.Knowledge.Suggest(ctx, actor, tk.Title+"\n"+tk.Description, 5)
	if err != nil {
		return nil, err
	}
	return &Related{Linked: linked, Suggested: sug}, nil
}

// Link relates an article to a ticket.
func (k *Knowledge) Link(ticketID, articleID string) (*Related, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.Knowledge.Link(ctx, actor, ticketID, articleID); err != nil {
		return nil, err
	}
	k.app.emit("ticket:changed", ticketID)
	return k.Related(ticketID)
}

// FromTicket prefills a new article from a resolved ticket.
func (k *Knowledge) FromTicket(ticketID string) (*knowledge.NewArticle, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Knowledge.FromTicket(ctx, actor, ticketID)
}

// Deflected records that the signed-in person gave up the ticket they were writing after
// opening these articles: one deflection, credited to the last one opened.
func (k *Knowledge) Deflected(articleIDs []string) error {
	if len(articleIDs) == 0 {
		return nil
	}
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return err
	}
	return d.Knowledge.Deflected(ctx, actor, articleIDs[len(articleIDs)-1])
}

// Stats are the knowledge figures the Knowledge section shows staff.
type Stats struct {
	Deflections int64 `json:"deflections"`
}

// Stats returns the knowledge figures (staff only).
func (k *Knowledge) Stats() (*Stats, error) {
	ctx := context.Background()
	d, actor, err := k.app.who(ctx)
	if err != nil {
		return nil, err
	}
	n, err := d.Knowledge.Deflections(ctx, actor)
	if err != nil {
		return nil, err
	}
	return &Stats{Deflections: n}, nil
}

// Limits returns the article text limits for the forms.
func (k *Knowledge) Limits() map[string]int { return knowledge.Limits() }
