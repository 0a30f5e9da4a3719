package org.powerhotspots.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The features the learned topic model reads from one segmented complaint. Words (a denied word is a different
 * feature: 不是电表的问题 gives {@code !w电表}), their 词林 synonym classes, character bigrams inside a clause
 * (typos and words HanLP splits oddly still share most bigrams), and the rules' score per topic. Digits
 * collapse to one 0, so 上月86这月412 and 上月120这月530 look alike.
 */
final class TopicFeatures {
    /**
     * Text features of one complaint (a feature may repeat: it then counts more) and the rules' scores. Each text
     * feature weighs 1/sqrt(words and bigrams): synonym classes ride along without adding to that count, so a word
     * weighs the same whether 词林 knows it or not.
     */
    record Extracted(List<String> text, double[] ruleScores, int counted) {
        double value() {
            return counted == 0 ? 0 : 1.0 / Math.sqrt(counted);
        }
    }

    private TopicFeatures() {}

    static Extracted extract(String[] words, byte[] kinds, boolean[] denied, double[] ruleScores) {
        List<String> out = new ArrayList<>(words.length * 4);
        int synonymFeatures = 0;
        StringBuilder clause = new StringBuilder();
        for (int i = 0; i <= words.length; i++) {
            boolean word = i < words.length && kinds[i] == TopicClassifier.WORD;
            if (!word) {
                bigrams(clause, out);
                clause.setLength(0);
                continue;
            }
            String shape = shape(words[i]);
            String not = denied[i] ? "!" : "";
            out.add(not + "w" + shape);
            String[] classes = SynonymClasses.of(words[i]);
            if (classes != null) {
                for (String c : classes) {
                    out.add(not + "s" + c);
                    synonymFeatures++;
                }
            }
            clause.append(shape);
        }
        return new Extracted(out, ruleScores, out.size() - synonymFeatures);
    }

    /** The value of a rule feature: the rules' score for a topic, squashed so one strong rule cannot dominate. */
    static double ruleValue(double score) {
        return Math.max(-1.5, Math.min(1.5, score / 4.0));
    }

    private static void bigrams(CharSequence clause, List<String> out) {
        for (int i = 0; i + 1 < clause.length(); i++) {
            char a = clause.charAt(i);
            char b = clause.charAt(i + 1);
            if (Character.isLetter(a) || Character.isLetter(b)) {
                out.add(new String(new char[] {'c', a, b}));
            }
        }
    }

    /** A token with every run of ASCII digits written as one 0. */
    static String shape(String word) {
        StringBuilder sb = null;
        for (int i = 0; i < word.length(); i++) {
            char ch = word.charAt(i);
            boolean digit = ch >= '0' && ch <= '9';
            if (digit && sb == null) {
                sb = new StringBuilder(word.length());
                sb.append(word, 0, i);
            }
            if (sb != null) {
                if (!digit) {
                    sb.append(ch);
                } else if (sb.length() == 0 || sb.charAt(sb.length() - 1) != '0') {
                    sb.append('0');
                }
            }
        }
        return sb == null ? word : sb.toString();
    }
}
