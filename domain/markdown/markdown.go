// Package markdown renders user-written markdown (descriptions, comments, articles) to HTML
// that is safe to put in the webview: goldmark without raw HTML, then bluemonday's UGC policy
// with links forced to open nowhere but as plain references.
package markdown

import (
	"bytes"
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	once   sync.Once
	md     goldmark.Markdown
	policy *bluemonday.Policy
)

func setup() {
	// goldmark leaves raw HTML out unless html.WithUnsafe is given.
	md = goldmark.New(goldmark.WithExtensions(extension.GFM))
	policy = bluemonday.UGCPolicy()
	policy.RequireNoFollowOnLinks(true)
	policy.AllowURLSchemes("http", "https", "mailto")
}

// HTML renders src to sanitized HTML.
func HTML(src string) string {
	once.Do(setup)
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return policy.Sanitize("<p>" + bluemonday.StrictPolicy().Sanitize(src) + "</p>")
	}
	return policy.Sanitize(imgTag.ReplaceAllString(buf.String(), ""))
}

// imgTag matches rendered images: they would fetch remote content into the webview (the CSP
// blocks it too), so they are dropped before sanitizing.
var imgTag = regexp.MustCompile(`(?i)<img\b[^>]*>`)
