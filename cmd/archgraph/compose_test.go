package main

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDockerCompose keeps docker-compose.yml valid and its contract in place, since no Docker
// engine runs here to try it: Neo4j 5.26 community with auth, memory settings, a healthcheck
// and a volume; archgraph waiting for a healthy Neo4j and built from the Dockerfile.
func TestDockerCompose(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image string `yaml:"image"`
			Build struct {
				Context string            `yaml:"context"`
				Args    map[string]string `yaml:"args"`
			} `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Healthcheck map[string]any    `yaml:"healthcheck"`
			DependsOn   map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	neo, app := c.Services["neo4j"], c.Services["archgraph"]
	if neo.Image != "neo4j:5.26-community" {
		t.Errorf("neo4j image %q", neo.Image)
	}
	for _, k := range []string{"NEO4J_AUTH", "NEO4J_server_memory_heap_max__size", "NEO4J_server_memory_pagecache_size"} {
		if neo.Environment[k] == "" {
			t.Errorf("neo4j environment lacks %s", k)
		}
	}
	if neo.Healthcheck["test"] == nil || len(neo.Volumes) == 0 || len(c.Volumes) == 0 {
		t.Error("neo4j needs a healthcheck and a named volume")
	}
	if app.Build.Context != "." || app.Build.Args["VERSION"] == "" || app.DependsOn["neo4j"].Condition != "service_healthy" {
		t.Errorf("archgraph must build from . and wait for a healthy neo4j: %+v", app)
	}
	if !strings.HasPrefix(app.Environment["NEO4J_URI"], "bolt://neo4j:") {
		t.Errorf("archgraph NEO4J_URI %q", app.Environment["NEO4J_URI"])
	}
	if _, err := os.Stat("../../Dockerfile"); err != nil {
		t.Error(err)
	}
}
