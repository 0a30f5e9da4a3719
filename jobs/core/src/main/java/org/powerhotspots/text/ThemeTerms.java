package org.powerhotspots.text;

import com.hankcs.hanlp.corpus.tag.Nature;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The words and short phrases of one complaint that could carry a theme no topic names (EMERGING_ISSUE): its
 * content words and the phrases of two adjacent words (a name HanLP does not know, 网上|国网, comes out in pieces),
 * minus what cannot be a new theme:
 * <ul>
 *   <li>places and names (HanLP's ns/nr, a word before 小区, 村, 路 …): a new estate is churn, not a theme;</li>
 *   <li>stop words, function words, numbers and amounts, and single characters on their own.</li>
 * </ul>
 * A topic's usual words are kept: the detector expects them in proportion to their topic's complaints, so their
 * rise with a surge is that surge's (COMPLAINT_SURGE, reported once), while the same word in a new theme is not.
 * A version or model number (3.6.8, V2) is kept: it is often what names a new theme.
 */
final class ThemeTerms {
    static final int MAX_TERMS = 24;
    private static final int MAX_PHRASE = 8;
    /** Words that end a place name: the one or two words before them are its name. */
    private static final Set<String> PLACE_SUFFIXES = Set.of("小区", "花园", "家园", "公寓", "社区", "新村", "村", "镇",
            "乡", "街道", "大厦", "广场", "苑", "庄", "屯", "路", "街", "巷", "号楼", "栋", "单元", "组", "县", "市", "区",
            "省", "大道", "公馆", "府", "湾", "园区", "开发区", "村委会", "居委会", "家属院", "家属楼", "院");

    private final StopWords stopWords;

    ThemeTerms(StopWords stopWords) {
        this.stopWords = stopWords;
    }

    /**
     * The terms of one segmented complaint; {@code natures} are HanLP's (so no dictionary lookup here), {@code common}
     * each token's {@link StopWords#entry} (or -1).
     */
    List<String> extract(String[] words, byte[] kinds, Nature[] natures, int[] common) {
        int n = words.length;
        boolean[] usable = new boolean[n];
        boolean[] name = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (kinds[i] != TopicClassifier.WORD) {
                continue;
            }
            String w = words[i];
            Nature nature = natures[i];
            if (PLACE_SUFFIXES.contains(w) || w.length() > 2 && endsWithPlaceSuffix(w)) {
                name[i] = true;
                // the name before a place word: 翠湖|湾|小区, 王家|村
                for (int j = i - 1; j >= 0 && j >= i - 2 && kinds[j] == TopicClassifier.WORD; j--) {
                    name[j] = true;
                }
            } else if (nature != null && (nature.startsWith("ns") || nature.startsWith("nr"))) {
                name[i] = true; // a place's or person's name (new names are caught by the suffix rule)
            }
            usable[i] = !isFunctionWord(w, nature, common[i]) && !isQuantity(w);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n && out.size() < MAX_TERMS; i++) {
            if (!usable[i] || name[i]) {
                continue;
            }
            String w = words[i];
            if (w.length() >= 2) {
                addOnce(out, w);
            }
            int j = i + 1;
            if (j < n && usable[j] && !name[j] && kinds[j] == TopicClassifier.WORD) {
                String phrase = w + words[j];
                if (phrase.length() <= MAX_PHRASE && !stopWords.ours().contains(phrase) && out.size() < MAX_TERMS) {
                    addOnce(out, phrase);
                }
            }
        }
        return out;
    }

    private static void addOnce(List<String> out, String term) {
        if (!out.contains(term)) {
            out.add(term);
        }
    }

    /** Ends with a place word of two or three characters (翠湖湾小区, 王家村委会): two set lookups, not a scan. */
    private static boolean endsWithPlaceSuffix(String w) {
        int n = w.length();
        return PLACE_SUFFIXES.contains(w.substring(n - 2)) || n > 3 && PLACE_SUFFIXES.contains(w.substring(n - 3));
    }

    /**
     * A stop word of HanLP's list, or a word whose usual part of speech carries no theme: particles, prepositions,
     * conjunctions, pronouns, numerals, measure words, adverbs, modal and locative words (了, 就, 这是, 两个, 后).
     */
    private boolean isFunctionWord(String w, Nature nature, int commonEntry) {
        // HanLP tags any digit string m: a version (3.6.8) is judged by isQuantity, not by its tag
        boolean functionTag = nature != null && "upcrmqdyefo".indexOf(nature.firstChar()) >= 0 && !hasDigit(w);
        return functionTag || stopWords.contains(w, commonEntry);
    }

    /** A number, amount, time or count (86, 200块, 3天); a version or model number (3.6.8, v2) is not one. */
    private static boolean isQuantity(String w) {
        if (!hasDigit(w)) {
            return false;
        }
        boolean digitsOnly = true;
        for (int i = 0; i < w.length(); i++) {
            char ch = w.charAt(i);
            boolean versionChar = ch == '.' || ch < 128 && Character.isLetter(ch);
            if (!Character.isDigit(ch) && !versionChar) {
                return true; // a number with a unit
            }
            digitsOnly &= Character.isDigit(ch);
        }
        return digitsOnly;
    }

    private static boolean hasDigit(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.isDigit(w.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
