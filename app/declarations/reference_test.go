package declarations_test

import (
	"context"
	"testing"

	"maillage/app/declarations"
	"maillage/app/testdb"
)

func TestSegmentNames(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	names, err := declarations.NewStore(db.App, nil).SegmentNames(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	if err := db.App.Raw(`SELECT count(*) FROM unspsc_codes WHERE level = 'segment'`).Scan(&want).Error; err != nil {
		t.Fatal(err)
	}
	if want == 0 || int64(len(names)) != want {
		t.Fatalf("%d segment names, the reference has %d", len(names), want)
	}
	for code, n := range names {
		if len(code) != 2 || n[0] == "" || n[1] == "" {
			t.Errorf("segment %q: names %q", code, n)
		}
	}
}
