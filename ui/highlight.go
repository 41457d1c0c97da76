package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/themes"
)

// highlightPython colors code read-only, line by line, from the theme's
// syntax roles. Code is untrusted too: each piece goes through termsafe.
// The editor stays plain: re-lexing on every keystroke would cost typing
// latency for little.
func highlightPython(st *themes.Styles, code string) []string {
	lexer := lexers.Get("python")
	if lexer == nil {
		return strings.Split(termsafe.String(code), "\n")
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return strings.Split(termsafe.String(code), "\n")
	}
	lines := []string{""}
	for tok := it(); tok != chroma.EOF; tok = it() {
		style := tokenStyle(st, tok.Type)
		for i, part := range strings.Split(tok.Value, "\n") {
			if i > 0 {
				lines = append(lines, "")
			}
			if part != "" {
				lines[len(lines)-1] += style.Render(termsafe.String(part))
			}
		}
	}
	if len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func tokenStyle(st *themes.Styles, t chroma.TokenType) lipgloss.Style {
	switch {
	case t.InCategory(chroma.Comment):
		return st.Code.Comment
	case t.InCategory(chroma.Keyword):
		return st.Code.Keyword
	case t.InSubCategory(chroma.LiteralString):
		return st.Code.String
	case t.InSubCategory(chroma.LiteralNumber):
		return st.Code.Number
	case t == chroma.NameBuiltin || t == chroma.NameBuiltinPseudo:
		return st.Code.Builtin
	case t == chroma.NameFunction || t == chroma.NameClass || t == chroma.NameDecorator:
		return st.Code.Function
	case t.InCategory(chroma.Operator):
		return st.Code.Operator
	}
	return st.Code.Text
}
