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
 * Normalises complaint text: full-width to half-width, emoji and control characters removed,
 * whitespace collapsed, letter-spaced Chinese re-joined, ASCII lower-cased, traditional to simplified.
 */
final class TextNormalizer {
    /** Characters that occur in a traditional-to-simplified mapping and change; text without any is already simplified. */
    private static final BitSet TRADITIONAL = loadTraditionalChars();

    private TextNormalizer() {}

    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean traditional = false;
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                cp -= 0xFEE0;
            } else if (cp == 0x3000) {
                cp = ' ';
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (isDropped(cp)) {
                continue;
            }
            if (cp >= 'A' && cp <= 'Z') {
                cp += 'a' - 'A';
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            if (cp < 0x10000 && TRADITIONAL.get(cp)) {
                traditional = true;
            }
            out.appendCodePoint(cp);
        }
        String collapsed = joinLetterSpaced(out.toString());
        return traditional ? HanLP.convertToSimplifiedChinese(collapsed) : collapsed;
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
    private static String joinLetterSpaced(String s) {
        if (s.indexOf(' ') < 0) {
            return s;
        }
        String[] pieces = s.split(" ");
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < pieces.length) {
            int j = i;
            while (j < pieces.length && isSingleHan(pieces[j])) {
                j++;
            }
            if (j - i >= 3) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                for (int k = i; k < j; k++) {
                    out.append(pieces[k]);
                }
                i = j;
            } else {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(pieces[i]);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isSingleHan(String piece) {
        return piece.length() == 1 && Character.UnicodeScript.of(piece.charAt(0)) == Character.UnicodeScript.HAN;
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
