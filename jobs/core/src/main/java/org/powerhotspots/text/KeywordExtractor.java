package org.powerhotspots.text;

import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keywords of one complaint by tf-idf against complaints in general: the document frequencies of the topic model's
 * training corpus ({@link TermBackground}), so a word most complaints use (a greeting, a filler, 反映, 一下) scores
 * low whatever a general-language corpus says of it. Without a model, HanLP's core dictionary frequencies are the
 * background. Stop words and 95598 boilerplate are dropped, power-domain terms and rule vocabulary weighted up.
 */
final class KeywordExtractor {
    static final int MAX_KEYWORDS = 10;
    /** Total frequency of HanLP's core dictionary; idf of a word = log(total / (1 + its frequency)). */
    private static final double BACKGROUND_TOTAL = 25_000_000.0;
    private static final double DOMAIN_BOOST = 2.0;
    private static final double RULE_BOOST = 1.5;

    private final Set<String> stopwords;
    private final Set<String> domainWords;
    private final Set<String> ruleWords;
    /** Complaint-domain background, or null (general-language frequencies). */
    private final TermBackground background;
    /** A term in more than this share of all complaints is never a keyword: it says nothing about this one. */
    static final double MAX_SHARE = 0.1;

    KeywordExtractor(Set<String> stopwords, Set<String> domainWords, Set<String> ruleWords, TermBackground background) {
        this.background = background;
        this.stopwords = stopwords;
        this.domainWords = domainWords;
        this.ruleWords = ruleWords;
    }

    List<String> extract(String[] words, byte[] kinds) {
        Map<String, Double> scores = new HashMap<>();
        Map<String, Integer> firstSeen = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            if (kinds[i] != TopicClassifier.WORD) {
                continue;
            }
            String w = words[i];
            boolean domain = domainWords.contains(w);
            if (!domain && !isCandidate(w)) {
                continue;
            }
            if (background != null && background.share(w) > MAX_SHARE && !ruleWords.contains(w)) {
                continue;
            }
            Double previous = scores.get(w);
            if (previous != null) {
                scores.put(w, previous + weight(w, domain));
            } else {
                scores.put(w, weight(w, domain));
                firstSeen.put(w, i);
            }
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort((a, b) -> {
            int c = Double.compare(b.getValue(), a.getValue());
            return c != 0 ? c : Integer.compare(firstSeen.get(a.getKey()), firstSeen.get(b.getKey()));
        });
        List<String> out = new ArrayList<>(Math.min(MAX_KEYWORDS, ranked.size()));
        for (int k = 0; k < ranked.size() && k < MAX_KEYWORDS; k++) {
            out.add(ranked.get(k).getKey());
        }
        return out;
    }

    private double weight(String w, boolean domain) {
        int frequency = Math.max(0, CoreDictionary.getTermFrequency(w));
        double idf;
        if (background != null) {
            idf = background.idf(w);
            if (background.documentFrequency(w) == 0 && frequency == 0 && !domain) {
                idf *= 0.7; // a string neither complaints nor the language know is more often noise than a rare term
            }
        } else {
            idf = Math.log(BACKGROUND_TOTAL / (1.0 + frequency));
            if (frequency == 0 && !domain) {
                idf *= 0.7; // unknown strings are more often noise (typos, 啊啊啊) than rare terms
            }
        }
        double boost = domain ? DOMAIN_BOOST : 1.0;
        if (ruleWords.contains(w)) {
            boost *= RULE_BOOST;
        }
        return idf * boost;
    }

    private boolean isCandidate(String w) {
        if (w.length() < 2 || stopwords.contains(w) || CoreStopWordDictionary.contains(w)) {
            return false;
        }
        boolean hasHan = false;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                hasHan = true;
            } else if (Character.isDigit(c) || !Character.isLetter(c)) {
                return false; // numbers, times, amounts, symbols
            }
        }
        if (!hasHan) {
            return w.length() >= 3; // latin words such as "app"
        }
        // repeated characters (啊啊啊, 哈哈) are noise
        return !(w.chars().distinct().count() == 1);
    }
}
