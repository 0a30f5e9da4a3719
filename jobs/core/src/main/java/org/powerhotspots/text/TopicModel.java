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

    /**
     * The weights as rows of one flat array, the bigrams' rows by their two chars (a complaint reads dozens of rows;
     * scattered arrays and boxed keys made that the analyzer's main cost).
     */
    private final BigramTable bigrams;
    private final float[] rows;
    /**
     * Per token (by its shape): the sum of its word row, its synonym classes' rows and the rows of the bigrams
     * inside it, affirmed and denied, so a known token costs one lookup; only bigrams across tokens are probed.
     */
    private final TokenTable tokens;

    TopicModel(Map<String, float[]> weights, double[] bias, double threshold, String description,
            TermBackground background) {
        this.background = background;
        this.bias = bias.clone();
        this.threshold = threshold;
        this.description = description;
        this.weights = new HashMap<>(weights);
        this.rows = new float[weights.size() * TOPICS.length];
        this.bigrams = new BigramTable(weights.size());
        // rows of words and synonym classes by name: only to sum each token's vector below
        Map<String, Integer> words = new HashMap<>();
        Map<String, Integer> deniedWords = new HashMap<>();
        Map<String, Integer> synonyms = new HashMap<>();
        Map<String, Integer> deniedSynonyms = new HashMap<>();
        int row = 0;
        for (Map.Entry<String, float[]> e : weights.entrySet()) {
            String f = e.getKey();
            boolean denied = f.startsWith("!");
            String body = denied ? f.substring(1) : f;
            System.arraycopy(e.getValue(), 0, rows, row * TOPICS.length, TOPICS.length);
            switch (body.charAt(0)) {
                case 'w' -> (denied ? deniedWords : words).put(body.substring(1), row);
                case 's' -> (denied ? deniedSynonyms : synonyms).put(body.substring(1), row);
                case 'c' -> {
                    if (!denied && body.length() == 3) {
                        bigrams.put(bigram(body.charAt(1), body.charAt(2)), row);
                    }
                }
                default -> { } // rule features: below
            }
            row++;
        }
        java.util.Set<String> candidates = new java.util.HashSet<>(words.keySet());
        candidates.addAll(deniedWords.keySet());
        for (Map.Entry<String, String[]> e : SynonymClasses.load().entrySet()) {
            for (String c : e.getValue()) {
                if (synonyms.containsKey(c) || deniedSynonyms.containsKey(c)) {
                    candidates.add(e.getKey());
                }
            }
        }
        this.tokens = new TokenTable(candidates.size());
        for (String token : candidates) {
            double[] affirmed = new double[TOPICS.length];
            double[] deniedSum = new double[TOPICS.length];
            boolean knownAffirmed = add(affirmed, words.get(token));
            boolean knownDenied = add(deniedSum, deniedWords.get(token));
            String[] classes = SynonymClasses.of(token);
            if (classes != null) {
                for (String c : classes) {
                    knownAffirmed |= add(affirmed, synonyms.get(c));
                    knownDenied |= add(deniedSum, deniedSynonyms.get(c));
                }
            }
            int inside = 0;
            for (int k = 1; k < token.length(); k++) {
                char a = token.charAt(k - 1);
                char b = token.charAt(k);
                if (Character.isLetter(a) || Character.isLetter(b)) {
                    inside++;
                    int r = bigrams.get(bigram(a, b));
                    knownAffirmed |= add(affirmed, r);
                    knownDenied |= add(deniedSum, r);
                }
            }
            tokens.put(token, affirmed, deniedSum, knownAffirmed, knownDenied, inside);
        }
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

    private static int bigram(char a, char b) {
        return (a << 16) | b;
    }

    /** Open addressing from a bigram's two chars to its row; -1 when absent. Key and row side by side: one read. */
    private static final class BigramTable {
        /** Per slot: the bigram and its row (-1: empty). */
        private final int[] slots;
        private final int mask;

        BigramTable(int capacity) {
            int size = Integer.highestOneBit(Math.max(16, capacity * 2)) << 1;
            slots = new int[2 * size];
            for (int i = 1; i < slots.length; i += 2) {
                slots[i] = -1;
            }
            mask = size - 1;
        }

        private static int slot(int key) {
            int h = key * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        void put(int key, int value) {
            int i = slot(key) & mask;
            while (slots[2 * i + 1] >= 0 && slots[2 * i] != key) {
                i = (i + 1) & mask;
            }
            slots[2 * i] = key;
            slots[2 * i + 1] = value;
        }

        int get(int key) {
            int i = slot(key) & mask;
            int value;
            while ((value = slots[2 * i + 1]) >= 0) {
                if (slots[2 * i] == key) {
                    return value;
                }
                i = (i + 1) & mask;
            }
            return -1;
        }
    }

    /**
     * The probabilities for one segmented complaint, read straight from its tokens: the same features as
     * {@link TopicFeatures#extract} (TopicModelTest checks both agree) without building their names. The result's
     * extra last element is 1 when the complaint has a word the model knows or a rule that fired, else 0.
     */
    double[] probabilities(String[] segmented, byte[] kinds, boolean[] denied, double[] ruleScores) {
        String[] tokens = segmented;
        double[] acc = new double[TOPICS.length + 1];
        int n = 0;
        boolean known = false;
        char previous = 0;
        boolean inClause = false;
        for (int i = 0; i < tokens.length; i++) {
            if (kinds[i] != TopicClassifier.WORD) {
                inClause = false;
                continue;
            }
            String word = tokens[i];
            String shape = TopicFeatures.shape(word);
            n++;
            int entry = this.tokens.find(shape);
            if (entry >= 0) {
                known |= this.tokens.addTo(acc, entry, denied[i]);
                n += this.tokens.bigrams[entry];
            } else {
                // a token the model has no row for: only the bigrams inside it may be known
                for (int k = 1; k < shape.length(); k++) {
                    char a = shape.charAt(k - 1);
                    char b = shape.charAt(k);
                    if (Character.isLetter(a) || Character.isLetter(b)) {
                        n++;
                        known |= add(acc, bigrams.get(bigram(a, b)));
                    }
                }
            }
            char first = shape.charAt(0);
            if (inClause && (Character.isLetter(previous) || Character.isLetter(first))) {
                n++;
                known |= add(acc, bigrams.get(bigram(previous, first)));
            }
            previous = shape.charAt(shape.length() - 1);
            inClause = true;
        }
        double value = n == 0 ? 0 : 1.0 / Math.sqrt(n);
        double[] z = new double[TOPICS.length + 1];
        for (int t = 0; t < TOPICS.length; t++) {
            z[t] = bias[t] + acc[t] * value;
        }
        known |= addRules(z, ruleScores);
        for (int t = 0; t < TOPICS.length; t++) {
            z[t] = sigmoid(z[t]);
        }
        z[TOPICS.length] = known ? 1 : 0;
        return z;
    }

    private boolean add(double[] acc, Integer row) {
        return row != null && add(acc, row.intValue());
    }

    /**
     * Known tokens by a 64-bit fingerprint of their chars ({@link FingerprintIndex}), each with its summed rows in
     * one flat array: a lookup reads one pair of longs and one row, not a map node, a key, a record and its arrays
     * (scattered reads were most of the model's cost).
     */
    private static final class TokenTable {
        private final FingerprintIndex index;
        private final float[] affirmed;
        private final float[] denied;
        private final byte[] known;
        final int[] bigrams;

        TokenTable(int capacity) {
            index = new FingerprintIndex(capacity);
            affirmed = new float[capacity * TOPICS.length];
            denied = new float[capacity * TOPICS.length];
            known = new byte[capacity];
            bigrams = new int[capacity];
        }

        void put(String token, double[] affirmedSum, double[] deniedSum, boolean knownAffirmed, boolean knownDenied,
                int inside) {
            int entry = index.add(token);
            if (entry < 0) {
                return;
            }
            for (int t = 0; t < TOPICS.length; t++) {
                affirmed[entry * TOPICS.length + t] = (float) affirmedSum[t];
                denied[entry * TOPICS.length + t] = (float) deniedSum[t];
            }
            known[entry] = (byte) ((knownAffirmed ? 1 : 0) | (knownDenied ? 2 : 0));
            bigrams[entry] = inside;
        }

        /** The token's entry, or -1. */
        int find(String token) {
            return index.find(token);
        }

        /** Adds the entry's affirmed or denied row; true when a row of the model was in it. */
        boolean addTo(double[] acc, int entry, boolean deniedToken) {
            float[] rows = deniedToken ? denied : affirmed;
            int base = entry * TOPICS.length;
            for (int t = 0; t < TOPICS.length; t++) {
                acc[t] += rows[base + t];
            }
            return (known[entry] & (deniedToken ? 2 : 1)) != 0;
        }
    }

    private boolean add(double[] acc, int row) {
        if (row < 0) {
            return false;
        }
        int base = row * TOPICS.length;
        for (int t = 0; t < TOPICS.length; t++) {
            acc[t] += rows[base + t];
        }
        return true;
    }

    /** Topics of one segmented complaint (the analyzer's path). */
    List<TopicScore> classify(String[] tokens, byte[] kinds, boolean[] denied, double[] ruleScores, Topic hint) {
        double[] p = probabilities(tokens, kinds, denied, ruleScores);
        if (p[TOPICS.length] == 0) {
            return List.of(new TopicScore(Topic.OTHER, 1.0)); // no word the model or the rules know: nothing to judge
        }
        return decide(withHint(java.util.Arrays.copyOf(p, TOPICS.length), ruleScores, hint), threshold);
    }

    /** The probability of each of {@link #TOPICS} for one complaint. */
    double[] probabilities(TopicFeatures.Extracted x) {
        double[] z = bias.clone();
        List<String> text = x.text();
        double value = x.value();
        for (String f : text) {
            float[] w = weights.get(f);
            if (w != null) {
                for (int t = 0; t < z.length; t++) {
                    z[t] += w[t] * value;
                }
            }
        }
        addRules(z, x.ruleScores());
        for (int t = 0; t < z.length; t++) {
            z[t] = sigmoid(z[t]);
        }
        return z;
    }

    /** Adds the rule features to the logits z (its first TOPICS.length entries); true when any rule fired. */
    private boolean addRules(double[] z, double[] ruleScores) {
        boolean fired = false;
        for (int r = 0; r < TOPICS.length; r++) {
            double s = ruleScores[TOPICS[r].ordinal()];
            fired |= s != 0;
            float[] w = ruleWeights[r];
            if (s != 0 && w != null) {
                double v = TopicFeatures.ruleValue(s);
                for (int t = 0; t < TOPICS.length; t++) {
                    z[t] += w[t] * v;
                }
            }
        }
        return fired;
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
        return withHint(probabilities(x), x.ruleScores(), hint);
    }

    private static double[] withHint(double[] p, double[] ruleScores, Topic hint) {
        if (hint != null && hint != Topic.OTHER) {
            int h = index(hint);
            // like the rules' hint: it tips a close call, it never adds a topic the text does not speak of
            if (ruleScores[hint.ordinal()] > 0 || p[h] >= 0.1) {
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
        Contents c = contents(in, source, true);
        return new TopicModel(c.weights(), c.bias(), c.threshold(), c.description(), c.background());
    }

    /** Only the term background of a model file (keyword salience), without building the model. */
    static TermBackground readBackground(InputStream in, String source) throws IOException {
        return contents(in, source, false).background();
    }

    private record Contents(Map<String, float[]> weights, double[] bias, double threshold, String description,
            TermBackground background) {}

    private static Contents contents(InputStream in, String source, boolean withWeights) throws IOException {
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
                            if (!withWeights) {
                                continue;
                            }
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
            return new Contents(weights, bias, threshold, description, new TermBackground(frequencies, documents));
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
