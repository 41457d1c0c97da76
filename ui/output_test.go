package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/themes"
)

// testPane is an empty output pane of the given size, and the styles it
// was made with.
func testPane(t testing.TB, width, height int) (*outputPane, *themes.Styles) {
	t.Helper()
	st := themes.NewStyles(themes.Default(true))
	o := newOutputPane(&st)
	o.setSize(width, height)
	o.reset()
	return &o, &st
}

func stdout(s string) session.Chunk { return session.Chunk{Stream: session.Stdout, Data: []byte(s)} }
func stderr(s string) session.Chunk { return session.Chunk{Stream: session.Stderr, Data: []byte(s)} }

// shownRows is every row rendered, styled.
func shownRows(o *outputPane) []string {
	rows := make([]string, len(o.rows))
	for i := range o.rows {
		rows[i] = o.renderRow(i)
	}
	return rows
}

// plainRows is every row without its styles.
func plainRows(o *outputPane) []string {
	rows := shownRows(o)
	for i, r := range rows {
		rows[i] = ansi.Strip(r)
	}
	return rows
}

func TestOutputWraps(t *testing.T) {
	tests := []struct {
		name  string
		width int
		in    string
		want  []string
	}{
		{"short", 5, "abc\n", []string{"abc"}},
		{"exact fit", 5, "abcde\n", []string{"abcde"}},
		{"ascii", 5, "abcdefghijkl\n", []string{"abcde", "fghij", "kl"}},
		{"open line", 5, "abcdefg", []string{"abcde", "fg"}},
		{"empty lines", 5, "a\n\n\nb\n", []string{"a", "", "", "b"}},
		{"only newlines", 5, "\n\n", []string{"", ""}},
		{"nothing after the last newline", 5, "a\n", []string{"a"}},
		{"cjk fits", 6, "世界世界世界\n", []string{"世界世", "界世界"}},
		{"cjk at the border", 5, "abcd世界\n", []string{"abcd", "世界"}},
		{"cjk odd width", 5, "世界世界世\n", []string{"世界", "世界", "世"}},
		{"cjk mixed", 5, "ab世界c\n", []string{"ab世", "界c"}},
		{"combining marks", 3, "e\u0301e\u0301e\u0301e\u0301\n", []string{"e\u0301e\u0301e\u0301", "e\u0301"}},
		{"emoji sequence", 3, "a👩\u200d👩\u200d👧b👍🏽\n", []string{"a👩\u200d👩\u200d👧", "b👍🏽"}},
		{"tab", 4, "a\tb\n", []string{"a   ", " b"}},
		{"escape shown", 6, "\x1b[2Jhi\n", []string{`\x1b[2`, "Jhi"}},
		{"crlf", 5, "ab\r\ncd\r\n", []string{"ab", "cd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := testPane(t, tt.width, 10)
			o.add([]session.Chunk{stdout(tt.in)})
			if got := plainRows(o); !slices.Equal(got, tt.want) {
				t.Errorf("rows %q, want %q", got, tt.want)
			}
			for _, r := range plainRows(o) {
				if w := ansi.StringWidth(r); w > tt.width {
					t.Errorf("row %q is %d wide, more than %d", r, w, tt.width)
				}
			}
			if got, want := o.plain(), strings.ReplaceAll(strings.ReplaceAll(tt.in, "\r\n", "\n"), "\t", "    "); !strings.Contains(tt.name, "escape") && got != want {
				t.Errorf("plain %q, want the logical text %q", got, want)
			}
		})
	}
}

func TestOutputStylesContinuationRows(t *testing.T) {
	o, st := testPane(t, 5, 10)
	o.add([]session.Chunk{stdout("abc"), stderr("defghijk\n")})
	out, errs := st.Output.Stdout.Render, st.Output.Stderr.Render
	want := []string{out("abc") + errs("de"), errs("fghij"), errs("k")}
	if got := shownRows(o); !slices.Equal(got, want) {
		t.Errorf("rows\n%q, want\n%q", got, want)
	}
	// A note and a closing line keep their own styles when they wrap, and
	// wrap between words where they can.
	o.reset()
	o.note("123456")
	o.closing("ok", st.Output.OK)
	want = []string{st.Output.Note.Render("12345"), st.Output.Note.Render("6"), st.Output.OK.Render("── "), st.Output.OK.Render("ok ──")}
	if got := shownRows(o); !slices.Equal(got, want) {
		t.Errorf("rows\n%q, want\n%q", got, want)
	}
}

func TestOutputKeepsColorsAcrossThemes(t *testing.T) {
	o, st := testPane(t, 20, 10)
	o.add([]session.Chunk{stdout("before\n")})
	before := st.Output.Stdout.Render("before")
	noColor := themes.NewStyles(themes.NoColor())
	o.setStyles(&noColor)
	o.add([]session.Chunk{stdout("after\n")})
	if got, want := shownRows(o), []string{before, "after"}; !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
}

