package org.powerhotspots.text;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.powerhotspots.domain.Topic;

/**
 * A learned topic classifier beside the rules: one logistic regression per topic over {@link TopicFeatures}
 * (words, synonym classes, character bigrams, and the rules' own scores, so the rules keep their negation and
 * precision where they speak and the model covers wording no rule names). A topic is given when its probability
 * reaches {@link #threshold()}, chosen by cross-validation when the model was trained ({@link TopicModelTrainer}).
 *
 * <p>File format (gzip text): a comment line, {@code @threshold t}, {@code @topics} and {@code @bias} lines,
 * then one line per feature: the feature and its weight per topic; then {@code @documents n} and one line per term
 * of the training corpus, {@code =term} and the number of its complaints that contain it ({@link TermBackground}).
 */
public final class TopicModel {
    /** The topics a model scores, in file order; OTHER is what a complaint is when none reaches the threshold. */
    static final Topic[] TOPICS = java.util.Arrays.stream(Topic.values()).filter(t -> t != Topic.OTHER)
            .toArray(Topic[]::new);
    static final String RULE_FEATURE = "r";
    private static final String MAGIC = "# power-hotspots topic model v1";
    /** Logit added to the category hint's topic when the text already speaks of it (it tips a close call). */
    static final double HINT_LOGIT = 1.0;

    private final Map<String, float[]> weights;
    private final float[][] ruleWeights;
    private final double[] bias;
    private final double threshold;
    private final String description;
    private final TermBackground background;

    TopicModel(Map<String, float[]> weights, double[] bias, double threshold, String description,
            TermBackground background) {
        this.background = background;
        this.weights = Map.copyOf(weights);
        this.bias = bias.clone();
        this.threshold = threshold;
        this.description = description;
        this.ruleWeights = new float[TOPICS.length][];
        for (int r = 0; r < TOPICS.length; r++) {
            ruleWeights[r] = weights.get(RULE_FEATURE + TOPICS[r].name());
        }
    }

    public double threshold() {
        return threshold;
    }

    /** What it was trained on, as the trainer wrote it. */
    public String description() {
        return description;
    }

    /** Document frequencies of the terms of the corpus it was trained on (keyword salience). */
    public TermBackground background() {
        return background;
    }

    public int features() {
        return weights.size();
    }

    /** The probability of each of {@link #TOPICS} for one complaint. */
    double[] probabilities(TopicFeatures.Extracted x) {
        double[] z = bias.clone();
        List<String> text = x.text();
        double value = text.isEmpty() ? 0 : 1.0 / Math.sqrt(text.size());
        for (String f : text) {
            float[] w = weights.get(f);
            if (w != null) {
                for (int t = 0; t < z.length; t++) {
                    z[t] += w[t] * value;
                }
            }
        }
        double[] rules = x.ruleScores();
        for (int r = 0; r < TOPICS.length; r++) {
            double s = rules[TOPICS[r].ordinal()];
            float[] w = ruleWeights[r];
            if (s != 0 && w != null) {
                double v = TopicFeatures.ruleValue(s);
                for (int t = 0; t < z.length; t++) {
                    z[t] += w[t] * v;
                }
            }
        }
        for (int t = 0; t < z.length; t++) {
            z[t] = sigmoid(z[t]);
        }
        return z;
    }

    /** Topics whose probability reaches the threshold, best first; OTHER when none does. */
    List<TopicScore> classify(TopicFeatures.Extracted x, Topic hint) {
        if (!speaks(x)) {
            return List.of(new TopicScore(Topic.OTHER, 1.0)); // no word the model or the rules know: nothing to judge
        }
        return decide(probabilities(x, hint), threshold);
    }

    /** Whether the complaint has a word the model knows or a rule that fired. */
    private boolean speaks(TopicFeatures.Extracted x) {
        for (double s : x.ruleScores()) {
            if (s != 0) {
                return true;
            }
        }
        for (String f : x.text()) {
            if (weights.containsKey(f)) {
                return true;
            }
        }
        return false;
    }

    /** The probabilities with the category hint applied. */
    double[] probabilities(TopicFeatures.Extracted x, Topic hint) {
        double[] p = probabilities(x);
        if (hint != null && hint != Topic.OTHER) {
            int h = index(hint);
            // like the rules' hint: it tips a close call, it never adds a topic the text does not speak of
            if (x.ruleScores()[hint.ordinal()] > 0 || p[h] >= 0.1) {
                p[h] = sigmoid(logit(p[h]) + HINT_LOGIT);
            }
        }
        return p;
    }

