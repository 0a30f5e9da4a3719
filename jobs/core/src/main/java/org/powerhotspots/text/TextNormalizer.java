package org.powerhotspots.text;

import com.hankcs.hanlp.HanLP;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Normalises complaint text: full-width to half-width, emoji and control characters removed, a run of one letter
 * kept to three (啊啊啊啊… → 啊啊啊; digits stay whole),
 * whitespace collapsed, letter-spaced Chinese re-joined, ASCII lower-cased, traditional to simplified.
 */
final class TextNormalizer {
    /** Characters that occur in a traditional-to-simplified mapping and change; text without any is already simplified. */
    private static final BitSet TRADITIONAL = loadTraditionalChars();

    private TextNormalizer() {}

    static String normalize(String text) {
        return normalize(text, false).text();
    }

    /** The normalised text with the original offsets of its characters. */
    static Normalized normalizeWithOffsets(String text) {
        return normalize(text, true);
    }

    /**
     * The normalised text and, for each of its characters, where it came from in the original: the original
     * characters {@code [start[i], end[i])} became character {@code i} (one code point; a surrogate pair is two
     * characters that both point at the whole pair). Without offsets (plain {@link #normalize}) both arrays
     * are null.
     */
    record Normalized(String text, int[] start, int[] end) {
        /** The original span of the normalised characters {@code [from, to)}, {@code to > from}. */
        int originalStart(int from) {
            return start[from];
        }

        int originalEnd(int to) {
            return end[to - 1];
        }
    }

