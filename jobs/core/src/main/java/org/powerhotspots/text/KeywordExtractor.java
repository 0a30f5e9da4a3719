package org.powerhotspots.text;

import com.hankcs.hanlp.dictionary.CoreDictionary;
import java.util.ArrayList;
import java.util.List;
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

    private final StopWords stopWords;
    private final Set<String> domainWords;
    private final Set<String> ruleWords;
    /** Complaint-domain background, or null (general-language frequencies). */
    private final TermBackground background;
    /** The weights of the common words (our stop words, the background's terms) by their StopWords entry. */
    private final double[] commonWeights;
    /** A term in more than this share of all complaints is never a keyword: it says nothing about this one. */
    static final double MAX_SHARE = 0.1;

    KeywordExtractor(StopWords stopWords, Set<String> domainWords, Set<String> ruleWords, TermBackground background) {
        this.background = background;
        this.stopWords = stopWords;
        this.domainWords = domainWords;
        this.ruleWords = ruleWords;
        // most of what complaints say: weighed once, not per token
        this.commonWeights = new double[stopWords.size()];
        for (String w : stopWords.ours()) {
            precompute(w);
        }
        for (String term : background == null ? Set.<String>of() : background.frequencies().keySet()) {
            precompute(term);
        }
    }

    private void precompute(String w) {
        int entry = stopWords.entry(w);
        if (entry >= 0) {
            commonWeights[entry] = weightOrSkip(w);
        }
    }

    /** The keywords of a segmented complaint; {@code common}: each token's {@link StopWords#entry} (or -1). */
    List<String> extract(String[] words, byte[] kinds, int[] common) {
        // a complaint has a few dozen tokens: arrays and a linear search beat two hash maps per complaint
        String[] terms = new String[words.length];
        double[] weights = new double[words.length];
        int[] counts = new int[words.length];
        int distinct = 0;
        tokens:
        for (int i = 0; i < words.length; i++) {
            if (kinds[i] != TopicClassifier.WORD) {
                continue;
            }
            String w = words[i];
            for (int d = 0; d < distinct; d++) {
                if (terms[d].equals(w)) {
                    counts[d]++;
                    continue tokens;
                }
            }
            double weight = common[i] >= 0 ? commonWeights[common[i]] : weightOrSkip(w);
            if (weight < 0) {
                continue;
            }
            terms[distinct] = w;
            counts[distinct] = 1;
            weights[distinct++] = weight;
        }
        Integer[] order = new Integer[distinct];
        for (int d = 0; d < distinct; d++) {
            order[d] = d;
        }
        // best tf-idf first; ties by first occurrence (the stable sort keeps text order)
        java.util.Arrays.sort(order, (a, b) -> Double.compare(weights[b] * counts[b], weights[a] * counts[a]));
        List<String> out = new ArrayList<>(Math.min(MAX_KEYWORDS, distinct));
        for (int k = 0; k < distinct && k < MAX_KEYWORDS; k++) {
            out.add(terms[order[k]]);
        }
        return out;
    }

    /** A term's keyword weight, or -1 when it is never a keyword. */
    private double weightOrSkip(String w) {
        boolean domain = domainWords.contains(w);
        if (!domain && !isCandidate(w)) {
            return -1;
        }
        if (background != null && background.share(w) > MAX_SHARE && !ruleWords.contains(w)) {
            return -1;
        }
        return weight(w, domain);
    }

    private double weight(String w, boolean domain) {
        double idf;
        if (background != null) {
            int df = background.documentFrequency(w);
            idf = background.idf(df);
            // a string neither complaints nor the language know is more often noise than a rare term
            if (df == 0 && !domain && CoreDictionary.getTermFrequency(w) <= 0) {
                idf *= 0.7;
            }
        } else {
            int frequency = Math.max(0, CoreDictionary.getTermFrequency(w));
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
        if (w.length() < 2 || stopWords.contains(w)) {
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
