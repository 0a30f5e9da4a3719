package org.powerhotspots.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.powerhotspots.domain.Topic;

/**
 * The analyst-editable topic rules (text/topic-rules.tsv): weighted keyword and co-occurrence rules,
 * plus the negation, contrast and threshold settings. See docs/text-analysis.md for the format.
 */
final class TopicRules {
    /** One rule: all parts must be matched by tokens of one clause; each part is a set of alternatives. */
    record Rule(Topic topic, double weight, List<List<String>> parts, String source, int line) {}

    final List<Rule> rules;
    /** Pattern kinds: exact token, token starts with, ends with, contains. Values are encoded (rule << 5 | part). */
    final Map<String, int[]> exact = new HashMap<>();
    final Map<String, int[]> prefix = new HashMap<>();
    final Map<String, int[]> suffix = new HashMap<>();
    final Map<String, int[]> infix = new HashMap<>();
    final int maxAffixLength;
    /** First characters of the prefix, suffix and infix patterns: a token's substrings are looked up only there. */
    final java.util.BitSet prefixFirst = new java.util.BitSet();
    final java.util.BitSet suffixFirst = new java.util.BitSet();
    final java.util.BitSet infixFirst = new java.util.BitSet();
    final int maxExactLength;
    /** Proper prefixes of exact patterns and cues: adjacent tokens are joined only while they stay a prefix. */
    final Set<String> exactPrefixes;
    final Set<String> cuePrefixes;
    final Set<String> denyBefore;
    final Set<String> denyAfter;
    final Set<String> denyEnd;
    final Set<String> negators;
    final Set<String> degree;
    final Set<String> contrast;
    final Set<String> vocabulary;
    final double threshold;
    final double relative;
    final double hintBonus;
    final double concession;
    final int maxCueTokens;

    private TopicRules(List<Rule> rules, Map<String, Set<String>> sets, Map<String, Double> numbers) {
        this.rules = List.copyOf(rules);
        Set<String> vocab = new HashSet<>();
        int affix = 0;
        for (int r = 0; r < rules.size(); r++) {
            List<List<String>> parts = rules.get(r).parts();
            for (int p = 0; p < parts.size(); p++) {
                for (String alternative : parts.get(p)) {
                    int code = (r << 5) | p;
                    boolean starts = alternative.startsWith("*");
                    boolean ends = alternative.endsWith("*") && alternative.length() > 1;
                    String core = alternative.substring(starts ? 1 : 0, alternative.length() - (ends ? 1 : 0));
                    Map<String, int[]> target = starts && ends ? infix : starts ? suffix : ends ? prefix : exact;
                    target.merge(core, new int[] {code}, TopicRules::concat);
                    if (target != exact) {
                        affix = Math.max(affix, core.length());
                        (target == infix ? infixFirst : target == suffix ? suffixFirst : prefixFirst).set(core.charAt(0));
                    }
                    vocab.add(core);
                }
            }
        }
        this.maxAffixLength = affix;
        this.maxExactLength = exact.keySet().stream().mapToInt(String::length).max().orElse(0);
        this.exactPrefixes = prefixesOf(exact.keySet());
        this.vocabulary = fast(vocab);
        this.denyBefore = sets.getOrDefault("deny-before", Set.of());
        this.denyAfter = sets.getOrDefault("deny-after", Set.of());
        this.denyEnd = sets.getOrDefault("deny-end", Set.of());
        this.negators = sets.getOrDefault("negators", Set.of());
        this.degree = sets.getOrDefault("degree", Set.of());
        this.contrast = sets.getOrDefault("contrast", Set.of());
        this.threshold = numbers.getOrDefault("threshold", 2.0);
        this.relative = numbers.getOrDefault("relative", 0.35);
        this.hintBonus = numbers.getOrDefault("hint-bonus", 1.0);
        this.concession = numbers.getOrDefault("concession", 0.6);
        this.maxCueTokens = 3;
        Set<String> cues = new HashSet<>(denyBefore);
        cues.addAll(denyAfter);
        this.cuePrefixes = prefixesOf(cues);
    }

    private static Set<String> prefixesOf(Set<String> words) {
        Set<String> out = new HashSet<>();
        for (String w : words) {
            for (int k = 1; k < w.length(); k++) {
                out.add(w.substring(0, k));
            }
        }
        return fast(out);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Parses the rules. Lines: {@code TOPIC<TAB>weight<TAB>pattern}, where a pattern is parts joined by
     * {@code +} (all in one clause) and each part is alternatives joined by {@code |}; {@code *x}, {@code x*}
     * and {@code *x*} match tokens ending with, starting with, or containing x. Settings: {@code @name<TAB>value}.
     * Lines starting with # are comments.
     */
    static TopicRules parse(Reader source, String name) throws IOException {
        List<Rule> rules = new ArrayList<>();
        Map<String, Set<String>> sets = new HashMap<>();
        Map<String, Double> numbers = new HashMap<>();
        BufferedReader reader = new BufferedReader(source);
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] cols = trimmed.split("\t+");
            String where = name + ":" + lineNumber;
            if (cols[0].startsWith("@")) {
                if (cols.length < 2) {
                    throw new IllegalArgumentException(where + ": setting without value: " + line);
                }
                String key = cols[0].substring(1).toLowerCase(Locale.ROOT);
                String value = cols[1].strip();
                if (value.matches("-?[0-9.]+")) {
                    numbers.put(key, Double.parseDouble(value));
                } else {
                    sets.computeIfAbsent(key, k -> new HashSet<>()).addAll(List.of(value.split("\\s+")));
                }
                continue;
            }
            if (cols.length < 3) {
                throw new IllegalArgumentException(where + ": expected TOPIC<TAB>weight<TAB>pattern: " + line);
            }
            Topic topic;
            try {
                topic = Topic.valueOf(cols[0].strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown topic " + cols[0], e);
            }
            double weight;
            try {
                weight = Double.parseDouble(cols[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": bad weight " + cols[1], e);
            }
            String pattern = cols[2].strip();
            List<List<String>> parts = new ArrayList<>();
            for (String part : pattern.split("\\+")) {
                Set<String> alternatives = new LinkedHashSet<>();
                for (String alternative : part.split("\\|")) {
                    String a = alternative.strip().toLowerCase(Locale.ROOT);
                    if (!a.isEmpty() && !a.equals("*") && !a.equals("**")) {
                        alternatives.add(a);
                    }
                }
                if (alternatives.isEmpty()) {
                    throw new IllegalArgumentException(where + ": empty part in pattern " + pattern);
                }
                parts.add(List.copyOf(alternatives));
            }
            if (parts.size() > 31) {
                throw new IllegalArgumentException(where + ": too many parts (max 31)");
            }
            rules.add(new Rule(topic, weight, List.copyOf(parts), pattern, lineNumber));
        }
        if (rules.size() >= (1 << 26)) {
            throw new IllegalArgumentException(name + ": too many rules");
        }
        return new TopicRules(rules, sets, numbers);
    }

    /** An unmodifiable hash set: read per token, where Set.copyOf's linear probing costs several times more. */
    static Set<String> fast(java.util.Collection<String> words) {
        return java.util.Collections.unmodifiableSet(new java.util.HashSet<>(words));
    }
}
