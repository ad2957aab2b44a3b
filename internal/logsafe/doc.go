// Package logsafe neutralises untrusted text before it is written to a
// GitHub Actions log, so that minutes, file names and anything else that
// came from a pull request or from GitHub cannot run workflow commands.
//
// The runner (actions/runner) reads a step's output line by line and runs
// two kinds of command (src/Runner.Worker/Handlers/OutputManager.cs,
// src/Runner.Common/ActionCommand.cs):
//
//   - "::name props::data": a line whose first characters, after the
//     leading white space that .NET's String.TrimStart removes (Unicode
//     White_Space, so U+00A0, U+2000–U+200A, U+3000 and the like count as
//     blanks), are "::", with a second "::" later on;
//   - "##[name props]data": the old form, found anywhere in a line, with a
//     "]" later on.
//
// A line ends at "\r", "\n" or "\r\n" (StreamReader.ReadLine in
// src/Runner.Sdk/ProcessInvoker.cs), so a carriage return inside a file
// name starts a new line, and with it a new chance to start a command.
// Command names are matched without regard to case.
//
// [Text] makes a string safe as one line or part of one: it escapes line
// breaks and other control characters visibly, replaces invalid UTF-8, and
// puts a ZERO WIDTH SPACE (U+200B) inside the markers "::" and "##[" where
// the runner would read them. [Lines] does the same for text that is meant
// to span several lines, keeping its line feeds.
//
// The runner finds the markers with .NET's culture-sensitive
// String.StartsWith and IndexOf, which under ICU skip ignorable characters
// such as U+200B: it does see "#\u200b#[" as "##[". It then reads the
// command name at a fixed offset from where the marker begins (two UTF-16
// units after "::", three after "##["), so the name it reads begins with
// ':' or '[' and never names a command. The tests model both readings.
package logsafe
