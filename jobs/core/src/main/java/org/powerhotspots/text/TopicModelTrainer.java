package org.powerhotspots.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.powerhotspots.domain.Topic;

/**
 * Trains a {@link TopicModel} from labelled complaints (an analyst-labelled file, or history whose
 * {@code category_code} is the label): logistic regression per topic, AdaGrad with L2, a fixed shuffle so the
 * same corpus always gives the same model. {@link #crossValidate} measures it on folds the model never saw and
 * chooses the probability threshold there.
 */
public final class TopicModelTrainer {
    /** How to train: passes over the corpus, step size, L2 weight, and how many complaints a feature needs. */
    public record Settings(int epochs, double learningRate, double l2, int minCount, long seed) {
        public static Settings defaults() {
            return new Settings(30, 0.3, 3e-4, 2, 20261205L);
        }
    }

    /**
     * A cross-validated measurement: the chosen threshold, F1 of rules alone and of rules with the model, and the
     * complaints whose label the held-out folds contradict, most confidently first.
     */
    public record CrossValidation(double threshold, TopicEvaluation.Counts rules, double rulesMacroF1,
            TopicEvaluation.Counts model, double modelMacroF1, int folds, int complaints,
            List<Disagreement> disagreements) {}

    /**
     * A labelled complaint whose topics a model that never saw it gives otherwise. In labelled history (an agent's
     * category_code) the most confident of these are mostly wrong labels: worth an analyst's look before retraining.
     *
     * @param index the complaint's position in the labelled set
     * @param confidence how sure the model is against the label: the largest gap between a topic's probability and
     *     the label's 0 or 1 among the topics they disagree on
     */
    public record Disagreement(int index, List<TopicScore> given, double confidence) {}

    private final ComplaintAnalyzer analyzer;
    private final Settings settings;

    public TopicModelTrainer(ComplaintAnalyzer analyzer, Settings settings) {
        this.analyzer = analyzer;
        this.settings = settings;
    }

    private record Example(TopicFeatures.Extracted features, boolean[] labels, List<TopicScore> rules,
            Set<String> terms) {}

    private List<Example> examples(List<TopicEvaluation.Labelled> set) {
        List<Example> out = new ArrayList<>(set.size());
        for (TopicEvaluation.Labelled l : set) {
            boolean[] y = new boolean[TopicModel.TOPICS.length];
            for (Topic t : l.expected()) {
                if (t != Topic.OTHER) {
                    y[TopicModel.index(t)] = true;
                }
            }
            ComplaintAnalyzer.Training t = analyzer.training(l.text(), l.categoryCode());
            out.add(new Example(t.features(), y, t.ruleTopics(), new java.util.HashSet<>(t.tokens())));
        }
        return out;
    }

    /** Trains on the whole set with the given threshold. */
    public TopicModel train(List<TopicEvaluation.Labelled> set, double threshold, String description) {
        return fit(examples(set), threshold, description);
    }

    /**
     * k-fold cross-validation: each fold is scored by a model trained on the others; the threshold that gives the
     * best micro-F1 over all folds is chosen. Category hints are ignored here, since in history they are the label.
     */
    public CrossValidation crossValidate(List<TopicEvaluation.Labelled> set, int folds) {
        List<Example> all = examples(set);
        Integer[] order = new Integer[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Collections.shuffle(Arrays.asList(order), new Random(settings.seed()));
        double[][] p = new double[all.size()][];
        for (int f = 0; f < folds; f++) {
            List<Example> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < order.length; i++) {
                if (i % folds == f) {
                    test.add(order[i]);
                } else {
                    train.add(all.get(order[i]));
                }
            }
            TopicModel m = fit(train, 0.5, "fold " + f);
            for (int i : test) {
                p[i] = m.probabilities(all.get(i).features());
            }
        }
        double bestThreshold = 0.5;
        double bestF1 = -1;
        for (int k = 10; k <= 80; k += 2) {
            double threshold = k / 100.0;
            double f1 = score(all, p, threshold).micro.f1();
            if (f1 > bestF1 + 1e-12) {
                bestF1 = f1;
                bestThreshold = threshold;
            }
        }
        Scored model = score(all, p, bestThreshold);
        Scored rules = scoreRules(all);
        return new CrossValidation(bestThreshold, rules.micro, rules.macro, model.micro, model.macro, folds, all.size(),
                disagreements(all, p, bestThreshold));
    }

