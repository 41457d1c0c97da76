package mcp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// callError is what a call did wrong (a bad argument, an unknown run id),
// returned to the model as a tool error so that it can correct the call.
type callError struct{ msg string }

func (e *callError) Error() string { return e.msg }

func callErrorf(format string, a ...any) error { return &callError{fmt.Sprintf(format, a...)} }

// args are a call's arguments, each read with an error worded for a model.
// JSON null is taken for an argument left out.
type args map[string]json.RawMessage

// readArgs reads raw, the arguments of a call, which may name only takes.
func readArgs(raw json.RawMessage, takes ...string) (args, error) {
	if !utf8.Valid(raw) {
		return nil, callErrorf("the arguments are not valid UTF-8 (at byte %d): send text as UTF-8", invalidAt(raw))
	}
	a := args{}
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return a, nil
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, callErrorf("the arguments must be a JSON object, got %s", kind(raw))
	}
	var unknown []string
	for name, v := range a {
		switch {
		case !slices.Contains(takes, name):
			unknown = append(unknown, strconv.Quote(name))
		case string(v) == "null":
			delete(a, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, callErrorf("unknown argument %s: this tool takes %s", strings.Join(unknown, ", "), strings.Join(takes, ", "))
	}
	return a, nil
}

// str is the string argument name; ok is false when it was left out.
func (a args) str(name string) (s string, ok bool, err error) {
	v, ok := a[name]
	if !ok {
		return "", false, nil
	}
	if kind(v) != "a string" {
		return "", false, callErrorf("%q must be a string, got %s", name, kind(v))
	}
	if at := loneSurrogate(v); at >= 0 {
		return "", false, callErrorf("%q is not valid Unicode: it holds a lone surrogate (%s): send text as UTF-8", name, v[at:at+6])
	}
	if err := json.Unmarshal(v, &s); err != nil {
		return "", false, callErrorf("%q: %v", name, err)
	}
	return s, true, nil
}

// boolean is the boolean argument name, false when left out.
func (a args) boolean(name string) (bool, error) {
	v, ok := a[name]
	if !ok {
		return false, nil
	}
	if kind(v) != "a boolean" {
		return false, callErrorf("%q must be true or false, got %s", name, kind(v))
	}
	return string(v) == "true", nil
}

// id is the argument name, a run id; it is required.
func (a args) id(name string) (int64, error) {
	v, ok := a[name]
	if !ok {
		return 0, callErrorf("%q is required: a run id, as list_runs shows", name)
	}
	id, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil || id <= 0 {
		return 0, callErrorf("%q must be a run id, a whole number from 1, got %s", name, describe(v))
	}
	return id, nil
}

// quantity is the argument name given as a string in the CLI's units
// ("400M", "64MiB", "10s") or as a plain JSON number, as text to parse.
func (a args) quantity(name, example string) (text string, ok bool, err error) {
	v, ok := a[name]
	if !ok {
		return "", false, nil
	}
	switch kind(v) {
	case "a string":
		s, _, err := a.str(name)
		return s, true, err
	case "a number":
		return string(v), true, nil
	}
	return "", false, callErrorf("%q must be a string such as %q or a number, got %s", name, example, kind(v))
}

// kind names the JSON type of v for a message: "a string", "an object".
func kind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// describe is v for a message: its JSON when short, else its type.
func describe(v json.RawMessage) string {
	if len(v) <= 40 {
		return string(v)
	}
	return kind(v)
}

// invalidAt is the offset of the first byte of b that is not UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// loneSurrogate is the offset in s, a JSON string, of a \uXXXX escape of
// half a UTF-16 surrogate pair that has no other half, or -1. JSON allows
// it, Go would quietly make it U+FFFD, and it is not text: a JavaScript
// client sends one for a string cut in the middle of an emoji.
func loneSurrogate(s []byte) int {
	hex := func(i int) rune {
		if i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
			return -1
		}
		n, err := strconv.ParseUint(string(s[i+2:i+6]), 16, 16)
		if err != nil {
			return -1
		}
		return rune(n)
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		r := hex(i)
		switch {
		case r < 0:
			i++ // an escape such as \\ or \": skip what it escapes
			continue
		case !utf16.IsSurrogate(r):
		case r < 0xdc00 && utf16.DecodeRune(r, hex(i+6)) != utf8.RuneError:
			i += 6 // a high half followed by its low half
		default:
			return i
		}
		i += 5
	}
	return -1
}
