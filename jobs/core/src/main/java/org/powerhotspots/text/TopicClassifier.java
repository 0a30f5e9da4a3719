package org.powerhotspots.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.powerhotspots.domain.Topic;

/**
 * Scores the topics of one segmented complaint with the weighted rules of {@link TopicRules}.
 *
 * <p>Clauses end at punctuation, whitespace and contrast words (但是, 却, 而是 …); clauses before a
 * contrast word in the same sentence count less (concession). A denial cue (不是, 并非 …) denies the rest
 * of its clause, and an after-cue (没问题, 是好的 …) denies what precedes it in the clause: a rule matched
 * by denied tokens subtracts its weight instead of adding it.
 */
final class TopicClassifier {
    static final byte WORD = 0;
    static final byte SOFT_BREAK = 1;
    static final byte SENTENCE_END = 2;

    private static final Topic[] TOPICS = Topic.values();

    private final TopicRules rules;

    TopicClassifier(TopicRules rules) {
        this.rules = rules;
    }

    /** Raw topic scores (index = Topic.ordinal()), before threshold and hint; for tests and explanations. */
    double[] score(String[] words, byte[] kinds) {
        return score(words, kinds, null);
    }

    /** Raw topic scores; {@code deniedOut}, when given, receives which tokens the text denies. */
    double[] score(String[] words, byte[] kinds, boolean[] deniedOut) {
        int n = words.length;
        int[] clause = new int[n];
        List<Double> factors = new ArrayList<>();
        int current = 0;
        int sentenceStart = 0;
        boolean open = false;
        for (int i = 0; i < n; i++) {
            if (kinds[i] != WORD || rules.contrast.contains(words[i])) {
                clause[i] = -1;
                if (open) {
                    factors.add(1.0);
                    current++;
                    open = false;
                }
                if (kinds[i] == SENTENCE_END) {
                    sentenceStart = current;
                } else if (kinds[i] == WORD) {
                    for (int c = sentenceStart; c < current; c++) {
                        factors.set(c, rules.concession);
                    }
                }
                continue;
            }
            clause[i] = current;
            open = true;
        }
        if (open) {
            factors.add(1.0);
        }
        boolean[] denied = markDenied(words, clause, n);
        if (deniedOut != null) {
            System.arraycopy(denied, 0, deniedOut, 0, n);
        }

        int ruleCount = rules.rules.size();
        int[] anyMask = new int[ruleCount];
        int[] okMask = new int[ruleCount];
        double[] positive = new double[ruleCount];
        double[] negative = new double[ruleCount];
        boolean[] fired = new boolean[ruleCount];
        int[] touched = new int[Math.max(16, n * 4)];
        int touchedCount = 0;
        int[] firedList = new int[ruleCount == 0 ? 1 : Math.min(ruleCount, 64)];
        int firedCount = 0;

        int i = 0;
        while (i < n) {
            if (clause[i] < 0) {
                i++;
                continue;
            }
            int c = clause[i];
            double factor = factors.get(c);
            touchedCount = 0;
            for (; i < n && clause[i] == c; i++) {
                String w = words[i];
                touchedCount = apply(rules.exact.get(w), denied[i], anyMask, okMask, touched, touchedCount);
                if (rules.maxAffixLength > 0) {
                    touchedCount = applyAffixes(w, denied[i], anyMask, okMask, touched, touchedCount);
                }
                // Adjacent tokens joined ("没"+"人", "两"+"天") also match exact patterns, so rules do not
                // depend on how HanLP happened to split a colloquial phrase.
                String joined = w;
                for (int k = 1; k <= 2 && i + k < n && clause[i + k] == c && rules.exactPrefixes.contains(joined); k++) {
                    joined = joined + words[i + k];
                    if (joined.length() > rules.maxExactLength) {
                        break;
                    }
                    boolean anyDenied = denied[i] || denied[i + 1] || (k == 2 && denied[i + 2]);
                    touchedCount = apply(rules.exact.get(joined), anyDenied, anyMask, okMask, touched, touchedCount);
                }
                if (touchedCount + 64 > touched.length) {
                    touched = Arrays.copyOf(touched, touched.length * 2);
                }
            }
            for (int t = 0; t < touchedCount; t++) {
                int r = touched[t];
                if (anyMask[r] == 0) {
                    continue; // already handled (rule touched twice in this clause)
                }
                TopicRules.Rule rule = rules.rules.get(r);
                int full = (1 << rule.parts().size()) - 1;
                double value = Double.NaN;
                if (okMask[r] == full) {
                    value = rule.weight() * factor;
                } else if (anyMask[r] == full && rule.weight() > 0) {
                    value = -rule.weight() * factor;
                }
                anyMask[r] = 0;
                okMask[r] = 0;
                if (Double.isNaN(value)) {
                    continue;
                }
                if (!fired[r]) {
                    fired[r] = true;
                    if (firedCount == firedList.length) {
                        firedList = Arrays.copyOf(firedList, firedList.length * 2);
                    }
                    firedList[firedCount++] = r;
                }
                // a rule counts once per complaint: its strongest affirmation minus its strongest denial
                if (value >= 0) {
                    positive[r] = Math.max(positive[r], value);
                } else {
                    negative[r] = Math.max(negative[r], -value);
                }
            }
        }
        double[] scores = new double[TOPICS.length];
        for (int f = 0; f < firedCount; f++) {
            int r = firedList[f];
            scores[rules.rules.get(r).topic().ordinal()] += positive[r] - negative[r];
        }
        return scores;
    }

