package org.powerhotspots.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.powerhotspots.domain.Topic;

/** Scores the analyzer against the labelled complaints: per-topic precision and recall, micro-F1. */
final class TopicEvaluation {
    record Labelled(Set<Topic> expected, String categoryCode, String text) {}

    record Counts(int truePositives, int falsePositives, int falseNegatives) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    record Report(Map<Topic, Counts> perTopic, Counts micro, List<String> errors, int complaints) {
        String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%-22s %6s %6s %6s %5s %5s %5s%n", "topic", "prec", "recall", "f1", "tp", "fp", "fn"));
            perTopic.entrySet().stream()
                    .sorted((a, b) -> Double.compare(a.getValue().f1(), b.getValue().f1()))
                    .forEach(e -> sb.append(String.format("%-22s %6.3f %6.3f %6.3f %5d %5d %5d%n", e.getKey(),
                            e.getValue().precision(), e.getValue().recall(), e.getValue().f1(),
                            e.getValue().truePositives(), e.getValue().falsePositives(), e.getValue().falseNegatives())));
            sb.append(String.format("micro: precision %.3f recall %.3f F1 %.3f over %d complaints%n",
                    micro.precision(), micro.recall(), micro.f1(), complaints));
            return sb.toString();
        }
    }

    private TopicEvaluation() {}

    static List<Labelled> load(String resource) throws IOException {
        List<Labelled> out = new ArrayList<>();
        try (InputStream in = TopicEvaluation.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                EnumSet<Topic> expected = EnumSet.noneOf(Topic.class);
                Arrays.stream(cols[0].split(",")).map(String::strip).map(Topic::valueOf).forEach(expected::add);
                out.add(new Labelled(expected, cols[1].isBlank() ? null : cols[1].strip(), cols[2]));
            }
        }
        return out;
    }

    static Report evaluate(ComplaintAnalyzer analyzer, List<Labelled> set) {
        Map<Topic, int[]> counts = new EnumMap<>(Topic.class);
        for (Topic t : Topic.values()) {
            counts.put(t, new int[3]);
        }
        List<String> errors = new ArrayList<>();
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
            if (!got.equals(l.expected())) {
                errors.add("expected " + l.expected() + " got " + a.topics() + " | " + l.text() + " | " + a.tokens());
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
        return new Report(perTopic, new Counts(tp, fp, fn), errors, set.size());
    }

    /** Prints the report and every misclassified complaint (for whoever edits the rules). */
    public static void main(String[] args) throws IOException {
        Report report = evaluate(ComplaintAnalyzer.createDefault(), load("text/labelled-complaints.tsv"));
        report.errors().forEach(System.out::println);
        System.out.print(report.format());
    }
}
