// Package snippet finds the Python code to run in a file that may be an
// LLM answer written in Markdown.
//
// Models usually answer with prose around one or more fenced code blocks.
// Running such a file as Python fails on the first line of prose, so
// [Extract] pulls the code out of the fences and [Snippet.Describe] tells
// the user which blocks were run, so the selection is never silent.
package snippet

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Block is one fenced code block that was selected to run.
type Block struct {
	// Lang is the first word of the fence's info string, in the case it
	// was written, with attribute forms such as "{.python}" and
	// "{python}" unwrapped. It is "" for an untagged fence.
	Lang string

	// StartLine and EndLine are the 1-based lines of the source holding
	// the code inside the fence, fences excluded.
	//
	// # Notes
	//
	//   - An empty block has EndLine == StartLine-1.
	StartLine, EndLine int
}

// Snippet is the code to run and where it came from.
type Snippet struct {
	// Code is the program text. When FromMarkdown is false it is the
	// source exactly as given, minus a leading UTF-8 byte order mark.
	Code string

	// FromMarkdown is true when Code was pulled out of fenced blocks.
	FromMarkdown bool

	// Blocks are the blocks used, in source order. It is empty when
	// FromMarkdown is false.
	Blocks []Block

	// TotalBlocks counts every fenced block found, of any language, so a
	// caller can say how many were skipped. It is 0 for a *.py file,
	// whose fences are never looked for.
	TotalBlocks int
}

// Extract returns the code to run from src, the contents of the file
// called name.
//
// When src holds fenced blocks tagged as Python (python, py, python3,
// py3, in any case, also as "{.python}" or "{python}"), Code is all of them in order. Failing
// that, when it holds untagged fences, Code is all of those. Otherwise
// Code is the whole of src: a file with no fences, or only fences of
// other languages, is taken to be a program.
//
// # Notes
//
//   - Files named *.py or *.pyw are never read as Markdown, since a
//     docstring can legitimately contain fences.
//   - "pycon" blocks are REPL transcripts, not programs, and are skipped.
//   - Fences follow CommonMark: up to 3 spaces of indent, 3 or more
//     backticks or tildes, closed by a line of at least as many of the
//     same character; an unclosed fence runs to the end of the file.
//     Fences nested in block quotes or deeply indented list items are
//     not recognised.
//   - Extracted lines lose the opening fence's indent and any CR of a
//     CRLF ending, and each ends with "\n".
//   - Invalid UTF-8 is passed through untouched.
//   - Source not named as Markdown (*.md, *.markdown, …) whose first fence
//     opens inside a triple-quoted string (an odd number of triple quotes
//     of one kind before it, outside `inline code`) is a program, not
//     Markdown: a Python file pasted or piped in may show a fence in a
//     docstring.
func Extract(name string, src []byte) Snippet {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	whole := Snippet{Code: string(src)}
	if isPythonFile(name) {
		return whole
	}
	lines := splitLines(src)
	blocks := findBlocks(lines)
	if len(blocks) > 0 && !isMarkdownFile(name) && insideTripleQuotes(lines[:blocks[0].start-2]) {
		return whole // a program whose docstring or string shows a fence
	}
	whole.TotalBlocks = len(blocks)

	var picked []fenced
	for _, b := range blocks {
		if isPython(b.lang) {
			picked = append(picked, b)
		}
	}
	if len(picked) == 0 {
		for _, b := range blocks {
			if b.lang == "" {
				picked = append(picked, b)
			}
		}
	}
	if len(picked) == 0 {
		return whole
	}

	var code strings.Builder
	s := Snippet{FromMarkdown: true, TotalBlocks: len(blocks)}
	for _, b := range picked {
		for i := b.start; i <= b.end; i++ {
			code.WriteString(stripIndent(lines[i-1], b.indent))
			code.WriteByte('\n')
		}
		s.Blocks = append(s.Blocks, Block{Lang: b.lang, StartLine: b.start, EndLine: b.end})
	}
	s.Code = code.String()
	return s
}

// Describe returns one line for stderr saying which blocks of the file
// called name are being run, or "" when s did not come from Markdown.
//
// For example:
//
//	pyplay: answer.md is Markdown: running 2 of 3 fenced blocks (python, lines 4-9 and 15-20)
func (s Snippet) Describe(name string) string { return s.describe(name, "running") }

// DescribeKept is Describe for an editor that loaded the blocks, where
// nothing runs yet: "answer.md is Markdown: kept 2 of 3 fenced blocks
// (python, lines 4-9 and 15-20)".
func (s Snippet) DescribeKept(name string) string { return s.describe(name, "kept") }

func (s Snippet) describe(name, verb string) string {
	if !s.FromMarkdown {
		return ""
	}
	if name == "" || name == "-" {
		name = "standard input"
	}
	kind := "untagged"
	if len(s.Blocks) > 0 && s.Blocks[0].Lang != "" {
		kind = "python"
	}
	noun := "blocks"
	if s.TotalBlocks == 1 {
		noun = "block"
	}
	return name + " is Markdown: " + verb + " " +
		strconv.Itoa(len(s.Blocks)) + " of " + strconv.Itoa(s.TotalBlocks) +
		" fenced " + noun + " (" + kind + ", " + lineRanges(s.Blocks) + ")"
}

// lineRanges renders block positions as "line 4", "lines 4-9 and 15-20"
// or "lines 1-2, 5 and 8-9".
func lineRanges(bs []Block) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		switch {
		case b.EndLine > b.StartLine:
			parts[i] = strconv.Itoa(b.StartLine) + "-" + strconv.Itoa(b.EndLine)
		case b.EndLine == b.StartLine:
			parts[i] = strconv.Itoa(b.StartLine)
		default:
			parts[i] = strconv.Itoa(b.StartLine) + " (empty)"
		}
	}
	word := "lines "
	if len(bs) == 1 && bs[0].EndLine <= bs[0].StartLine {
		word = "line "
	}
	if len(parts) == 1 {
		return word + parts[0]
	}
	return word + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// insideTripleQuotes reports whether the text of lines leaves a Python
// triple-quoted string open. It does not parse Python: triple quotes of
// one kind inside a string of the other kind, or in a comment, fool it.
func insideTripleQuotes(lines []string) bool {
	// Prose that shows the quotes does so in inline code: `"""`.
	text := inlineCode.ReplaceAllString(strings.Join(lines, "\n"), "")
	return strings.Count(text, `"""`)%2 == 1 || strings.Count(text, "'''")%2 == 1
}

var inlineCode = regexp.MustCompile("`[^`\n]*`")

// isMarkdownFile is a file named as Markdown, whose fences are fences even
// after prose that mentions triple quotes.
func isMarkdownFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mdx":
		return true
	}
	return false
}

func isPythonFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".py" || ext == ".pyw"
}

func isPython(lang string) bool {
	switch strings.ToLower(lang) {
	case "python", "py", "python3", "py3":
		return true
	}
	return false
}
