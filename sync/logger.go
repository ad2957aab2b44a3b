package sync

// Logger is where the sync reports progress, waits and, at debug level, the
// requests it makes. *githubactions.Action satisfies it.
type Logger interface {
	Infof(format string, args ...any)
	Warningf(format string, args ...any)
	Debugf(format string, args ...any)
}

// Discard is a Logger that drops everything.
var Discard Logger = nopLogger{}

type nopLogger struct{}

func (nopLogger) Infof(string, ...any)    {}
func (nopLogger) Warningf(string, ...any) {}
func (nopLogger) Debugf(string, ...any)   {}

// logger returns l, or Discard when l is nil.
func logger(l Logger) Logger {
	if l == nil {
		return Discard
	}
	return l
}
