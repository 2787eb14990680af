package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/textpolicy"
)

const tokenUsage = `Usage:
  archgraph token create --agency CODE --role viewer|editor|admin [--name NAME] [--ttl 720h]
  archgraph token revoke ID
  archgraph token list

Tokens are printed once at creation; only their SHA-256 is stored (in Neo4j). An editor writes
the components owned by its agency and by the agencies part of it (a province covers its
communes); an admin writes everywhere; a viewer only reads.
`

func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, tokenUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	var agency, role, name string
	var ttl time.Duration
	extra := func(fs *flag.FlagSet) {
		if sub == "create" {
			fs.StringVar(&agency, "agency", "", "code of the agency whose scope the token writes in")
			fs.StringVar(&role, "role", "", "viewer, editor or admin")
			fs.StringVar(&name, "name", "", "who the token is for (shown in the audit log)")
			fs.DurationVar(&ttl, "ttl", 0, "lifetime, e.g. 720h (0: does not expire)")
		}
	}
	var positional []string
	if sub == "revoke" && len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		positional, args = args[:1], args[1:]
	}
	c, code := parse("token "+sub, args, stderr, false, extra)
	if c == nil {
		return code
	}
	switch sub {
	case "create":
		if agency == "" {
			fmt.Fprintln(stderr, "archgraph token create: --agency is required")
			return 2
		}
		r := model.Role(role)
		if r != model.RoleViewer && r != model.RoleEditor && r != model.RoleAdmin {
			fmt.Fprintf(stderr, "archgraph token create: --role %q: must be viewer, editor or admin\n", role)
			return 2
		}
		if ttl < 0 {
			fmt.Fprintln(stderr, "archgraph token create: --ttl must not be negative")
			return 2
		}
		if name == "" {
			name = string(r) + "@" + agency
		}
		// The name is shown in the audit log and token lists: the one input-text policy.
		clean, err := textpolicy.Clean("--name", name, textpolicy.Name)
		if err != nil {
			fmt.Fprintf(stderr, "archgraph token create: %v\n", err)
			return 2
		}
		name = clean
	case "revoke":
		if len(positional) != 1 {
			fmt.Fprintln(stderr, "archgraph token revoke: give the token's id (archgraph token list shows them)")
			return 2
		}
	case "list":
	default:
		fmt.Fprintf(stderr, "archgraph token: unknown subcommand %q\n\n%s", sub, tokenUsage)
		return 2
	}
	log := c.logger()
	st, err := openStore(c, log)
	if err != nil {
		log.Error("token", "err", err)
		return 1
	}
	defer st.Close(context.Background())
	if err := st.Migrate(ctx); err != nil {
		log.Error("token: cannot reach neo4j or migrate", "uri", c.Neo4jURI, "err", err)
		return 1
	}
	switch sub {
	case "create":
		secret, t, err := st.CreateToken(ctx, agency, model.Role(role), name, ttl)
		if err != nil {
			fmt.Fprintf(stderr, "archgraph token create: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "token %s for %s (%s, agency %s), expires %s; store it now, it is not shown again:\n",
			t.ID, t.Name, t.Role, t.Agency, orNever(t.ExpiresAt))
		fmt.Fprintln(stdout, secret)
	case "revoke":
		t, err := st.RevokeToken(ctx, positional[0])
		if err != nil {
			fmt.Fprintf(stderr, "archgraph token revoke: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "revoked %s (%s) at %s\n", t.ID, t.Name, t.RevokedAt)
	case "list":
		ts, err := st.Tokens(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "archgraph token list: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%-36s  %-8s %-14s %-30s %-25s %s\n", "id", "role", "agency", "name", "expires", "revoked")
		for _, t := range ts {
			fmt.Fprintf(stdout, "%-36s  %-8s %-14s %-30s %-25s %s\n", t.ID, t.Role, t.Agency, t.Name, orNever(t.ExpiresAt), t.RevokedAt)
		}
	}
	return 0
}

func orNever(s string) string {
	if s == "" {
		return "never"
	}
	return s
}
