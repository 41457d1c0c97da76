package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkEditorKeystroke is the cost of one keystroke as the user feels
// it: the model's Update for a typed character (or a backspace) in the
// middle of the buffer, and the whole View at 120x40. It must not grow
// with the buffer.
func BenchmarkEditorKeystroke(b *testing.B) {
	for _, lines := range []int{10, 10000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			code := strings.Repeat("for i in range(10):  # count\n    print('value', i * 2)\n", lines/2)
			var m tea.Model = New(Options{Code: code})
			m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			for range lines / 2 {
				m, _ = m.Update(keyMsg("down"))
			}
			keys := []tea.KeyPressMsg{keyMsg("x"), keyMsg("backspace")}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m, _ = m.Update(keys[i%2])
				_ = m.View()
			}
		})
	}
}
