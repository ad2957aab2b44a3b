package githubtest

import (
	"fmt"
	"testing"
)

// Standalone returns a server for code that runs outside a test, such as
// an Example function, and the function that shuts it down. A failure to
// start it panics; in a test, use NewServer(t).
func Standalone() (*Server, func()) {
	tb := &standaloneTB{}
	s := NewServer(tb)
	return s, func() {
		for i := len(tb.cleanups) - 1; i >= 0; i-- {
			tb.cleanups[i]()
		}
	}
}

// standaloneTB stands in for the *testing.T of a test.
type standaloneTB struct {
	testing.TB
	cleanups []func()
}

func (*standaloneTB) Helper()                        {}
func (*standaloneTB) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (tb *standaloneTB) Cleanup(f func())            { tb.cleanups = append(tb.cleanups, f) }
