package org.powerhotspots.text;

import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import java.util.Collection;
import java.util.Set;

/**
 * Our stop words and HanLP's. HanLP's list is a trie that cannot be listed, so the answer for each word complaints
 * commonly use is looked up once here: one read of a flat index per token, the trie only for rarer words. The index
 * of these common words also numbers them for the keyword weights ({@link #entry}).
 */
final class StopWords {
    private final Set<String> ours;
    private final FingerprintIndex common;
    private final boolean[] stop;

    StopWords(Set<String> ours, Collection<String> commonWords) {
        this.ours = ours;
        this.common = new FingerprintIndex(ours.size() + commonWords.size());
        this.stop = new boolean[ours.size() + commonWords.size()];
        for (String w : ours) {
            add(w);
        }
        for (String w : commonWords) {
            add(w);
        }
    }

    private void add(String w) {
        int entry = common.add(w);
        if (entry >= 0) {
            stop[entry] = lookUp(w);
        }
    }

    boolean contains(String w) {
        return contains(w, common.find(w));
    }

    /**
     * The word's entry among the common words (ours and the background's), or -1. The analyzer looks each token up
     * once, and the keyword and theme steps read their facts of it by this entry.
     */
    int entry(String w) {
        return common.find(w);
    }

    /** Whether a word is a stop word, given its {@link #entry}. */
    boolean contains(String w, int entry) {
        return entry >= 0 ? stop[entry] : lookUp(w);
    }

    /** Entries are 0 … size() - 1. */
    int size() {
        return common.size();
    }

    /** Our own list alone (a word of it is never a keyword even where HanLP's list lacks it). */
    Set<String> ours() {
        return ours;
    }

    private boolean lookUp(String w) {
        return ours.contains(w) || CoreStopWordDictionary.contains(w);
    }
}