// TestOutputAppendsLikeOneAdd: output arriving in pieces, split anywhere
// between runes (inside a grapheme too), wraps as if it came at once.
func TestOutputAppendsLikeOneAdd(t *testing.T) {
	text := strings.Repeat("ab世界cde\u0301f👩\u200d👧g", 7) + "\n\nxyz" + strings.Repeat("字", 9) + "\nlast"
	for _, width := range []int{1, 2, 3, 5, 8, 13} {
		whole, _ := testPane(t, width, 10)
		whole.add([]session.Chunk{stdout(text)})
		for _, step := range []int{1, 2, 3, 7, 11} {
			parts, _ := testPane(t, width, 10)
			var chunks []session.Chunk
			for rest := text; rest != ""; {
				n := 0
				for range step {
					if n == len(rest) {
						break
					}
					_, size := utf8.DecodeRuneInString(rest[n:])
					n += size
				}
				chunks = append(chunks, stdout(rest[:n]))
				rest = rest[n:]
			}
			// Several adds, each of a few chunks, as ticks would bring them.
			for len(chunks) > 0 {
				k := min(3, len(chunks))
				parts.add(chunks[:k])
				chunks = chunks[k:]
				_ = parts.viewString()
			}
			if got, want := shownRows(parts), shownRows(whole); !slices.Equal(got, want) {
				t.Errorf("width %d, step %d: rows\n%q, want\n%q", width, step, got, want)
			}
			for i := range min(len(parts.rows), len(whole.rows)) {
				p, w := parts.rows[i], whole.rows[i]
				if p.line != w.line || p.start != w.start || p.end != w.end || p.width != w.width {
					t.Errorf("width %d, step %d: row %d is %+v, want %+v", width, step, i, p, w)
				}
			}
			if parts.plain() != whole.plain() {
				t.Errorf("width %d, step %d: plain %q, want %q", width, step, parts.plain(), whole.plain())
			}
		}
	}
}

func TestOutputRewrapsOnResize(t *testing.T) {
	text := "hello, 世界! " + strings.Repeat("0123456789", 5) + "\nshort\n\nopen line"
	o, _ := testPane(t, 7, 10)
	o.add([]session.Chunk{stdout(text)})
	_ = o.viewString()
	o.setSize(13, 10)
	fresh, _ := testPane(t, 13, 10)
	fresh.add([]session.Chunk{stdout(text)})
	if got, want := shownRows(o), shownRows(fresh); !slices.Equal(got, want) {
		t.Errorf("after the resize rows\n%q, want\n%q", got, want)
	}
	if !strings.Contains(o.viewString(), "open line") {
		t.Errorf("view after the resize:\n%s", o.viewString())
	}
}

func TestOutputScrollsByRows(t *testing.T) {
	o, _ := testPane(t, 10, 2)
	o.add([]session.Chunk{stdout(strings.Repeat("x", 50) + "\n")}) // 5 rows
	if got := o.scrollHint(); got != "3 lines above" {
		t.Errorf("following the end: %q", got)
	}
	o.update(tea.KeyPressMsg{Code: tea.KeyUp})
	if got := o.scrollHint(); got != "2 above, 1 below" {
		t.Errorf("one row up: %q", got)
	}
	// Scrolled up, new output does not move the view.
	o.add([]session.Chunk{stdout("more\n")})
	if got := o.scrollHint(); got != "2 above, 2 below" {
		t.Errorf("after more output, scrolled up: %q", got)
	}
	o.update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if got := o.scrollHint(); got != "4 lines below" {
		t.Errorf("after the wheel: %q", got)
	}
	if view := ansi.Strip(o.viewString()); view != "xxxxxxxxxx\nxxxxxxxxxx" {
		t.Errorf("view at the top:\n%q", view)
	}
	o.view.GotoBottom()
	o.add([]session.Chunk{stdout("end")})
	if view := ansi.Strip(o.viewString()); view != "more      \nend       " {
		t.Errorf("view at the end:\n%q", view)
	}
	if got := o.plain(); got != strings.Repeat("x", 50)+"\nmore\nend" {
		t.Errorf("plain: %q", got)
	}
}

// TestOutputViewPadsLikeLipgloss: the pane pads its rows itself, to the
// same bytes lipgloss would make of them.
func TestOutputViewPadsLikeLipgloss(t *testing.T) {
	for _, in := range []string{
		"",
		"hi\n",
		"a\n\nb  \n",
		strings.Repeat("abc世界", 9) + "\n" + strings.Repeat("x", 30),
		strings.Repeat("e\u0301", 40),
	} {
		for _, size := range [][2]int{{7, 3}, {10, 8}} {
			o, _ := testPane(t, size[0], size[1])
			o.add([]session.Chunk{stdout("1\n"), stderr(in)})
			var shown []string
			for i := o.view.YOffset(); i < min(o.view.YOffset()+size[1], len(o.rows)); i++ {
				shown = append(shown, o.renderRow(i))
			}
			want := lipgloss.NewStyle().Width(size[0]).Height(size[1]).Render(strings.Join(shown, "\n"))
			if got := o.viewString(); got != want {
				t.Errorf("%q at %v: view\n%q, want\n%q", in, size, got, want)
			}
		}
	}
}

