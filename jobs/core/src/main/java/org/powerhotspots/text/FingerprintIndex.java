package org.powerhotspots.text;

/**
 * Words to entry numbers 0, 1, 2 … by a 64-bit fingerprint of their chars, in one flat array of slots (open
 * addressing). A lookup reads one pair of longs, where a {@code HashMap<String, …>} reads a bucket, a node, a key and
 * its chars: on a word the caches do not hold (most words of a large vocabulary), that is one memory miss instead of
 * four. The tables of per-word facts are plain arrays indexed by the entry.
 *
 * <p>Two words of a 10^5-word vocabulary sharing a fingerprint is a chance of about 3·10^-10 (n² / 2^65);
 * {@link #add} keeps the first of them. A word absent from the index is mistaken for a present one with a chance of
 * about 5·10^-15 (n / 2^64).
 */
final class FingerprintIndex {
    /** Per slot: fingerprint (0 = empty) and entry number, side by side. */
    private final long[] slots;
    private final int mask;
    private final int capacity;
    private int size;

    /** An index for at most {@code capacity} words. */
    FingerprintIndex(int capacity) {
        int n = Integer.highestOneBit(Math.max(16, capacity * 2)) << 1;
        this.slots = new long[2 * n];
        this.mask = n - 1;
        this.capacity = capacity;
    }

    static long fingerprint(String word) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < word.length(); i++) {
            h = (h ^ word.charAt(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h == 0 ? 1 : h;
    }

    /** The slot where a fingerprint's probe starts. */
    private int home(long fp) {
        return (int) (fp ^ (fp >>> 32)) & mask;
    }

    /** The word's new entry, or -1 when it (or a word of the same fingerprint) is already in. */
    int add(String word) {
        long fp = fingerprint(word);
        int i = home(fp);
        while (slots[2 * i] != 0) {
            if (slots[2 * i] == fp) {
                return -1;
            }
            i = (i + 1) & mask;
        }
        if (size == capacity) {
            throw new IllegalStateException("fingerprint index full: " + capacity + " words");
        }
        int entry = size++;
        slots[2 * i] = fp;
        slots[2 * i + 1] = entry;
        return entry;
    }

    /** The word's entry, or -1. */
    int find(String word) {
        long fp = fingerprint(word);
        int i = home(fp);
        long f;
        while ((f = slots[2 * i]) != 0) {
            if (f == fp) {
                return (int) slots[2 * i + 1];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    int size() {
        return size;
    }
}
