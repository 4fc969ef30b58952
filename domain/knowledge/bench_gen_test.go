package knowledge_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/desk"
	"outpost/domain/kind"
	"outpost/domain/knowledge"
	"outpost/domain/replica"
	"outpost/domain/store"
)

// The generator of the benchmarks' articles. Changing this file rebuilds the cached profile.
//
// An article is about one topic (its title's), whose word its body repeats, with a problem;
// the rest of its text is drawn from a vocabulary of 4000 made-up words by a Zipf law (a few
// words in almost every article, most in few), as text is; now and then it names another
// topic. So a topic's word is in a few percent of the articles and a rare word in fewer, as
// in a desk's real knowledge base, not in every article.

// The articles' words: IT topics a desk writes about, and the problems they have.
var (
	topics = []string{"vpn", "printer", "outlook", "password", "laptop", "wifi", "monitor", "teams", "excel", "backup",
		"firmware", "invoice", "scanner", "keyboard", "docking", "bitlocker", "mfa", "sharepoint", "onedrive", "citrix",
		"visio", "licence", "phishing", "antivirus", "browser", "certificate", "proxy", "dns", "driver", "webcam"}
	problems = []string{"does not connect", "keeps asking for a password", "jams", "is slow", "crashes on start",
		"shows error 0x80070005", "cannot sync", "expired", "is locked", "prints blank pages", "drops every hour",
		"is not detected", "freezes", "asks to activate", "blocks the download"}
	vocabulary = madeUpWords(4000)
)

// madeUpWords returns n distinct pronounceable words, the same on every run.
func madeUpWords(n int) []string {
	cons, vows := []string{"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"}, []string{"a", "e", "i", "o", "u"}
	rng := rand.New(rand.NewPCG(7, 11))
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		var b strings.Builder
		for range 2 + rng.IntN(2) {
			b.WriteString(cons[rng.IntN(len(cons))])
			b.WriteString(vows[rng.IntN(len(vows))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// zipf draws a word index: rank r with a weight of about 1/r.
func zipf(rng *rand.Rand, n int) int {
	return min(n-1, int(math.Exp(rng.Float64()*math.Log(float64(n))))-1)
}

// bulkArticles writes n articles (most published, a fifth staff only) with a few votes,
// straight into the tables and the search index: the generator of a profile, not a use of
// the service.
func bulkArticles(ctx context.Context, d *desk.Desk, n int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x6b6e6f77))
	var owner string
	if err := d.DB.Raw(`SELECT id FROM users WHERE role IN ('agent', 'manager') ORDER BY id LIMIT 1`).Scan(&owner).Error; err != nil {
		return err
	}
	var voters []string
	if err := d.DB.Raw(`SELECT id FROM users ORDER BY id LIMIT 200`).Scan(&voters).Error; err != nil {
		return err
	}
	at, _ := kind.Lookup(knowledge.EntityArticle)
	vt, _ := kind.Lookup(knowledge.EntityVote)
	raw := func(v any) json.RawMessage {
		b, _ := json.Marshal(v)
		return b
	}
	var docs, votes []kind.Doc
	var locals, vlocals []map[string]any
	ids := make([]string, 0, n)
	for i := range n {
		topic, problem := topics[rng.IntN(len(topics))], problems[rng.IntN(len(problems))]
		var b strings.Builder
		fmt.Fprintf(&b, "## When the %s %s\n\n", topic, problem)
		for p := range 3 + rng.IntN(4) {
			for w := range 40 + rng.IntN(60) {
				if w > 0 {
					b.WriteByte(' ')
				}
				switch r := rng.IntN(100); {
				case r < 3:
					b.WriteString(topic)
				case r == 3 && rng.IntN(8) == 0:
					b.WriteString(topics[rng.IntN(len(topics))])
				default:
					b.WriteString(vocabulary[zipf(rng, len(vocabulary))])
				}
			}
			b.WriteString(".\n\n")
			if p == 0 {
				b.WriteString("1. Open the settings.\n2. Reset the " + topic + ".\n\n")
			}
		}
		state, aud := knowledge.Published, knowledge.ForRequesters
		if rng.IntN(10) == 0 {
			state = []knowledge.State{knowledge.Draft, knowledge.Review, knowledge.Retired}[rng.IntN(3)]
		}
		if rng.IntN(5) == 0 {
			aud = knowledge.StaffOnly
		}
		id := uuid.Must(uuid.NewV7()).String()
		ids = append(ids, id)
		created := benchNow.Add(-time.Duration(rng.IntN(365*24)) * time.Hour).UnixMilli()
		docs = append(docs, kind.Doc{"id": raw(id), "number": raw(knowledge.FormatNumber(int64(1001 + i))), "type": raw("article"),
			"title": raw(fmt.Sprintf("The %s %s (%d)", topic, problem, i)), "body": raw(b.String()), "category": raw("IT"),
			"audience": raw(aud), "ownerId": raw(owner), "reviewAt": raw(nil), "state": raw(state), "sourceTicketId": raw(nil),
			"createdBy": raw(owner), "createdAt": raw(created)})
		locals = append(locals, map[string]any{"updatedAt": created})
		for range rng.IntN(4) {
			vid := uuid.Must(uuid.NewV7()).String()
			votes = append(votes, kind.Doc{"id": raw(vid), "articleId": raw(id), "userId": raw(voters[rng.IntN(len(voters))]),
				"helpful": raw(rng.IntN(3) > 0), "createdAt": raw(created)})
			vlocals = append(vlocals, map[string]any{})
		}
	}
	return store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		if err := replica.InsertMany(tx, at, docs, locals); err != nil {
			return err
		}
		if err := replica.InsertMany(tx, vt, votes, vlocals); err != nil {
			return err
		}
		if err := knowledge.Reindex(tx, ids); err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO counters(kind, next) VALUES ('article', ?) ON CONFLICT(kind) DO UPDATE SET next = excluded.next`, 1001+n).Error
	})
}
