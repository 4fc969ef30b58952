package markdown_test

import (
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
