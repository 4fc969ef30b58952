package knowledge

// SnippetOf is snippetOf, for the tests.
var SnippetOf = snippetOf
