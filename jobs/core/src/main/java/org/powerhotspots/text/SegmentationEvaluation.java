package org.powerhotspots.text;

import com.hankcs.hanlp.seg.common.Term;
import com.hankcs.hanlp.tokenizer.StandardTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Scores word segmentation on the SIGHAN 2005 bakeoff test sets (PKU, MSR) the standard way: a word is
 * correct when both its start and its end match a gold word; precision, recall and F1 over words, with
 * punctuation words (every character Unicode punctuation) left out of both sides. It scores, in one JVM,
 * HanLP's own default ({@code StandardTokenizer.segment}: its core dictionary and bundled CustomDictionary)
 * and the segmentation of {@link ComplaintAnalyzer} mapped back onto the characters of the test line.
 * {@code scripts/eval-segmentation}.
 */
public final class SegmentationEvaluation {
    /** Gold words, system words and correct words of a run (punctuation left out). */
    public record Counts(long gold, long system, long correct) {
        public double precision() {
            return system == 0 ? 0 : (double) correct / system;
        }

        public double recall() {
            return gold == 0 ? 0 : (double) correct / gold;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        Counts plus(Counts o) {
            return new Counts(gold + o.gold, system + o.system, correct + o.correct);
        }
    }

    /** A test set: the unsegmented lines and their gold words. */
    public record Corpus(String name, List<String> lines, List<String[]> gold) {
        /** Lines whose gold words do not spell the test line (MSR has a few); scored on an alignment. */
        public long mismatchedLines() {
            long n = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (!compact(lines.get(i)).equals(String.join("", gold.get(i)))) {
                    n++;
                }
            }
            return n;
        }
    }

    /** A segmenter under test: a text line to the character spans {start, end} of its words. */
    public interface Segmenter extends Function<String, List<int[]>> {}

    private SegmentationEvaluation() {}

    /** Reads {@code testing/<name>_test.utf8} and {@code gold/<name>_test_gold.utf8} of an icwb2-data folder. */
    public static Corpus load(Path data, String name) throws IOException {
        List<String> lines = readLines(data.resolve("testing").resolve(name + "_test.utf8"));
        List<String> goldLines = readLines(data.resolve("gold").resolve(name + "_test_gold.utf8"));
        if (lines.size() != goldLines.size()) {
            throw new IOException(name + ": " + lines.size() + " test lines but " + goldLines.size() + " gold lines");
        }
        List<String[]> gold = new ArrayList<>(goldLines.size());
        for (String g : goldLines) {
            String t = g.strip();
            gold.add(t.isEmpty() ? new String[0] : t.split("[\\s\u3000]+"));
        }
        return new Corpus(name.toUpperCase(java.util.Locale.ROOT), lines, gold);
    }

