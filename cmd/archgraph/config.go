package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store"
)

// config is every setting, each a flag with an environment twin; flags win over the environment.
type config struct {
	Neo4jURI            string
	Neo4jUser           string
	Neo4jPassword       string
	Neo4jDatabase       string
	Neo4jMaxPool        int
	Neo4jConnectTimeout time.Duration
	Neo4jRetryBudget    time.Duration

	Addr           string
	RequestTimeout time.Duration
	MaxBodyBytes   int64
	Dev            bool
	TokenFile      string
	OpenReads      bool
	BodyTimeout    time.Duration
	RestrictOps    bool
	CacheMB        int
	ImpactIndex    bool
	WarmUp         bool
	RefreshEvery   time.Duration
	CostRate       float64
	CostBurst      int
	MaxAnalyses    int
	AnalysisWait   time.Duration
	ClientIPHeader string
	HealthInterval time.Duration
	SessionTTL     time.Duration
	SecureCookies  bool

	LogLevel  string
	LogFormat string
}

// bindCommon registers the settings every subcommand shares (Neo4j, logging).
func (c *config) bindCommon(fs *flag.FlagSet) {
	strVar(fs, &c.Neo4jURI, "neo4j-uri", "NEO4J_URI", "bolt://127.0.0.1:7687", "Neo4j URI (bolt://, neo4j:// for cluster routing, +s variants for TLS)")
	strVar(fs, &c.Neo4jUser, "neo4j-user", "NEO4J_USER", "", "Neo4j user (default neo4j when a password is set; with neither: no authentication)")
	strVar(fs, &c.Neo4jPassword, "neo4j-password", "NEO4J_PASSWORD", "", "Neo4j password")
	strVar(fs, &c.Neo4jDatabase, "neo4j-database", "NEO4J_DATABASE", "", "Neo4j database (empty: the server's default)")
	intVar(fs, &c.Neo4jMaxPool, "neo4j-max-pool", "NEO4J_MAX_POOL", 50, "maximum Neo4j connections")
	durVar(fs, &c.Neo4jConnectTimeout, "neo4j-connect-timeout", "NEO4J_CONNECT_TIMEOUT", 5*time.Second, "timeout of one connection attempt")
	durVar(fs, &c.Neo4jRetryBudget, "neo4j-retry-budget", "NEO4J_RETRY_BUDGET", 30*time.Second, "how long the driver retries a transient failure")
	strVar(fs, &c.LogLevel, "log-level", "ARCHGRAPH_LOG_LEVEL", "info", "log level: debug, info, warn, error")
	strVar(fs, &c.LogFormat, "log-format", "ARCHGRAPH_LOG_FORMAT", "text", "log format: text or json")
}

