// Package frontend embeds the web UI that `npm run build` writes to frontend/dist, so that
// `archgraph serve` serves it at /. Before a build, dist holds only .gitkeep and the server
// says how to build the UI.
package frontend

import "embed"

// Dist is the built UI (frontend/dist).
//
//go:embed all:dist
var Dist embed.FS
