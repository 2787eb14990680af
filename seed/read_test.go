package seed

import (
	"testing"
)

// TestDataValid reads the framework files shipped in seed/data; any validation problem fails it.
func TestDataValid(t *testing.T) {
	f, err := ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.ReferenceComponents) == 0 || len(f.Layers) != 4 {
		t.Fatalf("seed/data holds %d reference components and %d layers", len(f.ReferenceComponents), len(f.Layers))
	}
}

func TestASCIIFold(t *testing.T) {
	for in, want := range map[string]string{"ƯDCQS7": "UDCQS7", "ĐLHQ9": "DLHQ9", "HTS1": "HTS1", "NVXHS4": "NVXHS4"} {
		if got := ASCIIFold(in); got != want {
			t.Errorf("ASCIIFold(%q) = %q, want %q", in, got, want)
		}
	}
}
