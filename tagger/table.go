package tagger

import "math/bits"

// The tagger's two hot lookups, a word's ID and a trie node's child, are
// done once or more per token. Go maps are general; these open-addressing
// tables with linear probing, built once and only read afterwards, keep
// keys and values side by side and halve the cost of a lookup (see
// docs/tagger.md, "Speed").

// childTable maps (node<<32 | word ID) to a child node.
type childTable struct {
	slots []childSlot
	shift uint8
}

type childSlot struct {
	key uint64
	val int32 // -1: empty
}

func newChildTable(m map[uint64]int32) childTable {
	size, shift := tableSize(len(m))
	t := childTable{slots: make([]childSlot, size), shift: shift}
	for i := range t.slots {
		t.slots[i].val = -1
	}
	mask := uint64(size - 1)
	for k, v := range m {
		h := hash64(k) >> t.shift
		for t.slots[h].val >= 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = childSlot{k, v}
	}
	return t
}

func (t *childTable) get(k uint64) (int32, bool) {
	mask := uint64(len(t.slots) - 1)
	for h := hash64(k) >> t.shift; ; h = (h + 1) & mask {
		s := &t.slots[h]
		if s.val < 0 {
			return 0, false
		}
		if s.key == k {
			return s.val, true
		}
	}
}

// wordTable maps a normalised word to its ID. A slot holds the word's
// 32-bit hash with its length in the low byte, its ID and, for words of at
// most 8 bytes (most words), the word itself packed into a uint64, so a
// lookup usually touches one slot and nothing else; longer words are
// compared against the arena on a hash match. 16-byte slots keep the
// table of a 40,000-term taxonomy (15,000 words) at 512 KB.
type wordTable struct {
	slots []wordSlot
	// loc locates word ID i in arena: offset<<32 | end.
	loc   []uint64
	arena string
	shift uint8
}

type wordSlot struct {
	key  uint64 // the packed word if it has at most 8 bytes (see wordHash)
	meta uint32 // hash with the low byte replaced by min(length, 255)
	id   int32  // -1: empty
}

// shortWord is the longest word whose bytes the slot key holds.
const shortWord = 8

func newWordTable(m map[string]int32) wordTable {
	size, shift := tableSize(len(m))
	t := wordTable{slots: make([]wordSlot, size), shift: shift, loc: make([]uint64, len(m))}
	for i := range t.slots {
		t.slots[i].id = -1
	}
	mask := uint64(size - 1)
	arena := make([]byte, 0, 8*len(m))
	for w, id := range m {
		hw, key := wordHash(w)
		h := hw >> t.shift
		for t.slots[h].id >= 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = wordSlot{key: key, meta: meta(hw, len(w)), id: id}
		off := uint64(len(arena))
		arena = append(arena, w...)
		t.loc[id] = off<<32 | uint64(len(arena))
	}
	t.arena = string(arena)
	return t
}

func meta(hw uint64, n int) uint32 { return uint32(hw)&^0xff | uint32(min(n, 255)) }

// get returns the ID of word w, or -1.
func (t *wordTable) get(w []byte) int32 {
	hw, key := wordHash(w)
	m := meta(hw, len(w))
	mask := uint64(len(t.slots) - 1)
	for h := hw >> t.shift; ; h = (h + 1) & mask {
		s := &t.slots[h]
		if s.id < 0 {
			return -1
		}
		if s.meta != m || s.key != key {
			continue
		}
		if len(w) <= shortWord {
			return s.id // same length and same bytes
		}
		if l := t.loc[s.id]; t.arena[l>>32:uint32(l)] == string(w) {
			return s.id
		}
	}
}

// tableSize returns a power of two at least twice n (load <= 0.5) and the
// shift that maps a 64-bit hash onto it.
func tableSize(n int) (size int, shift uint8) {
	size = 16
	for size < 2*n {
		size <<= 1
	}
	return size, uint8(64 - bits.TrailingZeros(uint(size)))
}

// hash64 is Fibonacci hashing: the top bits of k times 2^64/phi are well
// mixed, and the table uses the top bits.
func hash64(k uint64) uint64 { return k * 0x9E3779B97F4A7C15 }

// wordHash hashes a word eight bytes at a time (words are short, so a
// byte-at-a-time hash such as FNV spent a multiply per byte on the
// tagger's hottest path): the length seeds it, whole 8-byte words and then
// the tail are folded in with a multiply each, and a final multiply mixes
// the top bits the table uses. The tail is read as two overlapping 4-byte
// loads (4 to 8 bytes) or three single bytes (1 to 3), which together
// cover every byte: for a word of at most 8 bytes, the tail value (key)
// and the length identify the word, so the table compares them instead of
// the bytes. For longer words key is the last 8 bytes' mix, still a
// function of the word.
func wordHash[T string | []byte](b T) (hash, key uint64) {
	const k = 0xBF58476D1CE4E5B9
	h := uint64(len(b)) * 0x94D049BB133111EB
	for len(b) > 8 {
		h = (h ^ le64(b)) * k
		h ^= h >> 31
		b = b[8:]
	}
	switch n := len(b); {
	case n >= 4:
		key = uint64(le32(b)) | uint64(le32(b[n-4:]))<<32
	case n > 0:
		key = uint64(b[0]) | uint64(b[n/2])<<8 | uint64(b[n-1])<<16
	}
	h = (h ^ key) * k
	h ^= h >> 29
	return hash64(h), key
}

func le64[T string | []byte](b T) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func le32[T string | []byte](b T) uint32 {
	_ = b[3]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
