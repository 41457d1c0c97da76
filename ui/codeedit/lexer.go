package codeedit

import "unicode"

// tokenKind is a syntax role; the view maps each to a theme style.
type tokenKind uint8

const (
	tokText tokenKind = iota
	tokKeyword
	tokString
	tokNumber
	tokComment
	tokFunction
	tokBuiltin
	tokOperator
)

// span is a run of one kind on a line, in runes.
type span struct {
	start, end int
	kind       tokenKind
}

// lexState is what a line hands the next: whether it ends inside a
// triple-quoted string, and of which quote.
type lexState uint8

const (
	stateCode         lexState = iota
	stateSingleTriple          // inside '''
	stateDoubleTriple          // inside """
)

// lexLine colors one line of Python, starting in state, and returns the
// state the next line starts in. It is a small hand-written lexer, not
// chroma: it must run per line, from a state, in microseconds.
//
// The spans are appended to dst, which may be reused.
func lexLine(dst []span, line []rune, state lexState) ([]span, lexState) {
	spans := dst
	add := func(start, end int, kind tokenKind) {
		if end <= start {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].kind == kind && spans[n-1].end == start {
			spans[n-1].end = end
			return
		}
		spans = append(spans, span{start, end, kind})
	}
	i := 0
	if state != stateCode {
		end, closed := closeTriple(line, 0, tripleQuote(state))
		add(0, end, tokString)
		if !closed {
			return spans, state
		}
		i, state = end, stateCode
	}
	afterDef := false // the next name is a def's or a class's
	for i < len(line) {
		r := line[i]
		switch {
		case r == '#':
			add(i, len(line), tokComment)
			return spans, stateCode
		case r == '"' || r == '\'' || isStringPrefix(line, i):
			start := i
			i += prefixLen(line, i)
			q := line[i]
			if i+2 < len(line) && line[i+1] == q && line[i+2] == q {
				end, closed := closeTriple(line, i+3, q)
				add(start, end, tokString)
				if !closed {
					if q == '\'' {
						return spans, stateSingleTriple
					}
					return spans, stateDoubleTriple
				}
				i = end
				continue
			}
			i = closeSingle(line, i+1, q)
			add(start, i, tokString)
		case unicode.IsDigit(r) || (r == '.' && i+1 < len(line) && unicode.IsDigit(line[i+1])):
			start := i
			i = scanNumber(line, i)
			add(start, i, tokNumber)
		case r == '_' || unicode.IsLetter(r):
			start := i
			for i < len(line) && (line[i] == '_' || unicode.IsLetter(line[i]) || unicode.IsDigit(line[i])) {
				i++
			}
			word := string(line[start:i])
			switch {
			case afterDef:
				add(start, i, tokFunction)
				afterDef = false
			case keywords[word]:
				add(start, i, tokKeyword)
				afterDef = word == "def" || word == "class"
			case builtins[word]:
				add(start, i, tokBuiltin)
			default:
				add(start, i, tokText)
			}
		case r == '@' && isLineStart(line, i):
			start := i
			i++
			for i < len(line) && (line[i] == '_' || line[i] == '.' || unicode.IsLetter(line[i]) || unicode.IsDigit(line[i])) {
				i++
			}
			add(start, i, tokFunction)
		case isOperator(r):
			add(i, i+1, tokOperator)
			i++
		default:
			add(i, i+1, tokText)
			i++
		}
	}
	return spans, stateCode
}

func tripleQuote(s lexState) rune {
	if s == stateSingleTriple {
		return '\''
	}
	return '"'
}

// closeTriple finds the end of a triple-quoted string from i: just past
// its closing quotes, or the line's end when it goes on.
func closeTriple(line []rune, i int, q rune) (end int, closed bool) {
	for ; i < len(line); i++ {
		switch {
		case line[i] == '\\':
			i++
		case line[i] == q && i+2 < len(line) && line[i+1] == q && line[i+2] == q:
			return i + 3, true
		}
	}
	return len(line), false
}

// closeSingle finds the end of a one-line string from i: past its closing
// quote, or the line's end.
func closeSingle(line []rune, i int, q rune) int {
	for ; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case q:
			return i + 1
		}
	}
	return len(line)
}

// isStringPrefix reports whether a string prefix (r, b, f, u, rb, fr…)
// starts at i, right before a quote.
func isStringPrefix(line []rune, i int) bool {
	if i > 0 && (line[i-1] == '_' || unicode.IsLetter(line[i-1]) || unicode.IsDigit(line[i-1])) {
		return false
	}
	n := prefixLen(line, i)
	return n > 0 && i+n < len(line) && (line[i+n] == '"' || line[i+n] == '\'')
}

// prefixLen is the length of the string prefix letters at i (0 to 2).
func prefixLen(line []rune, i int) int {
	n := 0
	for n < 2 && i+n < len(line) {
		switch unicode.ToLower(line[i+n]) {
		case 'r', 'b', 'f', 'u':
			n++
			continue
		}
		break
	}
	if i+n < len(line) && (line[i+n] == '"' || line[i+n] == '\'') {
		return n
	}
	return 0
}

func scanNumber(line []rune, i int) int {
	for i < len(line) {
		r := line[i]
		switch {
		case unicode.IsDigit(r) || r == '_' || r == '.' || unicode.IsLetter(r):
			i++
		case (r == '+' || r == '-') && (line[i-1] == 'e' || line[i-1] == 'E'):
			i++
		default:
			return i
		}
	}
	return i
}

// isLineStart reports whether only spaces precede i (a decorator's @).
func isLineStart(line []rune, i int) bool {
	for _, r := range line[:i] {
		if r != ' ' {
			return false
		}
	}
	return true
}

func isOperator(r rune) bool {
	switch r {
	case '+', '-', '*', '/', '%', '=', '<', '>', '!', '&', '|', '^', '~', '@', ':':
		return true
	}
	return false
}

var keywords = setOf("False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
	"continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
	"in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
	"match", "case")

var builtins = setOf("abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable",
	"chr", "classmethod", "compile", "complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec",
	"filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
	"input", "int", "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max", "memoryview",
	"min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "range", "repr", "reversed",
	"round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type",
	"vars", "zip", "self", "cls", "__name__", "__file__", "NotImplemented", "Ellipsis",
	"Exception", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError", "StopIteration",
	"ZeroDivisionError", "AttributeError", "ImportError", "OSError", "NameError", "AssertionError")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
