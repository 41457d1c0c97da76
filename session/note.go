package session

// Note is something a front end should tell its user, as data: the CLI
// prints it on stderr, the playground puts it in its status line, a tool
// server returns it with the result. Text is one line with no prefix.
type Note struct {
	Kind NoteKind
	Text string
}

func (n Note) String() string { return n.Text }

// NoteKind says what a Note is about, for front ends that treat some apart.
type NoteKind int

const (
	// NoteHistoryUnavailable: the history could not be opened, and runs
	// are not recorded.
	NoteHistoryUnavailable NoteKind = iota + 1
	// NoteHistoryReplaced: the history was found damaged, moved aside and
	// replaced by a new one.
	NoteHistoryReplaced
	// NoteNotRecorded: a run could not be recorded.
	NoteNotRecorded
	// NoteMarkdown: the code came from the fenced blocks of a Markdown
	// answer; the text says which were kept.
	NoteMarkdown
	// NoteConfig: the config file has mistakes and the defaults apply.
	NoteConfig
)
