// Package markdown renders user-written markdown (descriptions, comments, articles) to HTML
// that is safe to put in the webview: goldmark with raw HTML shown as text, then bluemonday's
// UGC policy, with images dropped so nothing remote is ever fetched.
package markdown

import (
	"bytes"
	"html"
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

var (
	once   sync.Once
	md     goldmark.Markdown
	policy *bluemonday.Policy
)

func setup() {
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(rawAsText{}, 100))),
	)
	policy = bluemonday.UGCPolicy()
	policy.RequireNoFollowOnLinks(true)
	policy.AllowURLSchemes("http", "https", "mailto")
}

// HTML renders src to sanitized HTML.
func HTML(src string) string {
	once.Do(setup)
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "<p>" + html.EscapeString(src) + "</p>"
	}
	return policy.Sanitize(imgTag.ReplaceAllString(buf.String(), ""))
}

// imgTag matches rendered images: they would fetch remote content into the webview (the CSP
// blocks it too), so they are dropped before sanitizing.
var imgTag = regexp.MustCompile(`(?i)<img\b[^>]*>`)

// rawAsText renders HTML that a person typed into markdown as visible, escaped text: what
// they wrote stays readable ("<script>" shows as such) and never becomes markup.
type rawAsText struct{}

func (rawAsText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := node.(*ast.RawHTML).Segments
			for i := range segs.Len() {
				seg := segs.At(i)
				_, _ = w.WriteString(html.EscapeString(string(seg.Value(source))))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ast.HTMLBlock)
		if entering {
			_, _ = w.WriteString("<p>")
			lines := n.Lines()
			for i := range lines.Len() {
				line := lines.At(i)
				_, _ = w.WriteString(html.EscapeString(string(line.Value(source))))
			}
		} else {
			if n.HasClosure() {
				_, _ = w.WriteString(html.EscapeString(string(n.ClosureLine.Value(source))))
			}
			_, _ = w.WriteString("</p>\n")
		}
		return ast.WalkContinue, nil
	})
}
