package org.powerhotspots.text;

import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Our stop words and HanLP's. HanLP's list is a trie that cannot be listed, so the answer for each word complaints
 * commonly use is looked up once here: one hash lookup per token, the trie only for rarer words.
 */
final class StopWords {
    private final Set<String> ours;
    private final Map<String, Boolean> known = new HashMap<>();

    StopWords(Set<String> ours, Iterable<String> commonWords) {
        this.ours = ours;
        for (String w : ours) {
            known.put(w, Boolean.TRUE);
        }
        for (String w : commonWords) {
            known.computeIfAbsent(w, this::lookUp);
        }
    }

    boolean contains(String w) {
        Boolean stop = known.get(w);
        return stop != null ? stop : lookUp(w);
    }

    /** Our own list alone (a word of it is never a keyword even where HanLP's list lacks it). */
    Set<String> ours() {
        return ours;
    }

    private Boolean lookUp(String w) {
        return ours.contains(w) || CoreStopWordDictionary.contains(w);
    }
}