    /** Topics above threshold, best first, with the category hint as a tie-breaker; OTHER when none. */
    List<TopicScore> classify(String[] words, byte[] kinds, Topic hint) {
        return classify(score(words, kinds), hint);
    }

    /** The decision on raw scores of {@link #score}. */
    List<TopicScore> classify(double[] rawScores, Topic hint) {
        double[] scores = rawScores.clone();
        for (int t = 0; t < scores.length; t++) {
            scores[t] = Math.max(0, scores[t]);
        }
        // The hint adds weight only where the text already gives evidence, so it can tip a close call
        // but never put a topic on a complaint that does not speak of it.
        if (hint != null && hint != Topic.OTHER && scores[hint.ordinal()] > 0) {
            scores[hint.ordinal()] += rules.hintBonus;
        }
        double best = 0;
        for (double s : scores) {
            best = Math.max(best, s);
        }
        if (best < rules.threshold) {
            double other = Math.min(1.0, Math.max(0.5, 1.0 - best / (2 * rules.threshold)));
            return List.of(new TopicScore(Topic.OTHER, round(other)));
        }
        List<TopicScore> out = new ArrayList<>();
        for (Topic topic : TOPICS) {
            double s = scores[topic.ordinal()];
            if (topic != Topic.OTHER && s >= rules.threshold && s >= rules.relative * best) {
                out.add(new TopicScore(topic, round(1.0 - Math.exp(-s / 3.0))));
            }
        }
        double[] finalScores = scores;
        out.sort(Comparator.comparingDouble((TopicScore ts) -> -finalScores[ts.topic().ordinal()])
                .thenComparing(ts -> ts.topic().ordinal()));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private int applyAffixes(String w, boolean isDenied, int[] anyMask, int[] okMask, int[] touched, int count) {
        int len = w.length();
        int max = Math.min(len, rules.maxAffixLength);
        // a substring is looked up only where a pattern starts with its first character: most never do
        boolean prefixes = rules.prefixFirst.get(w.charAt(0));
        for (int k = 1; k <= max; k++) {
            if (prefixes) {
                count = apply(rules.prefix.get(w.substring(0, k)), isDenied, anyMask, okMask, touched, count);
            }
            if (rules.suffixFirst.get(w.charAt(len - k))) {
                count = apply(rules.suffix.get(w.substring(len - k)), isDenied, anyMask, okMask, touched, count);
            }
            for (int s = 0; s + k <= len; s++) {
                if (rules.infixFirst.get(w.charAt(s))) {
                    count = apply(rules.infix.get(w.substring(s, s + k)), isDenied, anyMask, okMask, touched, count);
                }
            }
        }
        return count;
    }

    private static int apply(int[] codes, boolean isDenied, int[] anyMask, int[] okMask, int[] touched, int count) {
        if (codes == null) {
            return count;
        }
        for (int code : codes) {
            int r = code >>> 5;
            int bit = 1 << (code & 31);
            if (anyMask[r] == 0 && count < touched.length) {
                touched[count++] = r;
            }
            anyMask[r] |= bit;
            if (!isDenied) {
                okMask[r] |= bit;
            }
        }
        return count;
    }

    /** Tokens whose topic the text denies: after a denial cue in its clause, or before an after-cue. */
    private boolean[] markDenied(String[] words, int[] clause, int n) {
        boolean[] denied = new boolean[n];
        if (rules.denyBefore.isEmpty() && rules.denyAfter.isEmpty()) {
            return denied;
        }
        for (int i = 0; i < n; i++) {
            if (clause[i] < 0) {
                continue;
            }
            int before = cueLength(words, clause, i, rules.denyBefore);
            if (before > 0) {
                boolean question = i > 0 && clause[i - 1] == clause[i] && words[i - 1].equals("是"); // 是不是
                int next = i + before;
                boolean mild = next < n && clause[next] == clause[i] && rules.degree.contains(words[next]); // 不是很
                if (!question && !mild) {
                    for (int j = next; j < n && clause[j] == clause[i] && !rules.denyEnd.contains(words[j]); j++) {
                        denied[j] = true;
                    }
                }
                i = next - 1;
                continue;
            }
            int after = cueLength(words, clause, i, rules.denyAfter);
            if (after > 0) {
                boolean negated = i > 0 && clause[i - 1] == clause[i] && rules.negators.contains(words[i - 1]); // 不正常
                if (!negated) {
                    for (int j = i - 1; j >= 0 && clause[j] == clause[i]; j--) {
                        denied[j] = true;
                    }
                }
                i += after - 1;
            }
        }
        return denied;
    }

    /** Number of tokens from i (within its clause) whose concatenation is a cue, 0 if none. */
    private int cueLength(String[] words, int[] clause, int i, java.util.Set<String> cues) {
        if (cues.isEmpty()) {
            return 0;
        }
        String joined = words[i];
        int found = cues.contains(joined) ? 1 : 0;
        for (int k = 1; k < rules.maxCueTokens && i + k < words.length && clause[i + k] == clause[i]
                && rules.cuePrefixes.contains(joined); k++) {
            joined = joined + words[i + k];
            if (joined.length() > 6) {
                break;
            }
            if (cues.contains(joined)) {
                found = k + 1;
            }
        }
        return found;
    }
}
