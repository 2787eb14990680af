package core

import (
	"context"
)

// OnWrite registers fn (nil removes it), called with the caller's context when a write
// transaction that can take the model's locks starts: Write and WriteKept, and the dry runs
// that run a save in a transaction rolled back (the previews, which call NoteWrite). The
// bookkeeping writes (WriteBookkeeping: the server's background refreshes) do not call it.
// The server's warm-up uses it to let go of the locks its own previews hold (issue 19): fn must
// be quick and safe for concurrent use; it runs on the caller's goroutine, before the
// transaction begins.
func (s *DB) OnWrite(fn func(context.Context)) {
	if fn == nil {
		s.onWrite.Store(nil)
		return
	}
	s.onWrite.Store(&fn)
}

// NoteWrite calls the OnWrite function, if any: a write or a dry run of one is about to begin.
func (s *DB) NoteWrite(ctx context.Context) {
	if fn := s.onWrite.Load(); fn != nil {
		(*fn)(ctx)
	}
}
