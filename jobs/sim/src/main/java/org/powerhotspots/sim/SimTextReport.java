package org.powerhotspots.sim;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.text.ComplaintAnalysis;
import org.powerhotspots.text.ComplaintAnalyzer;
import org.powerhotspots.text.TopicScore;

/**
 * How varied the simulated texts are and how the product's topic analyzer reads them: simulates a province
 * (as scripts/simulate does, nothing written) and runs {@code ComplaintAnalyzer.createDefault()} over every
 * complaint, comparing its first topic with the topic the text was written about. Also draws N texts per topic
 * straight from {@link ComplaintTexts} and counts the distinct ones.
 *
 * <pre>java -cp … org.powerhotspots.sim.SimTextReport [--weeks 1] [--seed 42] [--rate 4000] [--draws 20000]
 *     [--no-analyzer] [--examples N]</pre>
 *
 * A report, not a gate. The simulator's texts are not tuned to its figures (docs/simulation.md).
 */
public final class SimTextReport {

    private SimTextReport() {}

    public static void main(String[] args) {
        int weeks = 1;
        long seed = 42;
        double rate = 4000;
        int draws = 20_000;
        boolean analyze = true;
        int examples = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--weeks" -> weeks = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--draws" -> draws = Integer.parseInt(args[++i]);
                case "--no-analyzer" -> analyze = false;
                case "--examples" -> examples = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Simulator.Config config = new Simulator.Config("61", LocalDate.of(2026, 3, 2), weeks, seed, rate,
                Optional.empty());
        List<SimComplaint> complaints = new Simulator(config).run().complaints();

        Set<String> distinct = new HashSet<>();
        Set<String> skeletons = new HashSet<>();
        Map<Topic, Set<String>> distinctByTopic = new EnumMap<>(Topic.class);
        Map<Topic, Integer> n = new EnumMap<>(Topic.class);
        long chars = 0;
        for (SimComplaint c : complaints) {
            distinct.add(c.text());
            skeletons.add(skeleton(c.text()));
            distinctByTopic.computeIfAbsent(c.topic(), k -> new HashSet<>()).add(c.text());
            n.merge(c.topic(), 1, Integer::sum);
            chars += c.text().length();
        }
        System.out.printf("simulation      %d weeks, seed %d, rate %.0f: %d complaints, %d distinct texts (%.1f%%),"
                        + " mean length %.1f characters%n", weeks, seed, rate, complaints.size(), distinct.size(),
                100.0 * distinct.size() / complaints.size(), chars / (double) complaints.size());
        System.out.printf("                %d distinct once every run of digits is masked%n", skeletons.size());
        int[] lengths = complaints.stream().mapToInt(c -> c.text().length()).sorted().toArray();
        long shortTexts = complaints.stream().filter(c -> c.text().length() <= 10).count();
        long longTexts = complaints.stream().filter(c -> c.text().length() >= 100).count();
        long traditional = complaints.stream().filter(c -> TraditionalChinese.looksTraditional(c.text())).count();
        System.out.printf("length          min %d, p10 %d, median %d, p90 %d, max %d; %.1f%% ≤ 10 characters,"
                        + " %.1f%% ≥ 100; %.1f%% traditional%n", lengths[0], lengths[lengths.length / 10],
                lengths[lengths.length / 2], lengths[lengths.length * 9 / 10], lengths[lengths.length - 1],
                100.0 * shortTexts / lengths.length, 100.0 * longTexts / lengths.length,
                100.0 * traditional / lengths.length);

        Map<Topic, int[]> hits = new EnumMap<>(Topic.class);
        Map<Topic, Map<Topic, Integer>> confusions = new EnumMap<>(Topic.class);
        if (analyze) {
            ComplaintAnalyzer analyzer = ComplaintAnalyzer.createDefault();
            for (SimComplaint c : complaints) {
                ComplaintAnalysis a = analyzer.analyze(c.text(), null);
                int[] h = hits.computeIfAbsent(c.topic(), k -> new int[2]);
                if (a.primaryTopic() == c.topic()) {
                    h[0]++;
                } else {
                    confusions.computeIfAbsent(c.topic(), k -> new EnumMap<>(Topic.class))
                            .merge(a.primaryTopic(), 1, Integer::sum);
                }
                for (TopicScore s : a.topics()) {
                    if (s.topic() == c.topic()) {
                        h[1]++;
                        break;
                    }
                }
            }
        }
        System.out.printf("%-22s %7s %9s %9s %9s  %s%n", "topic", "n", "distinct", "first", "any",
                "most frequent other first topic");
        int total = 0;
        int first = 0;
        int any = 0;
        double macro = 0;
        for (Topic t : Topic.values()) {
            int count = n.getOrDefault(t, 0);
            if (count == 0) {
                continue;
            }
            int[] h = hits.getOrDefault(t, new int[2]);
            total += count;
            first += h[0];
            any += h[1];
            macro += h[0] / (double) count;
            String confusion = "";
            Map<Topic, Integer> conf = confusions.get(t);
            if (conf != null) {
                Map.Entry<Topic, Integer> top = conf.entrySet().stream().max(Map.Entry.comparingByValue()).get();
                confusion = String.format("%s %.1f%%", top.getKey(), 100.0 * top.getValue() / count);
            }
            System.out.printf("%-22s %7d %9d %8s %8s  %s%n", t, count, distinctByTopic.get(t).size(),
                    analyze ? String.format("%.1f%%", 100.0 * h[0] / count) : "-",
                    analyze ? String.format("%.1f%%", 100.0 * h[1] / count) : "-", confusion);
        }
        if (analyze) {
            System.out.printf("%-22s %7d %9d %8.1f%% %8.1f%%  (macro first-topic accuracy %.1f%%)%n", "all", total,
                    distinct.size(), 100.0 * first / total, 100.0 * any / total, 100.0 * macro / n.size());
        }

        if (draws > 0) {
            java.util.Random random = new java.util.Random(seed);
            System.out.printf("%ndistinct texts in %d draws per topic straight from ComplaintTexts (no scene):%n",
                    draws);
            for (Topic t : Topic.values()) {
                Set<String> seen = new HashSet<>();
                Set<String> masked = new HashSet<>();
                for (int i = 0; i < draws; i++) {
                    String text = ComplaintTexts.write(t, random, ComplaintTexts.Scene.none());
                    seen.add(text);
                    masked.add(skeleton(text));
                }
                System.out.printf("  %-22s %6d (%.1f%%), %6d with digits masked%n", t, seen.size(),
                        100.0 * seen.size() / draws, masked.size());
            }
        }
        if (examples > 0) {
            System.out.println();
            java.util.Random random = new java.util.Random(seed + 1);
            for (int i = 0; i < examples; i++) {
                SimComplaint c = complaints.get(random.nextInt(complaints.size()));
                System.out.printf("%-22s %s%n", c.topic(), c.text());
            }
        }
    }

    /** The text with every run of ASCII digits replaced by one #: variety that is not just numbers. */
    static String skeleton(String text) {
        return text.replaceAll("[0-9]+", "#");
    }
}
