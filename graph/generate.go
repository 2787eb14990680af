// Package graph holds the GraphQL schema (*.graphqls, the contract) and the executor that gqlgen
// generates from it. Never edit the generated files: change the schema and run `go generate ./graph`.
package graph

//go:generate sh -c "cd .. && go tool gqlgen generate"
