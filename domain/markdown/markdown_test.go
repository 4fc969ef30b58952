package markdown_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"outpost/domain/markdown"
)

func TestHTMLIsSanitized(t *testing.T) {
	tests := []struct {
		name, in      string
		want, wantNot []string
	}{
		{"emphasis", "**bold** and *it*", []string{"<strong>bold</strong>", "<em>it</em>"}, nil},
		{"list", "- a\n- b", []string{"<li>a</li>"}, nil},
		{"raw html block shown as text", "<script>alert(1)</script>\n\nhi", []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "hi"}, []string{"<script"}},
		{"inline raw html shown as text", "see <img src=x onerror=alert(1)> here", []string{"&lt;img src=x onerror=alert(1)&gt;"}, []string{"<img"}},
		{"event handler shown as text", `<b onmouseover="x()">b</b>`, []string{"&lt;b onmouseover="}, []string{"<b onmouseover"}},
		{"javascript link dropped", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"remote image dropped", "![a](https://evil.example/a.png)", nil, []string{"<img", "evil.example"}},
		{"iframe dropped", `<iframe src="https://x"></iframe>`, nil, []string{"<iframe"}},
		{"links get nofollow", "[site](https://example.com)", []string{`rel="nofollow"`}, nil},
		{"code kept as text", "`<b>`", []string{"<code>&lt;b&gt;</code>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := markdown.HTML(tt.in)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to contain %q", got, w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("got %q, want no %q", got, w)
				}
			}
		})
	}
}

// unsafe reports the first element or attribute in doc that could run or load something.
func unsafe(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "img", "object", "embed", "style", "link", "meta", "base", "form":
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "src" ||
					strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:") {
					return a.Key + "=" + a.Val
				}
			}
		}
	}
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{"**a**", "<script>x</script>", "[a](javascript:b)", "<img src=x onerror=y>", "```\n<b>\n```", "[x](JaVaScRiPt:alert(1))"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := markdown.HTML(s)
		if bad := unsafe(got); bad != "" {
			t.Fatalf("HTML(%q) = %q has %s", s, got, bad)
		}
	})
}

// TestXSSCorpus renders every payload of testdata/xss.json (the corpus the e2e test also puts
// in an article and checks in the browser), alone and all together: the output holds only
// the elements markdown makes, no attribute but a few inert ones, and links only to http(s)
// and mailto addresses (or relative ones, which the window's link guard never follows).
func TestXSSCorpus(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "xss.json"))
	if err != nil {
		t.Fatal(err)
	}
	var corpus []string
	if err := json.Unmarshal(b, &corpus); err != nil {
		t.Fatal(err)
	}
	if len(corpus) < 40 {
		t.Fatalf("the corpus has %d payloads", len(corpus))
	}
	for i, p := range append(corpus, strings.Join(corpus, "\n\n")) {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			got := markdown.HTML(p)
			if bad := unsafe(got); bad != "" {
				t.Fatalf("HTML(%q) = %q has %s", p, got, bad)
			}
			if bad := outsideMarkdown(got); bad != "" {
				t.Fatalf("HTML(%q) = %q has %s", p, got, bad)
			}
		})
	}
}

// outsideMarkdown reports the first element, attribute or link in doc that markdown alone
// would not make.
func outsideMarkdown(doc string) string {
	tags := map[string]bool{"p": true, "a": true, "em": true, "strong": true, "code": true, "pre": true, "ul": true,
		"ol": true, "li": true, "blockquote": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true,
		"td": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true, "br": true, "del": true}
	attrs := map[string]bool{"href": true, "rel": true, "title": true, "align": true, "class": true}
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if !tags[tok.Data] {
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				if !attrs[a.Key] {
					return a.Key + "=" + a.Val
				}
				if a.Key == "href" {
					u, err := url.Parse(a.Val)
					if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
						return "href=" + a.Val
					}
				}
			}
		}
	}
}