// bindServe registers the HTTP server's settings.
func (c *config) bindServe(fs *flag.FlagSet) {
	strVar(fs, &c.Addr, "addr", "ARCHGRAPH_ADDR", "127.0.0.1:8080", "HTTP listen address host:port")
	durVar(fs, &c.RequestTimeout, "request-timeout", "ARCHGRAPH_REQUEST_TIMEOUT", 10*time.Second, "deadline of one HTTP request (below the retry budget)")
	int64Var(fs, &c.MaxBodyBytes, "max-body-bytes", "ARCHGRAPH_MAX_BODY_BYTES", 1<<20, "largest request body; larger gets 413")
	strVar(fs, &c.TokenFile, "token-file", "ARCHGRAPH_TOKEN_FILE", "", "file of bearer tokens for mutations: \"<token> <role> [<name>]\" per line, roles viewer|editor|admin (none: no writes)")
	boolVar(fs, &c.OpenReads, "open-reads", "ARCHGRAPH_OPEN_READS", true, "answer queries without a token (false: every request needs one)")
	boolVar(fs, &c.Dev, "dev", "ARCHGRAPH_DEV", false, "development mode: introspection, field suggestions and GraphiQL at /graphiql")
	durVar(fs, &c.BodyTimeout, "body-timeout", "ARCHGRAPH_BODY_TIMEOUT", 5*time.Second, "time a client has to send its request body; past it 408")
	boolVar(fs, &c.RestrictOps, "restrict-ops", "ARCHGRAPH_RESTRICT_OPS", false, "/metrics and the details of /readyz only for admin tokens")
	floatVar(fs, &c.CostRate, "cost-rate", "ARCHGRAPH_COST_RATE", server.DefaultCost.PointsPerSecond, "complexity points per second each client (token, or address when anonymous) may spend; 0: no budget")
	intVar(fs, &c.CostBurst, "cost-burst", "ARCHGRAPH_COST_BURST", server.DefaultCost.Burst, "each client's budget when rested, in complexity points (at least the per-operation limit, 20000)")
	intVar(fs, &c.MaxAnalyses, "max-analyses", "ARCHGRAPH_MAX_ANALYSES", server.DefaultCost.MaxAnalyses, "analyses (impact, path, duplicates, conformance, rules, frameworkDiff) running at once; 0: no limit")
	durVar(fs, &c.AnalysisWait, "analysis-wait", "ARCHGRAPH_ANALYSIS_WAIT", server.DefaultCost.AnalysisWait, "longest wait for an analysis slot; past it RATE_LIMITED")
	strVar(fs, &c.ClientIPHeader, "client-ip-header", "ARCHGRAPH_CLIENT_IP_HEADER", "", "header of a trusted reverse proxy carrying the caller's address (X-Forwarded-For, X-Real-IP); empty: the connection's")
	boolVar(fs, &c.WarmUp, "warm-up", "ARCHGRAPH_WARM_UP", true, "after starting, run the web UI's operations and read the graph into Neo4j's page cache in the background, so that the first users after a Neo4j restart do not wait (false: off)")
	durVar(fs, &c.RefreshEvery, "refresh-every", "ARCHGRAPH_REFRESH_EVERY", 5*time.Second, "with the warm-up: how often the graph's write version is read; once writes pause for this long, the dashboards' operations run again in the background so that their next visitors read the answers from the response cache (0: off)")
	boolVar(fs, &c.ImpactIndex, "impact-index", "ARCHGRAPH_IMPACT_INDEX", true, "keep an in-memory copy of the dependency graph for impact analyses, rebuilt after writes (about 45 MB per million components); false: every impact search runs in Neo4j")
	intVar(fs, &c.CacheMB, "cache-mb", "ARCHGRAPH_CACHE_MB", server.DefaultCacheBytes>>20, "MiB of query answers kept until the next write (the response cache); 0: off")
	durVar(fs, &c.SessionTTL, "session-ttl", "ARCHGRAPH_SESSION_TTL", server.DefaultSessionTTL, "longest a browser session lasts (it also ends with its token's expiry or revocation)")
	boolVar(fs, &c.SecureCookies, "secure-cookies", "ARCHGRAPH_SECURE_COOKIES", false, "mark the session cookie Secure also on plain HTTP (behind a TLS-terminating proxy); over TLS it always is")
	durVar(fs, &c.HealthInterval, "health-interval", "ARCHGRAPH_HEALTH_INTERVAL", 500*time.Millisecond, "how often Neo4j is probed; while a probe fails, requests fail fast with UNAVAILABLE")
}

// envErrors collects environment values that could not be parsed; reported by validate.
var envErrors []error

func envDefault(env, def string) string {
	if v, ok := os.LookupEnv(env); ok {
		return v
	}
	return def
}

func strVar(fs *flag.FlagSet, p *string, name, env, def, help string) {
	fs.StringVar(p, name, envDefault(env, def), help+" [$"+env+"]")
}

func intVar(fs *flag.FlagSet, p *int, name, env string, def int, help string) {
	v := def
	if s, ok := os.LookupEnv(env); ok {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			envErrors = append(envErrors, fmt.Errorf("%s=%q: not an integer", env, s))
		} else {
			v = n
		}
	}
	fs.IntVar(p, name, v, help+" [$"+env+"]")
}

func int64Var(fs *flag.FlagSet, p *int64, name, env string, def int64, help string) {
	v := def
	if s, ok := os.LookupEnv(env); ok {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			envErrors = append(envErrors, fmt.Errorf("%s=%q: not an integer", env, s))
		} else {
			v = n
		}
	}
	fs.Int64Var(p, name, v, help+" [$"+env+"]")
}

