package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// TestResponseCacheBounded: the cache never holds more than its bytes, drops the least recently
// used answer first, and keeps no answer larger than a quarter of it.
func TestResponseCacheBounded(t *testing.T) {
	c := newResponseCache(nil, 4096)
	answer := func(n int) *graphql.Response {
		return &graphql.Response{Data: json.RawMessage(`"` + strings.Repeat("x", n) + `"`)}
	}
	for i := 0; i < 100; i++ {
		c.put(fmt.Sprintf("k%03d", i), answer(200))
		if _, _, _, _, bytes, _ := c.stats(); bytes > 4096 {
			t.Fatalf("after %d answers the cache holds %d bytes (max 4096)", i+1, bytes)
		}
	}
	if c.get("k000") != nil {
		t.Error("the oldest answer is still there")
	}
	if c.get("k099") == nil {
		t.Error("the newest answer is gone")
	}
	// Touch k090 so that it outlives answers put after it.
	if c.get("k090") == nil {
		t.Fatal("k090 is gone")
	}
	for i := 100; i < 112; i++ {
		c.put(fmt.Sprintf("k%03d", i), answer(200))
	}
	if c.get("k090") == nil || c.get("k091") != nil {
		t.Errorf("LRU order: recently read k090 kept %v, unread k091 dropped %v", c.get("k090") != nil, c.get("k091") == nil)
	}
	_, _, evictions, _, _, entries := c.stats()
	if evictions == 0 || entries == 0 {
		t.Errorf("evictions %d, entries %d", evictions, entries)
	}
	c.put("huge", answer(2000))
	if c.get("huge") != nil {
		t.Error("an answer over a quarter of the cache was kept")
	}
}

func TestMatchesETag(t *testing.T) {
	tag := `W/"a-123"`
	for _, c := range []struct {
		header string
		want   bool
	}{
		{`W/"a-123"`, true}, {`"a-123"`, true}, {`"x", W/"a-123"`, true}, {`*`, true},
		{``, false}, {`W/"a-124"`, false},
	} {
		if got := matchesETag(c.header, tag); got != c.want {
			t.Errorf("matchesETag(%q) = %v, want %v", c.header, got, c.want)
		}
	}
}
