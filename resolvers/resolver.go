// Package resolvers implements the GraphQL schema: thin functions that validate, call store and
// map errors. One file per schema file (gqlgen's follow-schema layout).
package resolvers

import (
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// Resolver is the root resolver; it holds what every request needs.
type Resolver struct {
	Store   *store.Store
	Version model.Version
}
