package view

import "outpost/domain/kind"

// EntityView is the record kind of a saved view.
const EntityView = "saved_view"

// A view is private: only its owner, and the members of the group it is shared with, see
// it and pull it, whatever their role. Its content (the query and the columns) is each one
// value, last writer wins: a query is chosen as a whole. Its subject says which list the
// query is of (the ticket queue, or the asset list), so both lists' views are one kind. Deleting archives, so the delete
// reaches the owner's other desks.
func init() {
	kind.Register(&kind.Type{
		Entity: EntityView, Table: "saved_views",
		Owners: []string{"ownerId"}, Private: true, Audience: "groupId",
		Rules: Rules,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "ownerId", Column: "owner_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: 4 * MaxName},
			{Name: "position", Column: "position", Kind: kind.LWW, Type: kind.Int, Min: 0, MaxInt: 1 << 20},
			{Name: "groupId", Column: "group_id", Kind: kind.LWW, Type: kind.NullText, Ref: "group"},
			// subject is what the view lists: null (every view saved before assets had views)
			// is the ticket queue, "assets" the asset list. Fixed: a view never changes list.
			{Name: "subject", Column: "subject", Kind: kind.Fixed, Type: kind.NullText, Max: 20},
			{Name: "query", Column: "query", Kind: kind.LWW, Type: kind.Text, Max: MaxQuery},
			{Name: "columns", Column: "columns", Kind: kind.LWW, Type: kind.Text, Max: 1000},
			{Name: "archived", Column: "archived", Kind: kind.Archive, Type: kind.Bool},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int},
		},
	})
}

// MaxQuery is the longest query a view keeps, in bytes of its JSON.
const MaxQuery = 8000
