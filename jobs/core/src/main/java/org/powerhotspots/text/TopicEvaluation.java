package org.powerhotspots.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.powerhotspots.domain.Topic;

/**
 * Scores the analyzer's topics against a labelled set (TSV: expected topics, category_code hint, text):
 * per-topic precision, recall and F1, micro- and macro-F1, the share of complaints whose topic set is exactly
 * right, and the confusions (an expected topic missed while another was given). {@code scripts/eval-topics}.
 */
public final class TopicEvaluation {
    /** One labelled complaint. */
    public record Labelled(Set<Topic> expected, String categoryCode, String text) {}

    /** True and false positives and false negatives of one topic, or of all. */
    public record Counts(int truePositives, int falsePositives, int falseNegatives) {
        public double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** The scores of one run. */
    public record Report(Map<Topic, Counts> perTopic, Counts micro, List<String> errors, int complaints, int exact,
            Map<String, Integer> confusions) {

        /** The mean F1 over the topics the set labels (a topic never labelled nor given does not count). */
        public double macroF1() {
            return perTopic.values().stream().filter(c -> c.truePositives() + c.falseNegatives() > 0)
                    .mapToDouble(Counts::f1).average().orElse(0);
        }

        public double exactSetAccuracy() {
            return complaints == 0 ? 0 : (double) exact / complaints;
        }

        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%-22s %6s %6s %6s %5s %5s %5s%n", "topic", "prec", "recall", "f1", "tp", "fp", "fn"));
            perTopic.entrySet().stream()
                    .sorted((a, b) -> Double.compare(a.getValue().f1(), b.getValue().f1()))
                    .forEach(e -> sb.append(String.format("%-22s %6.3f %6.3f %6.3f %5d %5d %5d%n", e.getKey(),
                            e.getValue().precision(), e.getValue().recall(), e.getValue().f1(),
                            e.getValue().truePositives(), e.getValue().falsePositives(), e.getValue().falseNegatives())));
            sb.append(String.format("micro: precision %.3f recall %.3f F1 %.3f over %d complaints%n",
                    micro.precision(), micro.recall(), micro.f1(), complaints));
            sb.append(String.format("macro-F1 %.3f; exact topic set %.3f (%d of %d)%n", macroF1(), exactSetAccuracy(),
                    exact, complaints));
            sb.append("confusions (expected → given instead, complaints):\n");
            confusions.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(20)
                    .forEach(e -> sb.append(String.format("  %-48s %d%n", e.getKey(), e.getValue())));
            return sb.toString();
        }
    }

    private TopicEvaluation() {}

    /** The topic a category_code names (a code such as SMART_METER or a label part such as 智能电表), or null. */
    public static Topic topicOfCategory(String categoryCode) {
        return ComplaintAnalyzer.hintOf(categoryCode);
    }

    /** A labelled set on the classpath. */
    public static List<Labelled> load(String resource) throws IOException {
        try (InputStream in = TopicEvaluation.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** A labelled set in a file. */
    public static List<Labelled> load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<Labelled> parse(String tsv) {
        List<Labelled> out = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            EnumSet<Topic> expected = EnumSet.noneOf(Topic.class);
            Arrays.stream(cols[0].split(",")).map(String::strip).map(Topic::valueOf).forEach(expected::add);
            out.add(new Labelled(expected, cols[1].isBlank() ? null : cols[1].strip(), cols[2]));
        }
        return out;
    }

    public static Report evaluate(ComplaintAnalyzer analyzer, List<Labelled> set) {
        Map<Topic, int[]> counts = new EnumMap<>(Topic.class);
        for (Topic t : Topic.values()) {
            counts.put(t, new int[3]);
        }
        List<String> errors = new ArrayList<>();
        Map<String, Integer> confusions = new TreeMap<>();
        int exact = 0;
        for (Labelled l : set) {
            ComplaintAnalysis a = analyzer.analyze(l.text(), l.categoryCode());
            EnumSet<Topic> got = EnumSet.noneOf(Topic.class);
            a.topics().forEach(ts -> got.add(ts.topic()));
            for (Topic t : Topic.values()) {
                boolean e = l.expected().contains(t);
                boolean g = got.contains(t);
                if (e && g) {
                    counts.get(t)[0]++;
                } else if (g) {
                    counts.get(t)[1]++;
                } else if (e) {
                    counts.get(t)[2]++;
                }
            }
            if (got.equals(l.expected())) {
                exact++;
            } else {
                errors.add("expected " + l.expected() + " got " + a.topics() + " | " + l.text() + " | " + a.tokens());
                for (Topic missed : l.expected()) {
                    if (!got.contains(missed)) {
                        for (Topic instead : got) {
                            if (!l.expected().contains(instead)) {
                                confusions.merge(missed + " → " + instead, 1, Integer::sum);
                            }
                        }
                    }
                }
            }
        }
        Map<Topic, Counts> perTopic = new EnumMap<>(Topic.class);
        int tp = 0, fp = 0, fn = 0;
        for (Map.Entry<Topic, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            perTopic.put(e.getKey(), new Counts(c[0], c[1], c[2]));
            tp += c[0];
            fp += c[1];
            fn += c[2];
        }
        return new Report(perTopic, new Counts(tp, fp, fn), errors, set.size(), exact, confusions);
    }

    /**
     * {@code [--file TSV] [--errors]}: scores the bundled analyzer on a labelled set (default: the held-out set).
     * The held-out set's misclassified texts are never printed, so that nobody tunes rules to them.
     */
    public static void main(String[] args) throws IOException {
        Path file = null;
        boolean errors = false;
        String model = ComplaintAnalyzer.BUNDLED_MODEL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file" -> file = Path.of(args[++i]);
                case "--errors" -> errors = true;
                case "--model" -> model = args[++i];
                default -> throw new IllegalArgumentException(
                        "unknown argument " + args[i] + " (--file TSV, --model bundled|none|FILE, --errors)");
            }
        }
        boolean heldOut = file == null || file.toString().contains("heldout");
        List<Labelled> set = file == null ? load(HELD_OUT) : load(file);
        Report report = evaluate(ComplaintAnalyzer.withModel(model), set);
        if (errors && heldOut) {
            System.err.println("eval-topics: the held-out set's texts are not printed (it must stay unseen to keep measuring)");
        } else if (errors) {
            report.errors().forEach(System.out::println);
        }
        System.out.print(report.format());
    }

    /** The held-out set, frozen at commit bf18db5 before any tuning (docs/text-evaluation-style.md). */
    public static final String HELD_OUT = "text/heldout/complaints-heldout.tsv";
}
