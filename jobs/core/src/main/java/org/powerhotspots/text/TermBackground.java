package org.powerhotspots.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * How common each term is across complaints: document frequencies over the corpus a topic model was trained on
 * (the bundled corpus, or a province's own history after retraining). A greeting, a filler or a generic verb is
 * in a large share of all complaints and so is never salient; a term is salient where it is over-represented
 * against this background (tf-idf for one complaint, log-likelihood for an alert's complaints).
 */
public final class TermBackground implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static volatile TermBackground bundled;

    private final Map<String, Integer> documentFrequency;
    private final int documents;

    TermBackground(Map<String, Integer> documentFrequency, int documents) {
        this.documentFrequency = new java.util.HashMap<>(documentFrequency); // read per token: HashMap, not Map.copyOf
        this.documents = documents;
    }

    /** The background of the shipped model (loaded once per JVM). */
    public static TermBackground bundled() {
        TermBackground b = bundled;
        if (b == null) {
            synchronized (TermBackground.class) {
                if (bundled == null) {
                    try (InputStream in = TermBackground.class.getClassLoader()
                            .getResourceAsStream(ComplaintAnalyzer.MODEL_RESOURCE)) {
                        if (in == null) {
                            throw new IOException("missing resource " + ComplaintAnalyzer.MODEL_RESOURCE);
                        }
                        bundled = TopicModel.readBackground(in, ComplaintAnalyzer.MODEL_RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                b = bundled;
            }
        }
        return b;
    }

    public int documents() {
        return documents;
    }

    /** Complaints of the background corpus that contain the term. */
    public int documentFrequency(String term) {
        return documentFrequency.getOrDefault(term, 0);
    }

    /** The share of background complaints containing the term, smoothed so an unseen term is rare but not impossible. */
    public double share(String term) {
        return (documentFrequency(term) + 0.5) / (documents + 1.0);
    }

    /** Inverse document frequency. */
    public double idf(String term) {
        return idf(documentFrequency(term));
    }

    /** Inverse document frequency of a term found in df complaints. */
    public double idf(int df) {
        return Math.log((documents + 1.0) / (df + 1.0));
    }

    Map<String, Integer> frequencies() {
        return documentFrequency;
    }

    /**
     * How strongly a term is over-represented among n complaints where it was counted k times: the log-likelihood
     * ratio G² of a binomial against the background share, 0 when it is not above the background.
     */
    public double salience(String term, int k, int n) {
        return salience(k, n, share(term));
    }

    /** G² of k counts among n against a background share p; 0 when k is not above n·p. */
    public static double salience(int k, int n, double p) {
        if (n <= 0 || k <= 0) {
            return 0;
        }
        int kk = Math.min(k, n);
        double expected = n * p;
        if (kk <= expected) {
            return 0;
        }
        double g = kk * Math.log(kk / expected);
        if (n > kk) {
            g += (n - kk) * Math.log((n - kk) / (n - expected));
        }
        return 2 * g;
    }
}