func TestOutputLineKeepsStylesAndShowsEscapes(t *testing.T) {
	o, st := testPane(t, 40, 10)
	added := st.Diff.Added.Render("+") + st.Code.Keyword.Render("print") + st.Code.Text.Render("(1)")
	o.writeLines([]string{added, "\x1b]52;c;eA==\a\x1b[2J" + st.Diff.Removed.Render("-x")})
	rows := shownRows(o)
	if len(rows) != 2 || rows[0] != added {
		t.Fatalf("rows %q, want the first %q", rows, added)
	}
	if want := `\x1b]52;c;eA==\a\x1b[2J` + st.Diff.Removed.Render("-x"); rows[1] != want {
		t.Errorf("unsafe line renders %q, want %q", rows[1], want)
	}
	if got, want := o.plain(), "+print(1)\n"+`\x1b]52;c;eA==\a\x1b[2J-x`+"\n"; got != want {
		t.Errorf("plain %q, want %q", got, want)
	}
}

// BenchmarkOutputLongLine is a program writing 1 MB without a newline, in
// 10,000 pieces, then 200,000 characters more at once; the pane is drawn
// after each. With the viewport's soft wrap, this took minutes.
func BenchmarkOutputLongLine(b *testing.B) {
	piece := []session.Chunk{stdout(strings.Repeat("x", 100))}
	big := []session.Chunk{stdout(strings.Repeat("x", 200_000))}
	for b.Loop() {
		o, _ := testPane(b, 78, 20)
		for range 10_000 {
			o.add(piece)
			_ = o.viewString()
		}
		o.add(big)
		_ = o.viewString()
	}
}

// BenchmarkOutputOneLongAdd is one add of a 200,000-character line, drawn
// twice: once after it comes, once more as the next key would.
func BenchmarkOutputOneLongAdd(b *testing.B) {
	for _, bb := range []struct{ name, char string }{{"ascii", "x"}, {"cjk", "字"}} {
		big := []session.Chunk{stdout(strings.Repeat(bb.char, 200_000))}
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				o, _ := testPane(b, 78, 20)
				o.add(big)
				_ = o.viewString()
				_ = o.viewString()
			}
		})
	}
}

func BenchmarkOutputManyLines(b *testing.B) {
	var lines strings.Builder
	for i := range 20_000 {
		fmt.Fprintf(&lines, "line %d of some output\n", i)
	}
	chunk := []session.Chunk{stdout(lines.String())}
	for b.Loop() {
		o, _ := testPane(b, 78, 20)
		o.add(chunk)
		_ = o.viewString()
		o.setSize(60, 20)
		_ = o.viewString()
	}
}

// TestOutputJoinsWhatChunksSplit: a character or a CRLF cut between two
// drains shows whole, and what is still pending at the end shows then.
func TestOutputJoinsWhatChunksSplit(t *testing.T) {
	o, st := testPane(t, 40, 5)
	o.add([]session.Chunk{stdout("caf\xc3")})
	o.add([]session.Chunk{stdout("\xa9 ok\r"), stderr("\xe2\x82")})
	o.add([]session.Chunk{stdout("\nnext"), stderr("\xac")})
	o.add([]session.Chunk{stdout(" \xf0\x9f")})
	o.closing("ok", st.Output.Stopped)
	want := "café ok\nnext€ \\xf0\\x9f\n── ok ──\n"
	if got := o.plain(); got != want {
		t.Errorf("plain %q, want %q", got, want)
	}
}

// TestDiffLinesShowGuestEscapes: a guest's own SGR in its output must not
// style (or hide) a line of a diff; it shows as text.
func TestDiffLinesShowGuestEscapes(t *testing.T) {
	o, st := testPane(t, 60, 10)
	old := history.Record{ID: 1, Result: sandbox.Result{Stdout: []byte("same\n")}}
	new := history.Record{ID: 2, Result: sandbox.Result{Stdout: []byte("same\n\x1b[8mHIDDEN\x1b[0m\n")}}
	o.writeLines(renderComparison(st, session.Compare(old, new)))
	for i := range o.rows {
		if row := o.renderRow(i); strings.Contains(row, "\x1b[8m") {
			t.Fatalf("row %d %q: the guest's SGR reached the terminal", i, row)
		}
	}
	if !strings.Contains(o.plain(), `+\x1b[8mHIDDEN\x1b[0m`) {
		t.Errorf("the guest's escapes must show as text:\n%s", o.plain())
	}
}
