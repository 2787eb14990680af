// Command archgraph is the archgraph server and its tools: serve, migrate, seed, token, export,
// import, version. It only wires: flags and environment into a config, then the store, the
// resolvers and the HTTP server; the work is done by the packages it calls.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store"
)

// version is stamped at build time with -ldflags "-X main.version=$(git describe --tags --always
// --dirty)" by scripts/run, the Dockerfile (build argument VERSION) and .ci/run; "dev" otherwise.
var version = "dev"

const usage = `archgraph — a graph model of Vietnam's National Digital Overall Architecture Framework

Usage:
  archgraph serve   [flags]   run the HTTP server (GraphQL at /graphql, UI at /)
  archgraph migrate [flags]   create the Neo4j constraints and indexes (idempotent)
  archgraph seed    [flags]   load the framework (and, with --synthetic, a synthetic estate)
  archgraph token   create|revoke|list   API tokens scoped to an agency
  archgraph export  archimate|json|csv   write the graph (csv: an agency's inventory) to a file
  archgraph import  archimate|json|csv   merge such a file into the graph
  archgraph version           print the version

Run "archgraph <command> -h" for the flags of a command. Every flag has an environment twin.
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the exit, so that tests can call it. Exit codes: 0 ok, 1 failure, 2 usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, args := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, args, stderr)
	case "migrate":
		return cmdMigrate(ctx, args, stdout, stderr)
	case "seed":
		return cmdSeed(ctx, args, stdout, stderr)
	case "token":
		return cmdToken(ctx, args, stdout, stderr)
	case "export":
		return cmdExport(ctx, args, stdout, stderr)
	case "import":
		return cmdImport(ctx, args, stdout, stderr)
	case "version", "--version", "-version":
		v := buildVersion()
		fmt.Fprintf(stdout, "archgraph %s (commit %s, %s)\n", v.Version, v.Commit, v.GoVersion)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "archgraph: unknown command %q\n\n%s", cmd, usage)
	return 2
}

// parse parses flags; it returns (config, exit code) where a non-negative code means stop now.
func parse(name string, args []string, stderr io.Writer, serve bool, extra func(*flag.FlagSet)) (*config, int) {
	envErrors = nil
	var c config
	fs := flag.NewFlagSet("archgraph "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.bindCommon(fs)
	if serve {
		c.bindServe(fs)
	}
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, 0
		}
		return nil, 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "archgraph %s: unexpected argument %q\n", name, fs.Arg(0))
		return nil, 2
	}
	if err := c.validate(serve); err != nil {
		fmt.Fprintf(stderr, "archgraph %s: invalid configuration:\n%v\n", name, err)
		return nil, 2
	}
	return &c, -1
}

func buildVersion() model.Version {
	v := model.Version{Version: version, Commit: "unknown", GoVersion: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v.Commit = s.Value[:12]
			}
		}
	}
	return v
}

func openStore(c *config, log *slog.Logger) (*store.Store, error) {
	return store.Open(c.storeConfig(), log)
}

// connect opens the store and checks that Neo4j answers within the connect timeout; when
// either fails it logs why, under op, and reports false. The caller closes the store.
func connect(ctx context.Context, c *config, log *slog.Logger, op string) (*store.Store, bool) {
	st, err := openStore(c, log)
	if err != nil {
		log.Error(op, "err", err)
		return nil, false
	}
	if err := st.Ping(ctx, c.Neo4jConnectTimeout); err != nil {
		log.Error(op+": cannot reach neo4j", "uri", c.Neo4jURI, "err", err)
		_ = st.Close(context.Background())
		return nil, false
	}
	return st, true
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var refresh bool
	c, code := parse("migrate", args, stderr, false, func(fs *flag.FlagSet) {
		fs.BoolVar(&refresh, "refresh-facts", false,
			"recompute the conformance facts and the component counts even when they are known current (after Cypher written by hand)")
	})
	if c == nil {
		return code
	}
	log := c.logger()
	st, ok := connect(ctx, c, log, "migrate")
	if !ok {
		return 1
	}
	defer st.Close(context.Background())
	start := time.Now()
	if err := st.Migrate(ctx); err != nil {
		log.Error("migrate", "err", err)
		return 1
	}
	if refresh {
		if _, err := st.RecomputeConformanceFacts(ctx); err != nil {
			log.Error("migrate: conformance facts", "err", err)
			return 1
		}
		if _, err := st.RecomputeComponentCounts(ctx); err != nil {
			log.Error("migrate: component counts", "err", err)
			return 1
		}
	}
	items, err := st.Schema(ctx)
	if err != nil {
		log.Error("migrate: read schema", "err", err)
		return 1
	}
	fmt.Fprintf(stdout, "schema up to date: %d constraints and indexes (%s)\n", len(items), time.Since(start).Round(time.Millisecond))
	return 0
}

func cmdServe(ctx context.Context, args []string, stderr io.Writer) int {
	c, code := parse("serve", args, stderr, true, nil)
	if c == nil {
		return code
	}
	log := c.logger()
	tokens := server.Tokens{}
	if c.TokenFile != "" {
		var err error
		if tokens, err = server.LoadTokens(c.TokenFile); err != nil {
			fmt.Fprintf(stderr, "archgraph serve: --token-file (ARCHGRAPH_TOKEN_FILE): %v\n", err)
			return 2
		}
		log.Info("bearer tokens loaded", "count", len(tokens))
	} else {
		log.Info("no --token-file: the API is read-only")
	}
	st, err := openStore(c, log)
	if err != nil {
		log.Error("serve", "err", err)
		return 1
	}
	defer st.Close(context.Background())
	if err := st.Ping(ctx, c.Neo4jConnectTimeout); err != nil {
		// Start anyway: /readyz reports the problem and turns ready once Neo4j answers.
		log.Warn("neo4j is not reachable yet; serving, /readyz reports 503 until it is", "uri", c.Neo4jURI, "err", err)
	}
	// Requests fail fast (UNAVAILABLE, 503) while the probe finds Neo4j down, and serve again
	// when it answers.
	st.WatchHealth(ctx, c.HealthInterval, c.HealthInterval)
	// The conformance roll-up's facts, after a write that does not keep them (an import).
	factsDone := server.RefreshStaleFacts(ctx, st, log, 10*time.Minute)()
	// The component counts of the dashboards' aggregations, likewise.
	countsDone := server.RefreshStaleCounts(ctx, st, log, 10*time.Minute)()
	// The warm-up (server/warmup.go): once both are refreshed, in the background.
	warm := server.NewWarmUp(log)
	warm.RefreshEvery = c.RefreshEvery // then the refresh after writes (server/refresh.go)
	if !c.WarmUp {
		warm.Off()
		log.Info("warm-up off (--warm-up=false)")
	}
	// The impact index (store/impact_index.go), built in the background.
	if c.ImpactIndex {
		st.EnableImpactIndex()
	}
	h := server.New(server.Options{
		Store:          st,
		Resolver:       &resolvers.Resolver{Store: st, Version: buildVersion()},
		Log:            log,
		RequestTimeout: c.RequestTimeout,
		MaxBodyBytes:   c.MaxBodyBytes,
		BodyTimeout:    c.BodyTimeout,
		Dev:            c.Dev,
		Tokens:         tokens,
		ClosedReads:    !c.OpenReads,
		RestrictOps:    c.RestrictOps,
		SessionTTL:     c.SessionTTL,
		SecureCookies:  c.SecureCookies,
		CacheBytes:     cacheBytes(c.CacheMB),
		Cost: &server.CostLimits{PointsPerSecond: c.CostRate, Burst: c.CostBurst, MaxAnalyses: c.MaxAnalyses,
			MaxQueued: 64, AnalysisWait: c.AnalysisWait, ClientIPHeader: c.ClientIPHeader},
		WarmUp: warm,
	})
	warmCtx, stopWarm := context.WithCancel(ctx)
	defer stopWarm()
	if c.WarmUp {
		go warm.Run(warmCtx, factsDone, countsDone)
	}
	srv := &http.Server{
		Addr:              c.Addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       c.BodyTimeout + 5*time.Second, // the body's own deadline (408) comes first
		WriteTimeout:      c.RequestTimeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		log.Error("serve: listen", "addr", c.Addr, "err", err)
		return 1
	}
	log.Info("archgraph serving", "addr", "http://"+ln.Addr().String(), "neo4j", c.Neo4jURI, "dev", c.Dev, "version", version)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		log.Error("serve", "err", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("shutting down")
	stopWarm() // already stopped by ctx; its operation running is cancelled
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("shutdown", "err", err)
		return 1
	}
	// The store closes when this returns: the warm-up must have let go of it.
	select {
	case <-warm.Done():
	case <-sctx.Done():
		log.Warn("shutdown: the warm-up did not stop in time")
	}
	return 0
}

// cacheBytes turns --cache-mb into server.Options.CacheBytes (negative: off).
func cacheBytes(mb int) int64 {
	if mb == 0 {
		return -1
	}
	return int64(mb) << 20
}