func floatVar(fs *flag.FlagSet, p *float64, name, env string, def float64, help string) {
	v := def
	if s, ok := os.LookupEnv(env); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			envErrors = append(envErrors, fmt.Errorf("%s=%q: not a number", env, s))
		} else {
			v = f
		}
	}
	fs.Float64Var(p, name, v, help+" [$"+env+"]")
}

func durVar(fs *flag.FlagSet, p *time.Duration, name, env string, def time.Duration, help string) {
	v := def
	if s, ok := os.LookupEnv(env); ok {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			envErrors = append(envErrors, fmt.Errorf("%s=%q: not a duration (e.g. 5s, 1m)", env, s))
		} else {
			v = d
		}
	}
	fs.DurationVar(p, name, v, help+" [$"+env+"]")
}

func boolVar(fs *flag.FlagSet, p *bool, name, env string, def bool, help string) {
	v := def
	if s, ok := os.LookupEnv(env); ok {
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			envErrors = append(envErrors, fmt.Errorf("%s=%q: not a boolean (true/false)", env, s))
		} else {
			v = b
		}
	}
	fs.BoolVar(p, name, v, help+" [$"+env+"]")
}

// validate checks every setting and names the one that is wrong; serve adds the server's.
func (c *config) validate(serve bool) error {
	errs := append([]error{}, envErrors...)
	errs = append(errs, c.validateNeo4j()...)
	errs = append(errs, c.validateLog()...)
	if serve {
		errs = append(errs, c.validateServer()...)
		errs = append(errs, c.validateLimits()...)
	}
	return errors.Join(errs...)
}

// validateNeo4j checks the connection settings (and defaults the user when a password is set).
func (c *config) validateNeo4j() []error {
	var errs []error
	u, err := url.Parse(c.Neo4jURI)
	switch {
	case err != nil:
		errs = append(errs, fmt.Errorf("--neo4j-uri (NEO4J_URI) %q: %w", c.Neo4jURI, err))
	case !map[string]bool{"bolt": true, "bolt+s": true, "bolt+ssc": true, "neo4j": true, "neo4j+s": true, "neo4j+ssc": true}[u.Scheme]:
		errs = append(errs, fmt.Errorf("--neo4j-uri (NEO4J_URI) %q: scheme must be bolt, neo4j or their +s/+ssc variants", c.Neo4jURI))
	case u.Host == "":
		errs = append(errs, fmt.Errorf("--neo4j-uri (NEO4J_URI) %q: no host", c.Neo4jURI))
	}
	if c.Neo4jPassword != "" && c.Neo4jUser == "" {
		// scripts/neo4j and the Docker image both turn auth on for user neo4j when a password is set.
		c.Neo4jUser = "neo4j"
	}
	if c.Neo4jMaxPool < 1 || c.Neo4jMaxPool > 1000 {
		errs = append(errs, fmt.Errorf("--neo4j-max-pool (NEO4J_MAX_POOL) %d: must be 1..1000", c.Neo4jMaxPool))
	}
	if c.Neo4jConnectTimeout <= 0 {
		errs = append(errs, fmt.Errorf("--neo4j-connect-timeout (NEO4J_CONNECT_TIMEOUT) %s: must be positive", c.Neo4jConnectTimeout))
	}
	if c.Neo4jRetryBudget <= 0 {
		errs = append(errs, fmt.Errorf("--neo4j-retry-budget (NEO4J_RETRY_BUDGET) %s: must be positive", c.Neo4jRetryBudget))
	}
	return errs
}

// validateLog checks the log level and format.
func (c *config) validateLog() []error {
	var errs []error
	if _, err := parseLevel(c.LogLevel); err != nil {
		errs = append(errs, fmt.Errorf("--log-level (ARCHGRAPH_LOG_LEVEL): %w", err))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format (ARCHGRAPH_LOG_FORMAT) %q: must be text or json", c.LogFormat))
	}
	return errs
}

