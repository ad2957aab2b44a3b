package githubtest

import (
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// GitHub's limits on a GraphQL call; see "Rate limits and node limits for
// the GraphQL API" in GitHub's documentation.
const (
	maxPageSize = 100
	maxNodes    = 500_000
)

// analyze applies GitHub's static rules before execution: every connection
// is paginated with first or last of at most 100, the node limit, and the
// token's scopes. It sets q.nodes and q.cost: the requests a query needs
// (each connection once per node of the connections above it), divided by
// 100 and rounded, at least 1; a mutation costs 1.
func (q *request) analyze(op *ast.OperationDefinition) []*gqlError {
	var errs []*gqlError
	scopeErr := map[string]bool{}
	var walk func(ss ast.SelectionSet, mult int, path []any)
	walk = func(ss ast.SelectionSet, mult int, path []any) {
		for _, sel := range ss {
			switch sel := sel.(type) {
			case *ast.Field:
				if sel.Definition == nil {
					continue
				}
				p := append(path[:len(path):len(path)], sel.Name)
				typ := sel.Definition.Type.Name()
				if !q.perm.Projects && !scopeErr[sel.Name] &&
					(strings.HasPrefix(typ, "ProjectV2") || (q.mutation && len(path) == 0 && strings.Contains(sel.Name, "ProjectV2"))) {
					scopeErr[sel.Name] = true
					errs = append(errs, &gqlError{
						Type:      "INSUFFICIENT_SCOPES",
						Locations: locationsOf(sel.Position),
						Message:   insufficientScopes(sel.Name, q.mutation).Error(),
					})
				}
				child := mult
				if isConnection(sel.Definition) {
					n, err := q.pageSize(sel)
					if err != nil {
						err.Path = p
						errs = append(errs, err)
						continue
					}
					q.requests += mult
					child = mult * max(n, 1)
					before := q.nodes
					q.nodes += mult * n
					if before <= maxNodes && q.nodes > maxNodes {
						errs = append(errs, &gqlError{
							Type:      "MAX_NODE_LIMIT_EXCEEDED",
							Path:      p,
							Locations: locationsOf(sel.Position),
							Message: fmt.Sprintf("By the time this query traverses to the %s connection, it is requesting up to %s possible nodes which exceeds the maximum limit of 500,000.",
								sel.Name, thousands(q.nodes)),
						})
					}
				}
				walk(sel.SelectionSet, child, p)
			case *ast.InlineFragment:
				walk(sel.SelectionSet, mult, path)
			case *ast.FragmentSpread:
				if sel.Definition != nil {
					walk(sel.Definition.SelectionSet, mult, path)
				}
			}
		}
	}
	walk(op.SelectionSet, 1, nil)
	// GitHub's documented example: 5,101 requests cost 51 points, so the
	// division rounds to the nearest point, not up.
	q.cost = max(1, (q.requests+50)/100)
	if q.mutation {
		q.cost = 1
	}
	return errs
}

// insufficientScopes is GitHub's answer to a token without the project
// scope: read:project for reads, project for mutations.
func insufficientScopes(field string, mutation bool) error {
	scope := "read:project"
	if mutation {
		scope = "project"
	}
	return errorf("INSUFFICIENT_SCOPES", "Your token has not been granted the required scopes to execute this query. "+
		"The '%s' field requires one of the following scopes: ['%s'], but your token has only been granted the: ['repo'] scopes. "+
		"Please modify your token's scopes at: https://github.com/settings/tokens.", field, scope)
}

// isConnection reports whether GitHub requires first or last on the field.
func isConnection(def *ast.FieldDefinition) bool {
	return strings.HasSuffix(def.Type.Name(), "Connection") && def.Arguments.ForName("first") != nil
}

func (q *request) pageSize(f *ast.Field) (int, *gqlError) {
	a := args(f.ArgumentMap(q.vars))
	first, hasFirst := a.int("first")
	last, hasLast := a.int("last")
	fail := func(typ, format string, v ...any) (int, *gqlError) {
		return 0, &gqlError{Type: typ, Locations: locationsOf(f.Position), Message: fmt.Sprintf(format, v...)}
	}
	switch {
	case !hasFirst && !hasLast:
		return fail("MISSING_PAGINATION_BOUNDARIES", "You must provide a `first` or `last` value to properly paginate the `%s` connection.", f.Name)
	case hasFirst && first > maxPageSize:
		return fail("EXCESSIVE_PAGINATION", "Requesting %d records on the `%s` connection exceeds the `first` limit of %d records.", first, f.Name, maxPageSize)
	case hasLast && last > maxPageSize:
		return fail("EXCESSIVE_PAGINATION", "Requesting %d records on the `%s` connection exceeds the `last` limit of %d records.", last, f.Name, maxPageSize)
	case hasFirst && first < 0, hasLast && last < 0:
		return fail("INVALID_PAGINATION", "`first` and `last` on the `%s` connection must be between 0 and %d.", f.Name, maxPageSize)
	}
	return max(first, last), nil
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
