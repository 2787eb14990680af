package seed

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTestdata reads every seed/testdata file: *.good.yaml must load, and each *.bad.yaml must
// fail with exactly the message pinned here (file, line, record and field named).
func TestTestdata(t *testing.T) {
	want := map[string]string{
		"area-type-on-central.bad.yaml": "seed: area-type-on-central.bad.yaml:24: referenceComponents[0] (NTL1): field areaType: only AREA_SUPPLEMENTARY components have an area type (tier is CENTRAL)",
		"bad-ascii.bad.yaml":            `seed: bad-ascii.bad.yaml:24: referenceComponents[0] (NTL1): field ascii: "NTL2" is not the ASCII form of "NTL1" ("NTL1")`,
		"bad-date.bad.yaml":             `seed: bad-date.bad.yaml:9: frameworks[1] (FW-XA): field issued: "31/01/2026" is not a date YYYY-MM-DD`,
		"central-provides.bad.yaml":     "seed: central-provides.bad.yaml:24: referenceComponents[0] (NTL1): field provides: a centrally provided shared component sanctions no local counterpart; its capabilities belong to the national components that realize it",
		"bad-enum.bad.yaml":             `seed: bad-enum.bad.yaml:24: referenceComponents[0] (NTL1): field tier: "ESSENTIAL" is not one of [CENTRAL PROVINCE COMMUNE_ESSENTIAL AREA_SUPPLEMENTARY]`,
		"duplicate-code.bad.yaml": `seed: 2 problems:
  duplicate-code.bad.yaml:39: components[1] (NDXP): field code: duplicate: "NDXP" is already defined at duplicate-code.bad.yaml:38
  duplicate-code.bad.yaml:41: dependencies[0] (NDOP->NDXP): field from: unknown component "NDOP"`,
		"layer-incomplete.bad.yaml": `seed: 4 problems:
  layer-incomplete.bad.yaml:2: layers[0] (L1): field name: required
  layer-incomplete.bad.yaml:2: layers[0] (L1): field nameEn: required
  layer-incomplete.bad.yaml:2: layers[0] (L1): field source: required
  layer-incomplete.bad.yaml:2: layers[0] (L1): field number: 0 is not a layer number 1..4`,
		"control-name.bad.yaml": "seed: control-name.bad.yaml:24: referenceComponents[0] (NTL1): field name: contains the control character U+001B (ESC) at character 9; remove it",
		"missing-name.bad.yaml": "seed: missing-name.bad.yaml:24: referenceComponents[0] (NTL1): field name: required",
		"partof-cycle.bad.yaml": `seed: 2 problems:
  partof-cycle.bad.yaml:35: agencies[0] (CP): field partOf: cycle through "CP"
  partof-cycle.bad.yaml:36: agencies[1] (BCA): field partOf: cycle through "BCA"`,
		"self-dependency.bad.yaml": "seed: self-dependency.bad.yaml:41: dependencies[0] (NDOP->NDOP): field to: a component cannot depend on itself",
		"syntax.bad.yaml":          "seed: syntax.bad.yaml: line 2: did not find expected ',' or ']'",
		"unknown-field.bad.yaml":   "seed: unknown-field.bad.yaml: line 18: field colour not found in type seed.Layer",
		"unknown-group.bad.yaml":   `seed: unknown-group.bad.yaml:24: referenceComponents[0] (NTL1): field group: unknown group "XYZ"`,
		"unknown-owner.bad.yaml":   `seed: unknown-owner.bad.yaml:38: components[0] (NDXP): field owner: unknown agency "BXX"`,
		"version.bad.yaml": `seed: 4 problems:
  version.bad.yaml:48: frameworkVersions[0] (FW-XA-2027): field basedOn: FW-XA-2027 must list FW-XA in its supersedes to be a version of it
  version.bad.yaml:48: frameworkVersions[0] (FW-XA-2027): field remove: FW-XA does not list reference component "NTL9"
  version.bad.yaml:48: frameworkVersions[0] (FW-XA-2027): field change: "NTL2" is both removed and changed
  version.bad.yaml:48: frameworkVersions[0] (FW-XA-2027): field change NTL1: areaType: an AREA_SUPPLEMENTARY component needs an area type`,
	}
	files, _ := filepath.Glob("testdata/*.yaml")
	if len(files) < len(want)+1 {
		t.Fatalf("found %d testdata files, want at least %d", len(files), len(want)+1)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			_, err := ReadFile(path)
			if strings.HasSuffix(name, ".good.yaml") {
				if err != nil {
					t.Fatalf("good file refused: %v", err)
				}
				return
			}
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expected message pinned for %s (error: %v)", name, err)
			}
			if err == nil {
				t.Fatalf("bad file accepted, want %q", w)
			}
			if err.Error() != w {
				t.Fatalf("error\n got: %s\nwant: %s", err, w)
			}
		})
	}
}