// validateServer checks the server's address, timeouts, body size and cache.
func (c *config) validateServer() []error {
	var errs []error
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr (ARCHGRAPH_ADDR) %q: %w", c.Addr, err))
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		errs = append(errs, fmt.Errorf("--addr (ARCHGRAPH_ADDR) %q: bad port", c.Addr))
	}
	if c.RequestTimeout <= 0 {
		errs = append(errs, fmt.Errorf("--request-timeout (ARCHGRAPH_REQUEST_TIMEOUT) %s: must be positive", c.RequestTimeout))
	} else if c.RequestTimeout >= c.Neo4jRetryBudget {
		errs = append(errs, fmt.Errorf("--request-timeout (ARCHGRAPH_REQUEST_TIMEOUT) %s must be shorter than --neo4j-retry-budget (NEO4J_RETRY_BUDGET) %s", c.RequestTimeout, c.Neo4jRetryBudget))
	}
	if c.SessionTTL < time.Minute || c.SessionTTL > 30*24*time.Hour {
		errs = append(errs, fmt.Errorf("--session-ttl (ARCHGRAPH_SESSION_TTL) %s: must be between 1m and 720h", c.SessionTTL))
	}
	if c.MaxBodyBytes < 1024 {
		errs = append(errs, fmt.Errorf("--max-body-bytes (ARCHGRAPH_MAX_BODY_BYTES) %d: must be at least 1024", c.MaxBodyBytes))
	}
	if c.CacheMB < 0 || c.CacheMB > 1<<16 {
		errs = append(errs, fmt.Errorf("--cache-mb (ARCHGRAPH_CACHE_MB) %d: must be between 0 (off) and 65536", c.CacheMB))
	}
	if c.BodyTimeout <= 0 || c.BodyTimeout > c.RequestTimeout {
		errs = append(errs, fmt.Errorf("--body-timeout (ARCHGRAPH_BODY_TIMEOUT) %s: must be positive and at most --request-timeout %s", c.BodyTimeout, c.RequestTimeout))
	}
	return errs
}

// validateLimits checks the server's cost budget, analysis slots and health probe.
func (c *config) validateLimits() []error {
	var errs []error
	if c.CostRate < 0 {
		errs = append(errs, fmt.Errorf("--cost-rate (ARCHGRAPH_COST_RATE) %g: must not be negative", c.CostRate))
	}
	if c.CostBurst < server.DefaultLimits.MaxComplexity {
		errs = append(errs, fmt.Errorf("--cost-burst (ARCHGRAPH_COST_BURST) %d: must be at least the per-operation complexity limit %d", c.CostBurst, server.DefaultLimits.MaxComplexity))
	}
	if c.MaxAnalyses < 0 {
		errs = append(errs, fmt.Errorf("--max-analyses (ARCHGRAPH_MAX_ANALYSES) %d: must not be negative", c.MaxAnalyses))
	}
	if c.AnalysisWait <= 0 {
		errs = append(errs, fmt.Errorf("--analysis-wait (ARCHGRAPH_ANALYSIS_WAIT) %s: must be positive", c.AnalysisWait))
	}
	if c.RefreshEvery != 0 && (c.RefreshEvery < time.Second || c.RefreshEvery > time.Hour) {
		errs = append(errs, fmt.Errorf("--refresh-every (ARCHGRAPH_REFRESH_EVERY) %s: must be 0 (off) or 1s..1h", c.RefreshEvery))
	}
	if c.HealthInterval < 50*time.Millisecond || c.HealthInterval > time.Minute {
		errs = append(errs, fmt.Errorf("--health-interval (ARCHGRAPH_HEALTH_INTERVAL) %s: must be 50ms..1m", c.HealthInterval))
	}
	return errs
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(s))
	return l, err
}

func (c *config) logger() *slog.Logger {
	lvl, _ := parseLevel(c.LogLevel)
	opts := &slog.HandlerOptions{Level: lvl}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, opts)
	if c.LogFormat == "json" {
		h = slog.NewJSONHandler(os.Stderr, opts)
	}
	l := slog.New(h)
	slog.SetDefault(l)
	return l
}

func (c *config) storeConfig() store.Config {
	return store.Config{
		URI: c.Neo4jURI, User: c.Neo4jUser, Password: c.Neo4jPassword, Database: c.Neo4jDatabase,
		MaxPool: c.Neo4jMaxPool, ConnectTimeout: c.Neo4jConnectTimeout, RetryBudget: c.Neo4jRetryBudget,
	}
}
