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
 * analysis of the same texts on one core; then both again on every core at once (the texts split between one thread
 * per core), since cores that share caches, memory bandwidth or a host's hyper-threads do not add up to cores × one
 * core's rate. Prints {@code key=value} lines for scripts/bench.
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
        int cores = Runtime.getRuntime().availableProcessors();
        double rawAll = texts.size() / timeOnAllCores(texts, cores, () -> raw);
        double fullAll = texts.size() / timeOnAllCores(texts, cores, () -> {
            ComplaintAnalyzer own = ComplaintAnalyzer.createDefault(); // one per thread, as one per Flink subtask
            return t -> sink = own.analyze(t, null);
        });
        System.out.printf("cores=%d%nraw_all_cores_per_s=%.0f%nanalysis_all_cores_per_s=%.0f%n", cores, rawAll, fullAll);
    }

    /** Wall seconds for one thread per core, each working through its share of the texts, started together. */
    private static double timeOnAllCores(List<String> texts, int cores, java.util.function.Supplier<Consumer<String>> work) {
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(cores + 1);
        for (int c = 0; c < cores; c++) {
            List<String> part = texts.subList(texts.size() * c / cores, texts.size() * (c + 1) / cores);
            Consumer<String> w = work.get();
            time(part.subList(0, Math.min(part.size(), 10_000)), w); // warm this thread's own objects
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                time(part, w);
            });
            t.start();
            threads.add(t);
        }
        try {
            start.await();
            long t0 = System.nanoTime();
            for (Thread t : threads) {
                t.join();
            }
            return (System.nanoTime() - t0) / 1e9;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
