package snippet

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            Snippet
	}{
		{
			name: "plain program",
			file: "prog", src: "print(1)\n",
			want: Snippet{Code: "print(1)\n"},
		},
		{
			name: "one python block",
			file: "a.md", src: "Here:\n```python\nprint(1)\n```\nDone.\n",
			want: Snippet{Code: "print(1)\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 3, EndLine: 3}}},
		},
		{
			name: "python blocks joined, others skipped",
			file: "answer.md",
			src:  "Intro\n\n```bash\npip install x\n```\n```py\nimport x\n```\ntext\n~~~Python3 extra words\nx.run()\n~~~\n",
			want: Snippet{Code: "import x\nx.run()\n", FromMarkdown: true, TotalBlocks: 3,
				Blocks: []Block{{Lang: "py", StartLine: 7, EndLine: 7}, {Lang: "Python3", StartLine: 11, EndLine: 11}}},
		},
		{
			name: "untagged used when no python",
			file: "a.txt", src: "```json\n{}\n```\n```\nprint(2)\n```\n",
			want: Snippet{Code: "print(2)\n", FromMarkdown: true, TotalBlocks: 2,
				Blocks: []Block{{StartLine: 5, EndLine: 5}}},
		},
		{
			name: "a fence in a docstring is a program's",
			file: "", src: "USAGE = \"\"\"\n```python\nreport(data)\n```\n\"\"\"\nreport([1])\n",
			want: Snippet{Code: "USAGE = \"\"\"\n```python\nreport(data)\n```\n\"\"\"\nreport([1])\n"},
		},
		{
			name: "a Markdown file that mentions triple quotes",
			file: "ans.md", src: "Use triple quotes (\"\"\"):\n```python\nprint(1)\n```\n",
			want: Snippet{Code: "print(1)\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 3, EndLine: 3}}},
		},
		{
			name: "triple quotes in inline code are prose",
			file: "", src: "Use triple quotes (`\"\"\"`):\n```python\nprint(1)\n```\n",
			want: Snippet{Code: "print(1)\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 3, EndLine: 3}}},
		},
		{
			name: "closed triple quotes before a fence do not count",
			file: "a.md", src: "Use \"\"\"docstrings\"\"\":\n```python\nprint(1)\n```\n",
			want: Snippet{Code: "print(1)\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 3, EndLine: 3}}},
		},
		{
			name: "untagged ignored when python exists",
			file: "a.txt", src: "```\nout\n```\n```py3\nprint(3)\n```\n",
			want: Snippet{Code: "print(3)\n", FromMarkdown: true, TotalBlocks: 2,
				Blocks: []Block{{Lang: "py3", StartLine: 5, EndLine: 5}}},
		},
		{
			name: "only other languages is not markdown",
			file: "a.md", src: "```bash\nls\n```\n",
			want: Snippet{Code: "```bash\nls\n```\n", TotalBlocks: 1},
		},
		{
			name: "pycon is skipped",
			file: "a.md", src: "```pycon\n>>> 1\n```\n",
			want: Snippet{Code: "```pycon\n>>> 1\n```\n", TotalBlocks: 1},
		},
		{
			name: "py file never markdown",
			file: "x.PY", src: "\"\"\"\n```python\nbad\n```\n\"\"\"\n",
			want: Snippet{Code: "\"\"\"\n```python\nbad\n```\n\"\"\"\n"},
		},
		{
			name: "pyw file never markdown",
			file: "dir/x.pyw", src: "```python\nx\n```\n",
			want: Snippet{Code: "```python\nx\n```\n"},
		},
		{
			name: "pandoc and quarto attributes",
			file: "a.qmd", src: "```{.python .numberLines}\na\n```\n```{python}\nb\n```\n``` {#id python}\nc\n```\n",
			want: Snippet{Code: "a\nb\nc\n", FromMarkdown: true, TotalBlocks: 3, Blocks: []Block{
				{Lang: "python", StartLine: 2, EndLine: 2},
				{Lang: "python", StartLine: 5, EndLine: 5},
				{Lang: "python", StartLine: 8, EndLine: 8}}},
		},
		{
			name: "indent stripped like commonmark",
			file: "a.md", src: "1. Run:\n   ```python\n   if x:\n       y()\n  z\n   ```\n",
			want: Snippet{Code: "if x:\n    y()\nz\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 3, EndLine: 5}}},
		},
		{
			name: "four spaces is not a fence",
			file: "a.md", src: "    ```python\n    x\n    ```\n",
			want: Snippet{Code: "    ```python\n    x\n    ```\n"},
		},
		{
			name: "longer outer fence holds inner fence",
			file: "a.md", src: "````python\ns = '''\n```\n'''\n````\n",
			want: Snippet{Code: "s = '''\n```\n'''\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 2, EndLine: 4}}},
		},
		{
			name: "tilde not closed by backticks",
			file: "a.md", src: "~~~python\n```\nx\n~~~~\n",
			want: Snippet{Code: "```\nx\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 2, EndLine: 3}}},
		},
		{
			name: "closing fence with trailing text does not close",
			file: "a.md", src: "```python\na\n``` no\nb\n```  \n",
			want: Snippet{Code: "a\n``` no\nb\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 2, EndLine: 4}}},
		},
		{
			name: "backtick in info string is not a fence",
			file: "a.md", src: "```py`\nx\n```\n",
			// Only the last line is a fence: an empty, unclosed one.
			want: Snippet{Code: "", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{StartLine: 4, EndLine: 3}}},
		},
		{
			name: "unclosed fence runs to end",
			file: "a.md", src: "text\n```python\nprint(1)\nprint(2)",
			want: Snippet{Code: "print(1)\nprint(2)\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 3, EndLine: 4}}},
		},
		{
			name: "empty block",
			file: "a.md", src: "```python\n```\n",
			want: Snippet{Code: "", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 2, EndLine: 1}}},
		},
		{
			name: "crlf and bom",
			file: "a.md", src: "\ufeffHi\r\n```python\r\nprint(1)\r\n```\r\n",
			want: Snippet{Code: "print(1)\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 3, EndLine: 3}}},
		},
		{
			name: "bom stripped from plain program only",
			file: "-", src: "\ufeffprint(1)\r\n",
			want: Snippet{Code: "print(1)\r\n"},
		},
		{
			name: "two backticks is not a fence",
			file: "a.md", src: "``python\nx\n``\n",
			want: Snippet{Code: "``python\nx\n``\n"},
		},
		{
			name: "invalid utf-8 passes through",
			file: "a.md", src: "```python\n\xff\xfe\n```\n",
			want: Snippet{Code: "\xff\xfe\n", FromMarkdown: true, TotalBlocks: 1,
				Blocks: []Block{{Lang: "python", StartLine: 2, EndLine: 2}}},
		},
		{
			name: "empty input",
			file: "a.md", src: "",
			want: Snippet{Code: ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.file, []byte(tt.src))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Extract(%q, %q)\n got %#v\nwant %#v", tt.file, tt.src, got, tt.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		name string
		s    Snippet
		file string
		want string
	}{
		{name: "not markdown", s: Snippet{Code: "x"}, file: "a.md", want: ""},
		{
			name: "two of three",
			s: Snippet{FromMarkdown: true, TotalBlocks: 3, Blocks: []Block{
				{Lang: "python", StartLine: 4, EndLine: 9}, {Lang: "py", StartLine: 15, EndLine: 20}}},
			file: "answer.md",
			want: "answer.md is Markdown: running 2 of 3 fenced blocks (python, lines 4-9 and 15-20)",
		},
		{
			name: "single line single block",
			s:    Snippet{FromMarkdown: true, TotalBlocks: 1, Blocks: []Block{{Lang: "python", StartLine: 2, EndLine: 2}}},
			file: "a.md",
			want: "a.md is Markdown: running 1 of 1 fenced block (python, line 2)",
		},
		{
			name: "untagged three ranges from stdin",
			s: Snippet{FromMarkdown: true, TotalBlocks: 4, Blocks: []Block{
				{StartLine: 1, EndLine: 2}, {StartLine: 5, EndLine: 5}, {StartLine: 8, EndLine: 7}}},
			file: "-",
			want: "standard input is Markdown: running 3 of 4 fenced blocks (untagged, lines 1-2, 5 and 8 (empty))",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Describe(tt.file); got != tt.want {
				t.Errorf("Describe(%q)\n got %q\nwant %q", tt.file, got, tt.want)
			}
			// An editor that loaded the blocks says it kept them: nothing ran.
			if got, want := tt.s.DescribeKept(tt.file), strings.Replace(tt.want, ": running ", ": kept ", 1); got != want {
				t.Errorf("DescribeKept(%q)\n got %q\nwant %q", tt.file, got, want)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	seeds := []string{
		"", "print(1)", "```python\nx\n```\n", "~~~\na\n~~~~\n", "   ```py\n     a\r\n   ```",
		"```\n", "\ufeff```python\n```", "````\n```\n````", "```{.python}\n\xff\n",
		"text\n```bash\nls\n```\n```\nx\n```\n", "```py`\n```",
	}
	for _, s := range seeds {
		f.Add("a.md", []byte(s))
	}
	f.Add("a.py", []byte("```python\nx\n```\n"))
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		got := Extract(name, src)
		body := strings.TrimPrefix(string(src), "\ufeff")
		if !got.FromMarkdown {
			if got.Code != body {
				t.Fatalf("not markdown but Code %q != src %q", got.Code, body)
			}
			if len(got.Blocks) != 0 {
				t.Fatalf("not markdown but has blocks %v", got.Blocks)
			}
			return
		}
		if len(got.Blocks) == 0 || len(got.Blocks) > got.TotalBlocks {
			t.Fatalf("%d blocks of %d", len(got.Blocks), got.TotalBlocks)
		}
		lines := splitLines([]byte(body))
		var want strings.Builder
		prevEnd := 0
		for _, b := range got.Blocks {
			if b.StartLine < 1 || b.EndLine > len(lines) || b.EndLine < b.StartLine-1 || b.StartLine <= prevEnd {
				t.Fatalf("block %+v out of range or order (%d lines, prev end %d)", b, len(lines), prevEnd)
			}
			prevEnd = b.EndLine
			for _, l := range lines[b.StartLine-1 : b.EndLine] {
				want.WriteString(l)
				want.WriteByte('\n')
			}
		}
		// Code is the blocks' lines, less at most 3 leading spaces each.
		gotLines := strings.Split(got.Code, "\n")
		wantLines := strings.Split(want.String(), "\n")
		if len(gotLines) != len(wantLines) {
			t.Fatalf("Code has %d lines, blocks have %d", len(gotLines), len(wantLines))
		}
		for i := range gotLines {
			cut := strings.TrimSuffix(wantLines[i], gotLines[i])
			if len(cut) == len(wantLines[i]) && gotLines[i] != "" || len(cut) > 3 || strings.Trim(cut, " ") != "" {
				t.Fatalf("code line %q is not source line %q less indent", gotLines[i], wantLines[i])
			}
		}
		if utf8.ValidString(body) && !utf8.ValidString(got.Code) {
			t.Fatalf("valid input gave invalid Code %q", got.Code)
		}
	})
}
