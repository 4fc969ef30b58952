package app

import (
	"context"

	"outpost/domain/asset"
	"outpost/domain/desk"
	"outpost/domain/people"
)

// Assets is bound to the frontend: the asset list and page, status moves, relationships and
// impact, and the inventory of this machine. Each method delegates to the desk's asset
// service, which checks the actor's role again.
type Assets struct{ app *App }

// NewAssets returns the assets facade of a.
func NewAssets(a *App) *Assets { return &Assets{app: a} }

// AssetMetaDTO is what the asset forms offer: classes, hardware types, statuses with the
// moves each allows, relationship types and each class's attributes.
type AssetMetaDTO struct {
	Classes       []asset.Class       `json:"classes"`
	HardwareTypes []string            `json:"hardwareTypes"`
	Statuses      []asset.Status      `json:"statuses"`
	Moves         map[string][]string `json:"moves"`
	RelTypes      []asset.RelType     `json:"relTypes"`
	Attributes    map[string][]string `json:"attributes"`
}

// Meta returns the asset forms' vocabulary.
func (s *Assets) Meta() AssetMetaDTO {
	out := AssetMetaDTO{Classes: asset.Classes, HardwareTypes: asset.HardwareTypes, Statuses: asset.Statuses,
		RelTypes: asset.RelTypes, Moves: map[string][]string{}, Attributes: map[string][]string{}}
	for _, st := range asset.Statuses {
		moves := []string{}
		for _, m := range asset.Moves(st) {
			moves = append(moves, string(m))
		}
		out.Moves[string(st)] = moves
	}
	for _, c := range asset.Classes {
		out.Attributes[string(c)] = asset.AttributeNames(c)
	}
	return out
}

// NewAssetDTO is a new asset: its class and first status, and its fields.
type NewAssetDTO struct {
	Class  asset.Class  `json:"class"`
	Status asset.Status `json:"status"`
	Fields asset.Edit   `json:"fields"`
}

// call runs fn for the signed-in actor.
func call[T any](s *Assets, fn func(context.Context, *desk.Desk, people.Actor) (T, error)) (T, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(ctx, d, actor)
}

// change runs fn like call and tells the frontend the assets changed.
func change[T any](s *Assets, fn func(context.Context, *desk.Desk, people.Actor) (T, error)) (T, error) {
	out, err := call(s, fn)
	if err == nil {
		s.app.emit("asset:changed")
	}
	return out, err
}

// List returns a page of the assets the signed-in person may see.
func (s *Assets) List(q asset.Query) (*asset.Page, error) {
	return call(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.Page, error) {
		return d.Assets.List(ctx, a, q)
	})
}

// Get returns an asset.
func (s *Assets) Get(id string) (*asset.Row, error) {
	return call(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.Row, error) {
		return d.Assets.Get(ctx, a, id)
	})
}

// Links lists an asset's relationships, both ways.
func (s *Assets) Links(id string) ([]asset.Link, error) {
	return call(s, func(ctx context.Context, d *desk.Desk, a people.Actor) ([]asset.Link, error) {
		return d.Assets.Links(ctx, a, id)
	})
}

// History is an asset's audit trail.
func (s *Assets) History(id string) ([]asset.HistoryEntry, error) {
	return call(s, func(ctx context.Context, d *desk.Desk, a people.Actor) ([]asset.HistoryEntry, error) {
		return d.Assets.History(ctx, a, id)
	})
}

// Impact analyses what depends on a CI (staff).
func (s *Assets) Impact(id string) (*asset.Impact, error) {
	return call(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.Impact, error) {
		return d.Assets.Impact(ctx, a, id)
	})
}

// Create registers an asset (agents and above).
func (s *Assets) Create(n NewAssetDTO) (*asset.Asset, error) {
	return change(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.Asset, error) {
		return d.Assets.Create(ctx, a, n.Class, n.Status, n.Fields)
	})
}

// Update edits an asset's fields (agents and above).
func (s *Assets) Update(id string, e asset.Edit) (*asset.Asset, error) {
	return change(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.Asset, error) {
		return d.Assets.Update(ctx, a, id, e)
	})
}

// Move changes an asset's status by the table of moves (agents and above).
func (s *Assets) Move(id, to string) (*asset.Asset, error) {
	return change(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.Asset, error) {
		return d.Assets.Move(ctx, a, id, asset.Status(to))
	})
}

// Relate makes a relationship from a CI to another, or to a person for used by.
func (s *Assets) Relate(from, target, relType string) (*asset.Relation, error) {
	return change(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.Relation, error) {
		return d.Assets.Relate(ctx, a, from, target, asset.RelType(relType))
	})
}

// Unrelate removes a relationship.
func (s *Assets) Unrelate(id string) error {
	_, err := change(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (struct{}, error) {
		return struct{}{}, d.Assets.Unrelate(ctx, a, id)
	})
	return err
}
