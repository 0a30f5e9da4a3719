package org.powerhotspots.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hankcs.hanlp.tokenizer.StandardTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.powerhotspots.text.ComplaintAnalyzer;

/**
 * The bound of the pipeline: raw HanLP segmentation of the complaint texts of a file on one core, and our full text
 * analysis of the same texts on one core. Prints {@code key=value} lines for scripts/bench.
 */
public final class TokenizerBound {
    static volatile Object sink;

    private TokenizerBound() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int max = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        List<String> texts = texts(file, max);
        long chars = texts.stream().mapToLong(String::length).sum();
        System.err.printf("tokenizer-bound: %,d texts (%.0f characters each)%n", texts.size(), (double) chars / texts.size());
        ComplaintAnalyzer analyzer = ComplaintAnalyzer.createDefault();
        Consumer<String> raw = t -> sink = StandardTokenizer.segment(t);
        Consumer<String> full = t -> sink = analyzer.analyze(t, null);
        List<String> warm = texts.subList(0, Math.min(texts.size(), 30_000));
        time(warm, raw);
        time(warm, full);
        double rawRate = texts.size() / time(texts, raw);
        double fullRate = texts.size() / time(texts, full);
        System.out.printf("texts=%d%nraw_per_s=%.0f%nanalysis_per_s=%.0f%n", texts.size(), rawRate, fullRate);
    }

    private static double time(List<String> texts, Consumer<String> work) {
        long t0 = System.nanoTime();
        for (String t : texts) {
            work.accept(t);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<String> texts(Path file, int max) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && out.size() < max) {
                try {
                    JsonNode n = json.readTree(line);
                    if (n.path("text").isTextual()) {
                        out.add(n.get("text").asText());
                    }
                } catch (IOException notJson) {
                    // the simulator's corrupt records: not texts
                }
            }
        }
        return out;
    }
}
