package org.powerhotspots.bench.text;

import com.hankcs.hanlp.tokenizer.StandardTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.powerhotspots.text.ComplaintAnalysis;
import org.powerhotspots.text.ComplaintAnalyzer;

/** Single-core throughput of the full complaint analysis against the raw HanLP StandardTokenizer on the same texts. */
public final class TextBenchmark {
    private static volatile Object sink;

    private TextBenchmark() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: TextBenchmark FILE [seconds]   (FILE: one complaint a line, or the labelled TSV)");
            System.exit(2);
        }
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            texts.add(cols[cols.length - 1]);
        }
        long chars = texts.stream().mapToLong(String::length).sum();
        System.err.printf("bench-text: %d complaints, %d chars, %.0f s per measurement after warm-up%n", texts.size(), chars, seconds);
        ComplaintAnalyzer analyzer = ComplaintAnalyzer.createDefault(); // loads HanLP's data before either run

        Consumer<String> raw = t -> sink = StandardTokenizer.segment(t);
        ComplaintAnalyzer rulesAlone = ComplaintAnalyzer.withModel(ComplaintAnalyzer.NO_MODEL);
        Consumer<String> full = t -> {
            ComplaintAnalysis a = analyzer.analyze(t, null);
            sink = a;
        };
        Consumer<String> rules = t -> sink = rulesAlone.analyze(t, null);
        Consumer<String> tokens = t -> sink = analyzer.tokenize(t);
        System.err.println("bench-text: warming up");
        run(texts, raw, seconds);
        run(texts, full, seconds);
        run(texts, rules, seconds / 2);
        run(texts, tokens, seconds / 2);
        System.err.println("bench-text: measuring");
        // Interleaved rounds, the median of each: a neighbour's load or a JIT pause in one round moves one sample.
        int rounds = 5;
        double[][] rates = new double[4][rounds];
        List<Consumer<String>> all = List.of(raw, tokens, rules, full);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < all.size(); k++) {
                rates[k][r] = run(texts, all.get(k), seconds / rounds * 2);
            }
        }
        double rawRate = median(rates[0]);
        double tokensRate = median(rates[1]);
        double rulesRate = median(rates[2]);
        double fullRate = median(rates[3]);
        double avg = (double) chars / texts.size();
        System.out.printf("%-34s %12s %14s %8s%n", "one core (median of 5 rounds)", "complaints/s", "chars/s",
                "µs each");
        System.out.printf("%-34s %12.0f %14.0f %8.1f%n", "raw StandardTokenizer", rawRate, rawRate * avg, 1e6 / rawRate);
        System.out.printf("%-34s %12.0f %14.0f %8.1f%n", "normalise + segment (ours)", tokensRate, tokensRate * avg,
                1e6 / tokensRate);
        System.out.printf("%-34s %12.0f %14.0f %8.1f%n", "analysis, rules alone", rulesRate, rulesRate * avg,
                1e6 / rulesRate);
        System.out.printf("%-34s %12.0f %14.0f %8.1f%n", "full ComplaintAnalyzer (rules+model)", fullRate,
                fullRate * avg, 1e6 / fullRate);
        System.out.printf("full / raw = %.2f (target >= 0.50: a complaint costs at most twice raw segmentation)%n",
                fullRate / rawRate);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    /** Complaints per second of one thread over whole passes through the texts. */
    private static double run(List<String> texts, Consumer<String> work, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long done = 0;
        do {
            for (String t : texts) {
                work.accept(t);
            }
            done += texts.size();
        } while (System.nanoTime() < deadline);
        return done / ((System.nanoTime() - start) / 1e9);
    }
}
