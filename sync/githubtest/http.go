package githubtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

const (
	docsURL            = "https://docs.github.com/graphql"
	secondaryLimitDocs = "https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits"
	secondaryLimitMsg  = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID."
)

func (s *Server) logf(format string, a ...any) {
	s.log = append(s.log, fmt.Sprintf(format, a...))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"message":"githubtest: ` + strings.ReplaceAll(err.Error(), `"`, `'`) + `"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// serveGraphQL answers one request. Faults come first, then
// authentication, then the secondary and primary rate limits, then
// parsing, validation, GitHub's limits and execution.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.stats.Requests++
	latency := s.latency
	s.mu.Unlock()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	body, readErr := io.ReadAll(io.LimitReader(r.Body, 10<<20))

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failRequests > 0 {
		s.failRequests--
		s.logf("%d FailRequests", s.failStatus)
		w.WriteHeader(s.failStatus)
		fmt.Fprintf(w, "%d %s\n", s.failStatus, http.StatusText(s.failStatus))
		return
	}
	if r.Method != http.MethodPost {
		s.logf("404 %s", r.Method)
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found", "documentation_url": docsURL})
		return
	}
	perm, ok := s.authLocked(r.Header.Get("Authorization"))
	if !ok {
		s.logf("401 bad credentials")
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials", "documentation_url": docsURL})
		return
	}
	now := time.Now()
	if !now.Before(s.reset) {
		s.remaining, s.used, s.reset = rateLimitPoints, 0, now.Add(time.Hour).Truncate(time.Second)
	}
	if s.secondary > 0 {
		s.secondary--
		s.answerSecondaryLocked(w, now)
		return
	}
	s.setRateHeadersLocked(w)
	if readErr != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Problems parsing JSON", "documentation_url": docsURL})
		return
	}
	var req struct {
		Query         string         `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		s.logf("400 bad JSON")
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Problems parsing JSON", "documentation_url": docsURL})
		return
	}
	s.executeLocked(w, perm, req.Query, req.OperationName, req.Variables)
}

func (s *Server) authLocked(h string) (Permissions, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || (!strings.EqualFold(scheme, "bearer") && !strings.EqualFold(scheme, "token")) {
		return Permissions{}, false
	}
	p, ok := s.tokens[strings.TrimSpace(token)]
	return p, ok
}

func (s *Server) setRateHeadersLocked(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Ratelimit-Limit", strconv.Itoa(rateLimitPoints))
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(s.remaining))
	h.Set("X-Ratelimit-Used", strconv.Itoa(s.used))
	h.Set("X-Ratelimit-Reset", strconv.FormatInt(s.reset.Unix(), 10))
	h.Set("X-Ratelimit-Resource", "graphql")
}

func (s *Server) answerSecondaryLocked(w http.ResponseWriter, now time.Time) {
	s.setRateHeadersLocked(w)
	if s.secondaryWait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(s.secondaryWait.Seconds()))))
	} else {
		w.Header().Set("X-Ratelimit-Remaining", "0")
		w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(now.Add(time.Minute).Unix(), 10))
	}
	s.logf("%d secondary rate limit", s.secondaryCode)
	if s.secondaryCode == http.StatusOK {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []*gqlError{{Type: "RATE_LIMITED", Message: secondaryLimitMsg}}})
		return
	}
	writeJSON(w, s.secondaryCode, map[string]string{"documentation_url": secondaryLimitDocs, "message": secondaryLimitMsg})
}

// answerErrors sends a 200 with errors and no data, as GitHub does for
// requests it refuses to execute.
func (s *Server) answerErrors(w http.ResponseWriter, errs []*gqlError) {
	writeJSON(w, http.StatusOK, map[string]any{"errors": errs})
}

func (s *Server) executeLocked(w http.ResponseWriter, perm Permissions, query, opName string, vars map[string]any) {
	if strings.TrimSpace(query) == "" {
		s.logf("invalid: empty query")
		s.answerErrors(w, []*gqlError{{Message: "A query attribute must be specified and must be a string."}})
		return
	}
	// An unnamed source keeps gqlparser from adding a "file" extension.
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		s.logf("invalid: %v", err)
		s.answerErrors(w, fromGQLErrors(err))
		return
	}
	if errs := validator.ValidateWithRules(s.schema, doc, nil); len(errs) > 0 {
		s.logf("invalid: %v", errs)
		s.answerErrors(w, fromGQLErrors(errs))
		return
	}
	var op *ast.OperationDefinition
	switch {
	case opName != "":
		op = doc.Operations.ForName(opName)
		if op == nil {
			s.answerErrors(w, []*gqlError{{Message: fmt.Sprintf("No operation named \"%s\"", opName)}})
			return
		}
	case len(doc.Operations) == 1:
		op = doc.Operations[0]
	default:
		s.answerErrors(w, []*gqlError{{Message: "An operation name is required"}})
		return
	}
	coerced, err := validator.VariableValues(s.schema, op, vars)
	if err != nil {
		s.logf("invalid variables: %v", err)
		s.answerErrors(w, fromGQLErrors(err))
		return
	}
	q := &request{s: s, perm: perm, vars: coerced, mutation: op.Operation == ast.Mutation}
	var top []string
	for _, sel := range op.SelectionSet {
		if f, ok := sel.(*ast.Field); ok {
			top = append(top, f.Name)
		}
	}
	s.logf("%s %s", op.Operation, strings.Join(top, " "))
	if errs := q.analyze(op); len(errs) > 0 {
		s.answerErrors(w, errs)
		return
	}
	if q.cost > s.remaining {
		s.logf("primary rate limit")
		w.Header().Set("X-Ratelimit-Remaining", "0")
		s.answerErrors(w, []*gqlError{{Type: "RATE_LIMITED", Message: "API rate limit exceeded for user ID 1."}})
		return
	}
	s.remaining -= q.cost
	s.used += q.cost
	s.stats.Points += q.cost
	s.setRateHeadersLocked(w)
	var mode FaultMode
	if q.mutation {
		s.stats.Mutations++
		if s.stats.MutationsByName == nil {
			s.stats.MutationsByName = map[string]int{}
		}
		for _, name := range top {
			s.stats.MutationsByName[name]++
		}
		s.mutationCount++
		mode = s.failMutations[s.mutationCount]
		delete(s.failMutations, s.mutationCount)
	} else {
		s.stats.Queries++
	}
	if mode == FailBefore {
		s.logf("502 FailMutation before")
		badGateway(w)
		return
	}
	data := q.execute(op)
	if mode == FailAfter {
		s.logf("502 FailMutation after")
		badGateway(w)
		return
	}
	resp := object{{"data", data}}
	if len(q.errs) > 0 {
		resp = append(resp, member{"errors", q.errs})
	}
	writeJSON(w, http.StatusOK, resp)
}

func badGateway(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>\n")
}

var undefinedField = regexp.MustCompile(`^Cannot query field "([^"]+)" on type "([^"]+)"`)

// fromGQLErrors converts gqlparser's errors, rewording the commonest one as
// GitHub words it.
func fromGQLErrors(err error) []*gqlError {
	var list gqlerror.List
	var one *gqlerror.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = gqlerror.List{one}
	default:
		return []*gqlError{{Message: err.Error()}}
	}
	var out []*gqlError
	for _, e := range list {
		g := &gqlError{Message: e.Message, Extensions: e.Extensions}
		for _, l := range e.Locations {
			g.Locations = append(g.Locations, location{Line: l.Line, Column: l.Column})
		}
		for _, p := range e.Path {
			switch p := p.(type) {
			case ast.PathName:
				g.Path = append(g.Path, string(p))
			case ast.PathIndex:
				g.Path = append(g.Path, int(p))
			}
		}
		if m := undefinedField.FindStringSubmatch(e.Message); m != nil {
			g.Message = fmt.Sprintf("Field '%s' doesn't exist on type '%s'", m[1], m[2])
			g.Extensions = map[string]any{"code": "undefinedField", "typeName": m[2], "fieldName": m[1]}
		}
		out = append(out, g)
	}
	return out
}
