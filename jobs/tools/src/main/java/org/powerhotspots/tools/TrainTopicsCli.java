package org.powerhotspots.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.text.ComplaintAnalyzer;
import org.powerhotspots.text.TopicEvaluation;
import org.powerhotspots.text.TopicModel;
import org.powerhotspots.text.TopicModelTrainer;

/**
 * Command line behind scripts/train-topics: trains the topic model from labelled complaints (analyst-labelled TSV,
 * or complaint JSON lines whose category_code is the label), prints its cross-validated F1 beside the rules'
 * alone, and writes the model file that the setting text.topic-model loads.
 */
public final class TrainTopicsCli {
    private TrainTopicsCli() {}

    public static void main(String[] args) throws IOException {
        List<Path> inputs = new ArrayList<>();
        Path out = null;
        Path disagreements = null;
        int folds = 5;
        TopicModelTrainer.Settings d = TopicModelTrainer.Settings.defaults();
        int epochs = d.epochs();
        double rate = d.learningRate();
        double l2 = d.l2();
        int minCount = d.minCount();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--complaints" -> {
                    for (String p : value(args, ++i, "--complaints").split(",")) {
                        inputs.add(Path.of(p));
                    }
                }
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--disagreements" -> disagreements = Path.of(value(args, ++i, "--disagreements"));
                case "--folds" -> folds = Integer.parseInt(value(args, ++i, "--folds"));
                case "--epochs" -> epochs = Integer.parseInt(value(args, ++i, "--epochs"));
                case "--learning-rate" -> rate = Double.parseDouble(value(args, ++i, "--learning-rate"));
                case "--l2" -> l2 = Double.parseDouble(value(args, ++i, "--l2"));
                case "--min-count" -> minCount = Integer.parseInt(value(args, ++i, "--min-count"));
                default -> fail("unknown argument " + args[i] + " (see --help)");
            }
        }
        if (inputs.isEmpty() || out == null) {
            fail("--complaints PATH[,PATH…] and --out MODEL are required");
        }
        if (folds < 2) {
            fail("--folds must be at least 2");
        }
        List<TopicEvaluation.Labelled> set = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (Path p : inputs) {
            int before = set.size();
            set.addAll(read(p));
            while (sources.size() < set.size()) {
                sources.add(p);
            }
            System.err.printf("train-topics: %s: %d labelled complaints%n", p, set.size() - before);
        }
        if (set.size() < folds * 10) {
            fail("only " + set.size() + " labelled complaints: too few to train and cross-validate");
        }
        Map<Topic, Integer> perTopic = new EnumMap<>(Topic.class);
        set.forEach(l -> l.expected().forEach(t -> perTopic.merge(t, 1, Integer::sum)));
        System.out.printf("%d labelled complaints; per topic: %s%n", set.size(), perTopic);

        ComplaintAnalyzer rulesOnly = ComplaintAnalyzer.withModel(ComplaintAnalyzer.NO_MODEL);
        TopicModelTrainer trainer = new TopicModelTrainer(rulesOnly, new TopicModelTrainer.Settings(epochs, rate, l2, minCount, d.seed()));
        System.err.printf("train-topics: %d-fold cross-validation…%n", folds);
        TopicModelTrainer.CrossValidation cv = trainer.crossValidate(set, folds);
        System.out.printf("%d-fold cross-validation over %d complaints (category hints ignored):%n", cv.folds(),
                cv.complaints());
        System.out.printf("  %-22s %8s %8s %8s %8s%n", "", "micro-F1", "P", "R", "macro-F1");
        System.out.printf("  %-22s %8.3f %8.3f %8.3f %8.3f%n", "rules alone", cv.rules().f1(), cv.rules().precision(),
                cv.rules().recall(), cv.rulesMacroF1());
        System.out.printf("  %-22s %8.3f %8.3f %8.3f %8.3f%n", "rules + model", cv.model().f1(), cv.model().precision(),
                cv.model().recall(), cv.modelMacroF1());
        System.out.printf("  threshold chosen by cross-validation: %.2f%n", cv.threshold());
        if (disagreements != null) {
            writeDisagreements(disagreements, cv.disagreements(), set, sources);
        }
        String description = String.format(java.util.Locale.ROOT,
                "%d complaints from %s; %d-fold cross-validated micro-F1 %.3f (rules alone %.3f), macro-F1 %.3f",
                set.size(), names(inputs), cv.folds(), cv.model().f1(), cv.rules().f1(), cv.modelMacroF1());
        TopicModel model = trainer.train(set, cv.threshold(), description);
        createParent(out);
        try (OutputStream o = Files.newOutputStream(out)) {
            model.write(o);
        }
        System.out.printf("wrote %s (%d features, %,d bytes); use it with text.topic-model: %s%n", out, model.features(),
                Files.size(out), out.toAbsolutePath());
    }

    /** The labelled complaints the cross-validated model contradicts, most confidently first, for an analyst to review. */
    private static void writeDisagreements(Path file, List<TopicModelTrainer.Disagreement> found,
            List<TopicEvaluation.Labelled> set, List<Path> sources) throws IOException {
        createParent(file);
        try (java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# confidence\tlabelled topics\tcross-validated model's topics\tsource\ttext\n");
            for (TopicModelTrainer.Disagreement d : found) {
                TopicEvaluation.Labelled l = set.get(d.index());
                List<String> given = new ArrayList<>();
                d.given().forEach(s -> given.add(s.topic().name()));
                List<String> labelled = new ArrayList<>();
                l.expected().forEach(t -> labelled.add(t.name()));
                w.write(String.format(java.util.Locale.ROOT, "%.3f\t%s\t%s\t%s\t%s%n", d.confidence(),
                        String.join(",", labelled), String.join(",", given), sources.get(d.index()).getFileName(),
                        l.text().replace('\t', ' ').replace('\n', ' ')));
            }
        }
        System.out.printf("wrote %s: %d labelled complaints the cross-validated model gives other topics (review the "
                + "first lines: in labelled history they are mostly wrong labels)%n", file, found.size());
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static String names(List<Path> inputs) {
        List<String> n = new ArrayList<>();
        inputs.forEach(p -> n.add(p.getFileName().toString()));
        return String.join(", ", n);
    }

    /** TSV (topics, hint, text) or JSON lines of complaints whose category_code is the label. */
    static List<TopicEvaluation.Labelled> read(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            fail("no such file: " + p);
        }
        String name = p.getFileName().toString();
        if (name.endsWith(".tsv")) {
            return TopicEvaluation.load(p);
        }
        if (!name.endsWith(".jsonl") && !name.endsWith(".json")) {
            fail(p + ": expected a .tsv (topics, hint, text) or .jsonl (complaints with category_code) file");
        }
        ObjectMapper json = new ObjectMapper();
        List<TopicEvaluation.Labelled> out = new ArrayList<>();
        int unlabelled = 0;
        int unknown = 0;
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                String text = n.path("text").asText("");
                String code = n.path("category_code").asText("");
                if (text.isBlank() || code.isBlank()) {
                    unlabelled++;
                    continue;
                }
                Topic t = TopicEvaluation.topicOfCategory(code);
                if (t == null) {
                    unknown++;
                    continue;
                }
                // the label is the category; it is not also given as a hint
                out.add(new TopicEvaluation.Labelled(EnumSet.of(t), null, text));
            }
        }
        if (unlabelled + unknown > 0) {
            System.err.printf("train-topics: %s: %d complaints without text or category_code and %d with a category that "
                    + "names no topic were left out%n", p, unlabelled, unknown);
        }
        return out;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("train-topics: " + message);
        System.exit(2);
    }
}
