package snippet_test

import (
	"fmt"

	"github.com/pyplay/pyplay/internal/snippet"
)

func Example() {
	answer := "Sure! First install it:\n" +
		"```bash\npip install requests\n```\n" +
		"Then run:\n" +
		"```python\nimport sys\nprint(sys.version_info.major)\n```\n"

	s := snippet.Extract("answer.md", []byte(answer))
	fmt.Println(s.Describe("answer.md"))
	fmt.Print(s.Code)
	// Output:
	// answer.md is Markdown: running 1 of 2 fenced blocks (python, lines 7-8)
	// import sys
	// print(sys.version_info.major)
}
