package seao

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// peakHeap decodes r and samples the heap every 250 records; it returns the records decoded
// and the highest heap in use seen above the starting point.
func peakHeap(t testing.TB, r io.Reader) (int, uint64) {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	n := 0
	_, err := Decode(r, func(Record) error {
		n++
		if n%250 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if peak < base {
		return n, 0
	}
	return n, peak - base
}

// TestDecodeFlatMemory: a file four times larger does not need more memory, and neither
// needs memory of the order of the file.
func TestDecodeFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 75 MB of JSON")
	}
	var peaks []uint64
	for _, mb := range []int{15, 60} {
		g := newGenerator(t, mb<<20)
		n, peak := peakHeap(t, g)
		if n != g.Releases-(g.Releases+5)/8 { // template 2 of 8 is a tender notice without award
			t.Fatalf("%d MB: %d records for %d releases", mb, n, g.Releases)
		}
		t.Logf("%d MB: %d releases, peak heap above start %.1f MB", mb, g.Releases, float64(peak)/(1<<20))
		if peak > 12<<20 {
			t.Errorf("%d MB file: peak heap %d bytes; decoding is not streaming", mb, peak)
		}
		peaks = append(peaks, peak)
	}
	if peaks[1] > 2*peaks[0]+(4<<20) {
		t.Errorf("peak heap grows with the file: %v", peaks)
	}
}

// BenchmarkDecode15MB decodes a generated 15 MB weekly file from disk.
// Run: go test ./app/seao -run '^$' -bench Decode15MB -benchmem
func BenchmarkDecode15MB(b *testing.B) {
	path := filepath.Join(b.TempDir(), "hebdo.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	g := newGenerator(b, 15<<20)
	size, err := io.Copy(f, g)
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.SetBytes(size)
	b.ReportAllocs()
	var worst uint64
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		_, peak := peakHeap(b, f)
		worst = max(worst, peak)
		f.Close()
	}
	b.ReportMetric(float64(worst)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(g.Releases), "releases")
}
