package tagger

import (
	"fmt"
	"testing"
)

// TestWordTable checks the packed-key lookup: words of every length up to
// and past the 8 bytes a slot holds, differing in a single byte at every
// position, are found under their own ID and their one-byte variants that
// were never added are not. (Internal test: the table is unexported and
// the tagger tests reach it only through whole matches.)
func TestWordTable(t *testing.T) {
	m := map[string]int32{}
	var absent []string
	for n := 1; n <= 20; n++ {
		base := []byte("abcdefghijklmnopqrstuvwxyz"[:n])
		for pos := 0; pos < n; pos++ {
			w := append([]byte(nil), base...)
			w[pos] = '0' + byte(pos%10)
			if _, ok := m[string(w)]; !ok {
				m[string(w)] = int32(len(m))
			}
			v := append([]byte(nil), base...)
			v[pos] = '#'
			absent = append(absent, string(v))
		}
		if _, ok := m[string(base)]; !ok {
			m[string(base)] = int32(len(m))
		}
	}
	tbl := newWordTable(m)
	for w, id := range m {
		if got := tbl.get([]byte(w)); got != id {
			t.Errorf("get(%q) = %d, want %d", w, got, id)
		}
	}
	for _, w := range absent {
		if got := tbl.get([]byte(w)); got != -1 {
			t.Errorf("get(%q) = %d for a word never added", w, got)
		}
	}
	for _, w := range []string{"", "abcdefghijklmnopqrstuvwxyz", fmt.Sprint(len(m))} {
		if got := tbl.get([]byte(w)); got != -1 {
			t.Errorf("get(%q) = %d for a word never added", w, got)
		}
	}
}