    private static List<Disagreement> disagreements(List<Example> all, double[][] p, double threshold) {
        List<Disagreement> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean[] y = all.get(i).labels();
            double confidence = 0;
            for (int t = 0; t < y.length; t++) {
                if (y[t] != (p[i][t] >= threshold)) {
                    confidence = Math.max(confidence, Math.abs((y[t] ? 1 : 0) - p[i][t]));
                }
            }
            if (confidence > 0) {
                out.add(new Disagreement(i, TopicModel.decide(p[i], threshold), confidence));
            }
        }
        out.sort(java.util.Comparator.comparingDouble((Disagreement d) -> -d.confidence()).thenComparingInt(Disagreement::index));
        return out;
    }

    private record Scored(TopicEvaluation.Counts micro, double macro) {}

    private static Scored score(List<Example> all, double[][] p, double threshold) {
        List<List<TopicScore>> given = new ArrayList<>();
        for (double[] pi : p) {
            given.add(TopicModel.decide(pi, threshold));
        }
        return count(all, given);
    }

    private static Scored scoreRules(List<Example> all) {
        List<List<TopicScore>> given = new ArrayList<>();
        for (Example e : all) {
            given.add(e.rules());
        }
        return count(all, given);
    }

    private static Scored count(List<Example> all, List<List<TopicScore>> given) {
        Map<Topic, int[]> perTopic = new EnumMap<>(Topic.class);
        for (Topic t : Topic.values()) {
            perTopic.put(t, new int[3]);
        }
        for (int i = 0; i < all.size(); i++) {
            boolean[] y = all.get(i).labels();
            Set<Topic> expected = java.util.EnumSet.noneOf(Topic.class);
            for (int t = 0; t < y.length; t++) {
                if (y[t]) {
                    expected.add(TopicModel.TOPICS[t]);
                }
            }
            if (expected.isEmpty()) {
                expected.add(Topic.OTHER);
            }
            Set<Topic> got = java.util.EnumSet.noneOf(Topic.class);
            given.get(i).forEach(s -> got.add(s.topic()));
            for (Topic t : Topic.values()) {
                boolean e = expected.contains(t);
                boolean g = got.contains(t);
                perTopic.get(t)[e && g ? 0 : g ? 1 : e ? 2 : 0] += (e || g) ? 1 : 0;
            }
        }
        int tp = 0, fp = 0, fn = 0;
        double macro = 0;
        int labelled = 0;
        for (int[] c : perTopic.values()) {
            tp += c[0];
            fp += c[1];
            fn += c[2];
            if (c[0] + c[2] > 0) {
                macro += new TopicEvaluation.Counts(c[0], c[1], c[2]).f1();
                labelled++;
            }
        }
        return new Scored(new TopicEvaluation.Counts(tp, fp, fn), labelled == 0 ? 0 : macro / labelled);
    }

    private TopicModel fit(List<Example> examples, double threshold, String description) {
        int topics = TopicModel.TOPICS.length;
        // vocabulary: text features seen in at least minCount complaints, and one rule feature per topic
        Map<String, Integer> documents = new HashMap<>();
        for (Example e : examples) {
            for (String f : new java.util.HashSet<>(e.features().text())) {
                documents.merge(f, 1, Integer::sum);
            }
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Integer> d : documents.entrySet()) {
            if (d.getValue() >= settings.minCount()) {
                names.add(d.getKey());
            }
        }
        names.sort(null);
        for (Topic t : TopicModel.TOPICS) {
            names.add(TopicModel.RULE_FEATURE + t.name());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        int[][] ids = new int[examples.size()][];
        double[][] values = new double[examples.size()][];
        for (int n = 0; n < examples.size(); n++) {
            TopicFeatures.Extracted x = examples.get(n).features();
            double value = x.value();
            List<Integer> fi = new ArrayList<>();
            List<Double> fv = new ArrayList<>();
            for (String f : x.text()) {
                Integer i = index.get(f);
                if (i != null) {
                    fi.add(i);
                    fv.add(value);
                }
            }
            for (Topic t : TopicModel.TOPICS) {
                double s = x.ruleScores()[t.ordinal()];
                if (s != 0) {
                    fi.add(index.get(TopicModel.RULE_FEATURE + t.name()));
                    fv.add(TopicFeatures.ruleValue(s));
                }
            }
            ids[n] = fi.stream().mapToInt(Integer::intValue).toArray();
            values[n] = fv.stream().mapToDouble(Double::doubleValue).toArray();
        }
        double[] w = new double[names.size() * topics];
        double[] g2 = new double[w.length];
        double[] bias = new double[topics];
        double[] biasG2 = new double[topics];
        double[] z = new double[topics];
        Random random = new Random(settings.seed());
        Integer[] order = new Integer[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double lr = settings.learningRate();
        double l2 = settings.l2();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            java.util.Collections.shuffle(Arrays.asList(order), random);
            for (int n : order) {
                System.arraycopy(bias, 0, z, 0, topics);
                int[] fi = ids[n];
                double[] fv = values[n];
                for (int k = 0; k < fi.length; k++) {
                    int base = fi[k] * topics;
                    for (int t = 0; t < topics; t++) {
                        z[t] += w[base + t] * fv[k];
                    }
                }
                boolean[] y = examples.get(n).labels();
                for (int t = 0; t < topics; t++) {
                    double g = TopicModel.sigmoid(z[t]) - (y[t] ? 1 : 0);
                    z[t] = g;
                    biasG2[t] += g * g;
                    bias[t] -= lr * g / Math.sqrt(biasG2[t] + 1e-8);
                }
                for (int k = 0; k < fi.length; k++) {
                    int base = fi[k] * topics;
                    for (int t = 0; t < topics; t++) {
                        double grad = z[t] * fv[k] + l2 * w[base + t];
                        g2[base + t] += grad * grad;
                        w[base + t] -= lr * grad / Math.sqrt(g2[base + t] + 1e-8);
                    }
                }
            }
        }
        Map<String, float[]> weights = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            float[] row = new float[topics];
            for (int t = 0; t < topics; t++) {
                row[t] = (float) w[i * topics + t];
            }
            weights.put(names.get(i), row);
        }
        // the background of keyword salience: in how many complaints each term occurs (terms of one complaint
        // alone are left out: they say nothing about how common a term is)
        Map<String, Integer> df = new HashMap<>();
        for (Example e : examples) {
            for (String t : e.terms()) {
                df.merge(t, 1, Integer::sum);
            }
        }
        df.values().removeIf(n -> n < 2);
        return new TopicModel(weights, bias, threshold, description, new TermBackground(df, examples.size()));
    }
}
