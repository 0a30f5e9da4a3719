package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.powerhotspots.text.TermBackground;

/** Bounded evidence of one incident: ids, keyword counts and sample texts, never unbounded. */
public final class EvidenceCollector implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Distinct keywords tracked per incident; later new keywords are ignored (counts of known ones still grow). */
    private static final int MAX_TRACKED_KEYWORDS = 200;
    private static final int MAX_SAMPLE_CHARS = 280;
    /** G² of a salient keyword: χ²(1) at 5 %; a keyword about as common as in the background is left out. */
    static final double SALIENT = 3.84;

    private final ArrayList<String> complaintIds = new ArrayList<>();
    private final ArrayList<String> outageIds = new ArrayList<>();
    private final LinkedHashMap<String, Integer> keywordCounts = new LinkedHashMap<>();
    private final ArrayList<String> samples = new ArrayList<>();

    /** Empty evidence; its bounds come from the settings of each call (evidence.*), never stored. */
    public EvidenceCollector() {}

    public void addComplaint(DetectionConfig settings, String complaintId, List<String> keywords, String text) {
        if (complaintIds.contains(complaintId)) {
            return;
        }
        if (complaintIds.size() < settings.evidenceMaxIds) {
            complaintIds.add(complaintId);
        }
        for (String k : keywords) {
            if (keywordCounts.containsKey(k)) {
                keywordCounts.merge(k, 1, Integer::sum);
            } else if (keywordCounts.size() < MAX_TRACKED_KEYWORDS) {
                keywordCounts.put(k, 1);
            }
        }
        addSample(settings, text);
    }

    public void addOutage(DetectionConfig settings, String outageId) {
        if (outageIds.size() < settings.evidenceMaxIds && !outageIds.contains(outageId)) {
            outageIds.add(outageId);
        }
    }

    /** Merges another alert's evidence (for cross-discipline alerts). */
    public void addEvidence(DetectionConfig settings, HotspotAlert.Evidence evidence) {
        for (String id : evidence.complaintIds()) {
            if (complaintIds.size() < settings.evidenceMaxIds && !complaintIds.contains(id)) {
                complaintIds.add(id);
            }
        }
        evidence.outageIds().forEach(id -> addOutage(settings, id));
        for (HotspotAlert.KeywordCount kc : evidence.keywords()) {
            if (keywordCounts.containsKey(kc.keyword()) || keywordCounts.size() < MAX_TRACKED_KEYWORDS) {
                keywordCounts.merge(kc.keyword(), kc.count(), Integer::sum);
            }
        }
        evidence.sampleTexts().forEach(t -> addSample(settings, t));
    }

    private void addSample(DetectionConfig settings, String text) {
        if (text == null || text.isBlank() || samples.size() >= settings.evidenceMaxSamples) {
            return;
        }
        String sample = text.length() > MAX_SAMPLE_CHARS ? text.substring(0, MAX_SAMPLE_CHARS) : text;
        if (!samples.contains(sample)) {
            samples.add(sample);
        }
    }

    /** The evidence as state data, in the order it was collected. */
    public org.powerhotspots.schema.state.EvidenceState toState() {
        List<org.powerhotspots.schema.state.KeywordCountState> keywords = new ArrayList<>(keywordCounts.size());
        keywordCounts.forEach((k, n) -> keywords.add(new org.powerhotspots.schema.state.KeywordCountState(k, n)));
        return new org.powerhotspots.schema.state.EvidenceState(new ArrayList<>(complaintIds),
                new ArrayList<>(outageIds), keywords, new ArrayList<>(samples), new ArrayList<>(), new ArrayList<>());
    }

    public static EvidenceCollector fromState(org.powerhotspots.schema.state.EvidenceState state) {
        EvidenceCollector e = new EvidenceCollector();
        e.complaintIds.addAll(state.getComplaintIds());
        e.outageIds.addAll(state.getOutageIds());
        state.getKeywords().forEach(k -> e.keywordCounts.put(k.getKeyword(), k.getCount()));
        e.samples.addAll(state.getSamples());
        return e;
    }

    public boolean isEmpty() {
        return complaintIds.isEmpty() && outageIds.isEmpty();
    }

    /**
     * The evidence as it goes into an alert: the most salient keywords — those most over-represented among the
     * incident's complaints against complaints in general (log-likelihood, {@link TermBackground#salience}); a
     * keyword no more common here than anywhere (a greeting, a filler) is left out, and so is one that only a single
     * complaint of five or more says. Ties by count, then keyword.
     */
    public HotspotAlert.Evidence toEvidence(DetectionConfig settings) {
        return toEvidence(settings, TermBackground.bundled()::share);
    }

    /** The evidence with keyword salience against a given background share (a province's own, for surges). */
    public HotspotAlert.Evidence toEvidence(DetectionConfig settings, java.util.function.ToDoubleFunction<String> share) {
        int n = complaintIds.size();
        for (int c : keywordCounts.values()) {
            n = Math.max(n, c);
        }
        int complaints = n;
        List<HotspotAlert.KeywordCount> top = new ArrayList<>();
        keywordCounts.entrySet().stream()
                // one complaint's word is not the incident's: from five complaints on, a keyword needs two
                .filter(e -> complaints < 5 || e.getValue() >= 2)
                .map(e -> Map.entry(e, TermBackground.salience(e.getValue(), complaints, share.applyAsDouble(e.getKey()))))
                .filter(e -> e.getValue() >= SALIENT) // over-represented at the 5 % level
                .sorted(Map.Entry.<Map.Entry<String, Integer>, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(e -> -e.getKey().getValue())
                        .thenComparing(e -> e.getKey().getKey()))
                .limit(settings.evidenceMaxKeywords)
                .forEach(e -> top.add(new HotspotAlert.KeywordCount(e.getKey().getKey(), e.getKey().getValue())));
        return new HotspotAlert.Evidence(complaintIds, outageIds, top, samples);
    }
}
