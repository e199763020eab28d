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

// wordTable maps a normalised word to its ID. Slots hold only a 32-bit
// hash and the ID (8 bytes), so the table of a 40,000-term taxonomy stays
// small enough for the CPU caches; the words are compared only on a hash
// match.
type wordTable struct {
	slots []wordSlot
	// off and end locate word ID i in arena.
	off, end []uint32
	arena    string
	shift    uint8
}

type wordSlot struct {
	hash uint32
	id   int32 // -1: empty
}

func newWordTable(m map[string]int32) wordTable {
	size, shift := tableSize(len(m))
	t := wordTable{slots: make([]wordSlot, size), shift: shift, off: make([]uint32, len(m)), end: make([]uint32, len(m))}
	for i := range t.slots {
		t.slots[i].id = -1
	}
	mask := uint64(size - 1)
	arena := make([]byte, 0, 8*len(m))
	for w, id := range m {
		hw := hashBytes(w)
		h := hw >> t.shift
		for t.slots[h].id >= 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = wordSlot{hash: uint32(hw), id: id}
		t.off[id] = uint32(len(arena))
		arena = append(arena, w...)
		t.end[id] = uint32(len(arena))
	}
	t.arena = string(arena)
	return t
}

// get returns the ID of word w, or -1.
func (t *wordTable) get(w []byte) int32 {
	hw := hashBytes(w)
	mask := uint64(len(t.slots) - 1)
	for h := hw >> t.shift; ; h = (h + 1) & mask {
		s := t.slots[h]
		if s.id < 0 {
			return -1
		}
		if s.hash == uint32(hw) && t.arena[t.off[s.id]:t.end[s.id]] == string(w) {
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

// hashBytes is FNV-1a followed by a multiply so the top bits mix.
func hashBytes[T string | []byte](b T) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(b); i++ {
		h ^= uint64(b[i])
		h *= 1099511628211
	}
	return hash64(h)
}