    private static Normalized normalize(String text, boolean offsets) {
        if (text == null || text.isEmpty()) {
            return offsets ? new Normalized("", new int[0], new int[0]) : new Normalized("", null, null);
        }
        StringBuilder out = new StringBuilder(text.length());
        int[] start = offsets ? new int[text.length()] : null;
        int[] end = offsets ? new int[text.length()] : null;
        boolean traditional = false;
        int pendingSpace = -1; // the original offset of the first whitespace of a pending run, -1 for none
        int pendingSpaceEnd = -1;
        for (int i = 0; i < text.length(); ) {
            int from = i;
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                cp -= 0xFEE0;
            } else if (cp == 0x3000) {
                cp = ' ';
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (out.length() > 0) {
                    if (pendingSpace < 0) {
                        pendingSpace = from;
                    }
                    pendingSpaceEnd = i;
                }
                continue;
            }
            if (isDropped(cp)) {
                continue;
            }
            if (cp >= 'A' && cp <= 'Z') {
                cp += 'a' - 'A';
            }
            if (pendingSpace >= 0) {
                if (offsets) {
                    start[out.length()] = pendingSpace;
                    end[out.length()] = pendingSpaceEnd;
                }
                out.append(' ');
                pendingSpace = -1;
            }
            if (pendingSpace < 0 && Character.isLetter(cp) && endsWithThrice(out, cp)) {
                continue; // 啊啊啊啊啊… or 急急急急: three say it; a pasted run must not outweigh the complaint
            }
            if (cp < 0x10000 && TRADITIONAL.get(cp)) {
                traditional = true;
            }
            int at = out.length();
            out.appendCodePoint(cp);
            for (int k = at; offsets && k < out.length(); k++) {
                start[k] = from;
                end[k] = i;
            }
        }
        Normalized collapsed = joinLetterSpaced(out.toString(), start, end);
        if (!traditional) {
            return collapsed;
        }
        String simplified = HanLP.convertToSimplifiedChinese(collapsed.text());
        if (!offsets || simplified.length() == collapsed.text().length()) {
            return new Normalized(simplified, collapsed.start(), collapsed.end());
        }
        // A phrase of another length (士多啤梨 → 草莓, very rare): offsets are spread proportionally.
        int n = simplified.length();
        int m = collapsed.text().length();
        int[] s = new int[n];
        int[] e = new int[n];
        for (int k = 0; k < n; k++) {
            int first = (int) ((long) k * m / n);
            int last = (int) (((long) (k + 1) * m + n - 1) / n) - 1;
            s[k] = collapsed.start()[Math.min(m - 1, first)];
            e[k] = collapsed.end()[Math.min(m - 1, Math.max(first, last))];
        }
        return new Normalized(simplified, s, e);
    }

    /** Whether the text so far ends with three of this code point. */
    private static boolean endsWithThrice(StringBuilder out, int cp) {
        int width = Character.charCount(cp);
        int n = out.length();
        if (n < 3 * width) {
            return false;
        }
        for (int k = 1; k <= 3; k++) {
            if (out.codePointAt(n - k * width) != cp) {
                return false;
            }
        }
        return true;
    }

    /** Emoji, pictographs, variation selectors, zero-width and control characters. */
    private static boolean isDropped(int cp) {
        if (cp >= 0x1F000 || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF)) {
            return true;
        }
        if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x200B && cp <= 0x200F) || cp == 0x20E3 || cp == 0xFEFF) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.SURROGATE || type == Character.PRIVATE_USE
                || type == Character.FORMAT || type == Character.UNASSIGNED;
    }

    /** "电 表 黑 屏" (three or more single Han characters separated by spaces) becomes "电表黑屏". */
    private static Normalized joinLetterSpaced(String s, int[] start, int[] end) {
        int n = s.length();
        if (s.indexOf(' ') < 0) {
            return start == null ? new Normalized(s, null, null)
                    : new Normalized(s, java.util.Arrays.copyOf(start, n), java.util.Arrays.copyOf(end, n));
        }
        // The text has no leading, trailing or double spaces: pieces are the runs between single spaces.
        boolean[] dropSpace = new boolean[n];
        int i = 0;
        while (i < n) {
            int j = i;
            int singles = 0;
            while (j < n && isSingleHan(s, j)) {
                singles++;
                j += 2; // the character and the space after it
                if (j - 1 >= n || s.charAt(j - 1) != ' ') {
                    break;
                }
            }
            // singles pieces start at i, i+2, …; each is one Han character; a longer run is joined
            if (singles >= 3) {
                for (int k = 0; k < singles - 1; k++) {
                    dropSpace[i + 2 * k + 1] = true;
                }
                i += 2 * singles;
            } else {
                int next = s.indexOf(' ', i);
                i = next < 0 ? n : next + 1;
            }
        }
        StringBuilder out = new StringBuilder(n);
        int[] s2 = start == null ? null : new int[n];
        int[] e2 = start == null ? null : new int[n];
        for (int k = 0; k < n; k++) {
            if (!dropSpace[k]) {
                if (start != null) {
                    s2[out.length()] = start[k];
                    e2[out.length()] = end[k];
                }
                out.append(s.charAt(k));
            }
        }
        int m = out.length();
        return start == null ? new Normalized(out.toString(), null, null)
                : new Normalized(out.toString(), java.util.Arrays.copyOf(s2, m), java.util.Arrays.copyOf(e2, m));
    }

    /** Whether the piece starting at i is one Han character (followed by a space or the end). */
    private static boolean isSingleHan(String s, int i) {
        return Character.UnicodeScript.of(s.charAt(i)) == Character.UnicodeScript.HAN
                && (i + 1 == s.length() || s.charAt(i + 1) == ' ');
    }

    private static BitSet loadTraditionalChars() {
        BitSet set = new BitSet(0x10000);
        try (InputStream in = HanLP.class.getClassLoader().getResourceAsStream("data/dictionary/tc/t2s.txt")) {
            if (in == null) {
                // Without the table every text goes through the converter: slower, still correct.
                set.set(0x3400, 0xA000);
                return set;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String from = line.substring(0, eq);
                String to = line.substring(eq + 1);
                for (int k = 0; k < from.length(); k++) {
                    char c = from.charAt(k);
                    boolean changes = from.length() == to.length() ? to.charAt(k) != c : to.indexOf(c) < 0;
                    if (changes) {
                        set.set(c);
                    }
                }
            }
            return set;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