    static List<TopicScore> decide(double[] p, double threshold) {
        List<TopicScore> out = new ArrayList<>();
        double best = 0;
        for (int t = 0; t < p.length; t++) {
            best = Math.max(best, p[t]);
            if (p[t] >= threshold) {
                out.add(new TopicScore(TOPICS[t], round(p[t])));
            }
        }
        if (out.isEmpty()) {
            return List.of(new TopicScore(Topic.OTHER, round(1 - best)));
        }
        out.sort(Comparator.comparingDouble((TopicScore s) -> -s.confidence()).thenComparing(s -> s.topic().ordinal()));
        return out;
    }

    static int index(Topic topic) {
        return topic.ordinal() < Topic.OTHER.ordinal() ? topic.ordinal() : topic.ordinal() - 1;
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    private static double logit(double p) {
        double q = Math.min(1 - 1e-9, Math.max(1e-9, p));
        return Math.log(q / (1 - q));
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** Writes the model (gzip text); weights below 0.0005 in every topic are dropped. */
    public void write(OutputStream out) throws IOException {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8))) {
            w.write(MAGIC + "\n");
            w.write("@description\t" + description.replace('\t', ' ').replace('\n', ' ') + "\n");
            w.write(String.format(Locale.ROOT, "@threshold\t%.4f%n", threshold));
            StringBuilder sb = new StringBuilder("@topics");
            for (Topic t : TOPICS) {
                sb.append('\t').append(t.name());
            }
            w.write(sb.append('\n').toString());
            sb.setLength(0);
            sb.append("@bias");
            for (double b : bias) {
                sb.append('\t').append(String.format(Locale.ROOT, "%.4f", b));
            }
            w.write(sb.append('\n').toString());
            List<String> names = new ArrayList<>(weights.keySet());
            names.sort(null);
            for (String f : names) {
                float[] ws = weights.get(f);
                boolean any = false;
                for (float x : ws) {
                    any |= Math.abs(x) >= 0.0005f;
                }
                if (!any) {
                    continue;
                }
                sb.setLength(0);
                sb.append(f);
                for (float x : ws) {
                    sb.append('\t').append(Math.abs(x) < 0.0005f ? "0" : String.format(Locale.ROOT, "%.3f", x));
                }
                w.write(sb.append('\n').toString());
            }
            w.write("@documents\t" + background.documents() + "\n");
            List<String> terms = new ArrayList<>(background.frequencies().keySet());
            terms.sort(null);
            for (String t : terms) {
                w.write("=" + t + "\t" + background.documentFrequency(t) + "\n");
            }
        }
    }

    /** Reads a model written by {@link #write}; a malformed file is an error naming the line. */
    public static TopicModel read(InputStream in, String source) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            if (first == null || !first.startsWith(MAGIC)) {
                throw new IOException(source + ": not a topic model (first line must be '" + MAGIC + "')");
            }
            Map<String, float[]> weights = new HashMap<>();
            double threshold = Double.NaN;
            double[] bias = null;
            String description = "";
            Map<String, Integer> frequencies = new HashMap<>();
            int documents = -1;
            String line;
            int number = 1;
            while ((line = r.readLine()) != null) {
                number++;
                String[] cols = line.split("\t");
                try {
                    if (line.startsWith("=")) {
                        frequencies.put(cols[0].substring(1), Integer.parseInt(cols[1]));
                        continue;
                    }
                    switch (cols[0]) {
                        case "@description" -> description = cols.length > 1 ? cols[1] : "";
                        case "@threshold" -> threshold = Double.parseDouble(cols[1]);
                        case "@topics" -> {
                            for (int t = 0; t < TOPICS.length; t++) {
                                if (!cols[t + 1].equals(TOPICS[t].name())) {
                                    throw new IOException("topics differ from this release's: " + line);
                                }
                            }
                        }
                        case "@bias" -> bias = parse(cols);
                        case "@documents" -> documents = Integer.parseInt(cols[1]);
                        default -> {
                            double[] ws = parse(cols);
                            float[] f = new float[ws.length];
                            for (int t = 0; t < ws.length; t++) {
                                f[t] = (float) ws[t];
                            }
                            weights.put(cols[0], f);
                        }
                    }
                } catch (RuntimeException e) {
                    throw new IOException(source + ":" + number + ": malformed line (" + e.getMessage() + ")");
                }
            }
            if (bias == null || Double.isNaN(threshold) || documents < 0) {
                throw new IOException(source + ": @bias, @threshold or @documents missing");
            }
            return new TopicModel(weights, bias, threshold, description, new TermBackground(frequencies, documents));
        }
    }

    private static double[] parse(String[] cols) {
        if (cols.length != TOPICS.length + 1) {
            throw new IllegalArgumentException(TOPICS.length + " weights expected, got " + (cols.length - 1));
        }
        double[] out = new double[TOPICS.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = Double.parseDouble(cols[t + 1]);
        }
        return out;
    }
}
