package githubtest

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// schemaSDL is GitHub's public schema; see testdata/README.md for where it
// comes from and its licence.
//
//go:embed testdata/schema.graphql
var schemaSDL string

// loadSchema parses the embedded schema once per process: it is 1.4 MB and
// every Server shares the result, which is never modified.
var loadSchema = sync.OnceValues(func() (*ast.Schema, error) {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: schemaSDL})
	if err != nil {
		return nil, fmt.Errorf("load GitHub GraphQL schema: %w", err)
	}
	return s, nil
})