    private static List<String> readLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        return lines;
    }

    /** Scores a segmenter on a corpus. */
    public static Counts evaluate(Corpus corpus, Segmenter segmenter) {
        Counts total = new Counts(0, 0, 0);
        for (int i = 0; i < corpus.lines().size(); i++) {
            String line = corpus.lines().get(i);
            total = total.plus(score(line, corpus.gold().get(i), segmenter.apply(line)));
        }
        return total;
    }

    /**
     * Scores one line. Offsets are counted on the line without whitespace, so spaces in the test line (a
     * few) do not matter; gold words of a line whose characters differ from the test line are placed by a
     * character alignment and count as missed where they do not align.
     */
    static Counts score(String line, String[] goldWords, List<int[]> systemSpans) {
        int[] before = new int[line.length() + 1]; // non-space characters before each offset of the line
        StringBuilder compact = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            before[i] = compact.length();
            if (!isSpace(line.charAt(i))) {
                compact.append(line.charAt(i));
            }
        }
        before[line.length()] = compact.length();
        String test = compact.toString();
        String goldText = String.join("", goldWords);
        int[] map = goldText.equals(test) ? null : align(goldText, test);

        Set<Long> goldSpans = new HashSet<>();
        long gold = 0;
        int g = 0;
        for (String w : goldWords) {
            int s = g;
            g += w.length();
            if (isPunctuation(w)) {
                continue;
            }
            gold++;
            if (map == null) {
                goldSpans.add(key(s, g));
            } else {
                boolean contiguous = true;
                for (int k = s; k < g && contiguous; k++) {
                    contiguous = map[k] >= 0 && (k == s || map[k] == map[k - 1] + 1);
                }
                if (contiguous) {
                    goldSpans.add(key(map[s], map[g - 1] + 1));
                }
            }
        }
        long system = 0;
        long correct = 0;
        for (int[] span : systemSpans) {
            int s = before[span[0]];
            int e = before[span[1]];
            if (e <= s || isPunctuation(test.substring(s, e))) {
                continue;
            }
            system++;
            if (goldSpans.contains(key(s, e))) {
                correct++;
            }
        }
        return new Counts(gold, system, correct);
    }

    private static long key(int start, int end) {
        return ((long) start << 32) | end;
    }

    /** For each character of a, its position in b on a longest common subsequence, or -1. */
    static int[] align(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.charAt(i) == b.charAt(j) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int[] map = new int[n];
        java.util.Arrays.fill(map, -1);
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.charAt(i) == b.charAt(j)) {
                map[i++] = j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return map;
    }

    /** A word every character of which is Unicode punctuation (，。、“”（）《》—…：；！？ and their ASCII forms). */
    static boolean isPunctuation(String w) {
        if (w.isEmpty()) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            switch (Character.getType(w.charAt(i))) {
                case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                        Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                        Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> { }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static String compact(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            if (!isSpace(line.charAt(i))) {
                sb.append(line.charAt(i));
            }
        }
        return sb.toString();
    }

    /** HanLP's default: {@code StandardTokenizer.segment} with HanLP's own dictionaries only. */
    static List<int[]> hanlpDefault(String line) {
        List<int[]> spans = new ArrayList<>();
        int pos = 0;
        for (Term term : StandardTokenizer.segment(line)) {
            String w = term.word;
            int at = line.startsWith(w, pos) ? pos : line.indexOf(w, pos);
            if (at < 0) {
                throw new IllegalStateException("HanLP term '" + w + "' is not in the line at " + pos + ": " + line);
            }
            pos = at + w.length();
            if (!w.isBlank()) {
                spans.add(new int[] {at, pos});
            }
        }
        return spans;
    }

    /** The analyzer's segmentation: every piece it cuts, on the original characters. */
    static List<int[]> analyzer(ComplaintAnalyzer analyzer, String line) {
        List<int[]> spans = new ArrayList<>();
        for (ComplaintAnalyzer.Span s : analyzer.segmentation(line)) {
            spans.add(new int[] {s.start(), s.end()});
        }
        return spans;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SegmentationEvaluation ICWB2_DATA_DIR");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        List<Corpus> corpora = List.of(load(data, "pku"), load(data, "msr"));
        HanLpRuntime.configure();
        // HanLP's default first, before the analyzer has loaded anything.
        List<Counts> defaults = new ArrayList<>();
        for (Corpus c : corpora) {
            defaults.add(evaluate(c, SegmentationEvaluation::hanlpDefault));
        }
        ComplaintAnalyzer analyzer = ComplaintAnalyzer.createDefault();
        List<Counts> ours = new ArrayList<>();
        for (Corpus c : corpora) {
            ours.add(evaluate(c, line -> analyzer(analyzer, line)));
        }
        System.out.println("SIGHAN 2005 test sets; a word counts when its start and end match the gold; punctuation excluded");
        System.out.printf("%-6s %-36s %8s %8s %7s %7s %7s%n", "corpus", "segmenter", "gold", "words", "P", "R", "F1");
        for (int i = 0; i < corpora.size(); i++) {
            Corpus c = corpora.get(i);
            row(c.name(), "HanLP default (StandardTokenizer)", defaults.get(i));
            row(c.name(), "ours (ComplaintAnalyzer)", ours.get(i));
            System.out.printf("%-6s %-36s %8s %8s %7s %7s %7.3f%n", c.name(), "ours / default (F1)", "", "", "", "",
                    ours.get(i).f1() / defaults.get(i).f1());
        }
        for (Corpus c : corpora) {
            long mismatched = c.mismatchedLines();
            if (mismatched > 0) {
                System.out.printf("(%s: %d of %d gold lines do not spell their test line; their words are placed by alignment)%n",
                        c.name(), mismatched, c.lines().size());
            }
        }
    }

    private static void row(String corpus, String name, Counts c) {
        System.out.printf("%-6s %-36s %8d %8d %7.3f %7.3f %7.3f%n", corpus, name, c.gold(), c.system(), c.precision(),
                c.recall(), c.f1());
    }
}
