package model

import "sync"

// PageInfo is a Relay page's position.
type PageInfo struct {
	HasNextPage     bool    `json:"hasNextPage"`
	HasPreviousPage bool    `json:"hasPreviousPage"`
	StartCursor     *string `json:"startCursor"`
	EndCursor       *string `json:"endCursor"`
}

// ComponentEdge is one component of a page.
type ComponentEdge struct {
	Cursor string    `json:"cursor"`
	Node   Component `json:"node"`
}

// ComponentConnection is a page of components.
type ComponentConnection struct {
	Edges    []ComponentEdge `json:"edges"`
	PageInfo PageInfo        `json:"pageInfo"`
	// Query is what the page lists: its total is counted only when a client asks.
	Query ComponentQuery `json:"-"`
	// Total, when set, is the total counted with the page (in its transaction).
	Total *int `json:"-"`
}

// AgencyEdge is one agency of a page.
type AgencyEdge struct {
	Cursor string `json:"cursor"`
	Node   Agency `json:"node"`
}

// AgencyConnection is a page of agencies.
type AgencyConnection struct {
	Edges    []AgencyEdge `json:"edges"`
	PageInfo PageInfo     `json:"pageInfo"`
	Query    AgencyQuery  `json:"-"`
	// Total, when set, is the total counted with the page (in its transaction).
	Total *int `json:"-"`
}

// ReferenceComponentEdge is one reference component of a page.
type ReferenceComponentEdge struct {
	Cursor string             `json:"cursor"`
	Node   ReferenceComponent `json:"node"`
}

// ReferenceComponentConnection is a page of reference components.
type ReferenceComponentConnection struct {
	Edges    []ReferenceComponentEdge `json:"edges"`
	PageInfo PageInfo                 `json:"pageInfo"`
	Query    ReferenceQuery           `json:"-"`
}

// ImpactedEdge is one affected component of a page.
type ImpactedEdge struct {
	Cursor string   `json:"cursor"`
	Node   Impacted `json:"node"`
}

// ImpactedConnection is a page of affected components.
type ImpactedConnection struct {
	Edges    []ImpactedEdge `json:"edges"`
	PageInfo PageInfo       `json:"pageInfo"`
	Impact   ImpactQuery    `json:"-"`
	// Filter narrows the rows (nil: every affected component).
	Filter *ImpactRowFilter `json:"-"`
}

// PathEdge is one path of a page.
type PathEdge struct {
	Cursor string `json:"cursor"`
	Node   Path   `json:"node"`
}

// PathConnection is a page of paths.
type PathConnection struct {
	Edges    []PathEdge  `json:"edges"`
	PageInfo PageInfo    `json:"pageInfo"`
	Impact   ImpactQuery `json:"-"`
}

// Impact is an impact traversal as asked; its figures (an ImpactSummary) are resolved on first
// use, once per request, and its rows page by page.
type Impact struct {
	Query     ImpactQuery     `json:"-"`
	Root      Component       `json:"root"`
	Direction ImpactDirection `json:"direction"`
	MaxDepth  int             `json:"maxDepth"`
}

// SearchHitEdge is one search hit of a page.
type SearchHitEdge struct {
	Cursor string    `json:"cursor"`
	Node   SearchHit `json:"node"`
}

// SearchHitConnection is a page of search hits. Its total (totalCount and totalCountExact)
// is counted once, and only when a client asks for either.
type SearchHitConnection struct {
	Edges    []SearchHitEdge `json:"edges"`
	PageInfo PageInfo        `json:"pageInfo"`
	Text     string          `json:"-"`
	Label    string          `json:"-"`
	Total    *SearchTotal    `json:"-"`
}

// SearchTotal is the count of a search's hits, filled once by its first reader.
type SearchTotal struct {
	Once  sync.Once
	N     int
	Exact bool
	Err   error
}
