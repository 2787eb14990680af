package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestImportCSVDryRun: --dry-run prints per row what would be inferred and which shared
// platforms the row would duplicate, and writes nothing.
func TestImportCSVDryRun(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	before := checksum(t, st)
	in := filepath.Join(t.TempDir(), "lao-cai.csv")
	csv := "code,name,kind,scope,status,layer,source\n" +
		"LC-EID,He thong dinh danh dien tu Lao Cai,PLATFORM,PROVINCE,OPERATING,L2,kiểm kê 2026\n" +
		"LC-LGSP,Trục LGSP tỉnh Lào Cai,PLATFORM,PROVINCE,OPERATING,L2,kiểm kê 2026\n" +
		"LC-TAISAN,Phần mềm quản lý tài sản công,APPLICATION,PROVINCE,OPERATING,L3,kiểm kê 2026\n"
	if err := os.WriteFile(in, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := ag(t, "import", "csv", "--agency", "LAO-CAI", "--dry-run", in)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	for _, want := range []string{
		"line 2  LC-EID", "infers      CAP-EIDENTITY", "DUPLICATES  EID",
		"line 3  LC-LGSP", "realizes?   TINH-LGSP",
		"line 4  LC-TAISAN", "infers      nothing",
		"3 rows of LAO-CAI; 1 would duplicate a deployed shared platform (1 findings); nothing written",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "DUPLICATES") != 1 {
		t.Errorf("the sanctioned LGSP or the generic row reported as duplicates:\n%s", out)
	}
	if after := checksum(t, st); after != before {
		t.Error("the dry run wrote to the graph")
	}
	// A file with an error is refused as the import would refuse it.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("code,name,kind,scope,status,layer\nX1,Hệ thống,PLATFORM,PROVINCE,OPERATING,L9\n"), 0o644)
	if code, _, errs := ag(t, "import", "csv", "--agency", "LAO-CAI", "--dry-run", bad); code == 0 || !strings.Contains(errs, "L9") {
		t.Errorf("a bad file in a dry run: exit %d, %s", code, errs)
	}
}
