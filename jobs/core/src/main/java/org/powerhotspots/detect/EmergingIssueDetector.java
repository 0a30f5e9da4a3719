package org.powerhotspots.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.powerhotspots.domain.Discipline;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.schema.state.CountyWeightState;
import org.powerhotspots.schema.state.EmergingEntryState;
import org.powerhotspots.schema.state.EmergingIncidentState;
import org.powerhotspots.schema.state.EmergingProvinceState;
import org.powerhotspots.schema.state.TermCountyWeightState;
import org.powerhotspots.schema.state.TermWeightState;
import org.powerhotspots.schema.state.TopicWeightState;

/**
 * EMERGING_ISSUE for one province: themes no topic names, found as terms (words and short phrases of the complaints,
 * {@code ComplaintSignal.themeTerms}) that many distinct customers of one region use within the window, far above
 * what the term's own baseline predicts.
 *
 * <p>The expectation is conditioned on the topics of the window's complaints: a term's baseline is kept per topic
 * (its share of that topic's complaints), so when a topic surges its usual words rise with it and are expected to —
 * that surge is COMPLAINT_SURGE's, reported once (SPEC behaviour 10). A term never seen counts as if half a complaint
 * had used it. The baseline learns from complaints only once they leave the window, so a theme never raises its own
 * expectation while it is being tested, and slow churn (a season's word, a new estate) is learnt before it is loud.
 *
 * <p>Cost: a complaint adds its terms to exact counts of distinct customers per term, city and county (O(terms), a
 * customer index saying whether the customer already counts for a term); a slide
 * tests only the terms that reached {@code emerging.minCustomers}. State is bounded: the window's complaints (at most
 * {@code emerging.maxRecent}), the baseline's {@code emerging.maxTerms} most used terms, the open themes.
 */
public final class EmergingIssueDetector extends ComplaintDetector {
    private static final long serialVersionUID = 1L;
    public static final String RULE = "emerging.issue";
    private static final Topic[] TOPICS = Topic.values();
    /** A region holding this share of its parent's customers of a term is where the theme is concentrated. */
    static final double CONCENTRATED = 0.7;
    /** Two terms are one theme when this share of the rarer one's complaints also carry the other. */
    static final double CO_OCCURRING = 0.5;
    private static final int MAX_THEME_TERMS = 10;
    private static final int MAX_INCIDENT_TERMS = 40;
    /** A term this long (a new fee's or product's compound name, 电表租赁费) is a theme on its own. */
    static final int LONG_TERM = 4;
    /** A term this long inside another names the same thing (国网app, 网上国网app); a shorter one may not (电表). */
    static final int MIN_CONTAINED = 3;
    /** A term this share of whose complaints carry another word is, for its expectation, a piece of that word's phrase. */
    static final double PHRASE = 0.8;
    private static final int MAX_TEXT = 120;

    private final String provinceCode;
    /** The window's complaints, oldest first (applied in event-time order). */
    private final ArrayDeque<EmergingEntryState> window = new ArrayDeque<>();
    private final HashSet<String> windowIds = new HashSet<>();
    /** Derived from the window (rebuilt on restore): distinct customers per term and county. */
    private final HashMap<String, TermCount> counts = new HashMap<>();
    /**
     * Derived from the window too: each customer's complaints in it, per county, oldest first (mostly one). A term
     * counts a customer once, so only a complaint whose customer has no other complaint with the term changes its
     * count; one index of customers serves every term instead of a set of customers per term.
     */
    private final HashMap<String, List<EmergingEntryState>> byCustomer = new HashMap<>();
    /** Terms with at least emerging.minCustomers customers in the window (the only ones a slide tests). */
    private final TreeSet<String> hot = new TreeSet<>();
    /** Complaints of the window per county and first topic. */
    private final HashMap<String, int[]> topicsByCounty = new HashMap<>();
    /** The baseline: each term's decayed complaint count per topic, and each topic's. */
    private final HashMap<String, double[]> termWeights = new HashMap<>();
    private final double[] topicWeights = new double[TOPICS.length];
    /** Where each term is used (its busiest counties), and each county's decayed complaint count. */
    private final HashMap<String, LocalWeights> termCounties = new HashMap<>();
    /**
     * termWeights and termCounties hold their values divided by this: decaying them is one multiplication of it per
     * slide instead of one per term (tens of thousands), and a new complaint adds 1 / termScale. Never state: the
     * state holds the values themselves.
     */
    private double termScale = 1.0;
    private final TreeMap<String, Double> countyWeights = new TreeMap<>();
    private long learningSince = Long.MIN_VALUE;
    /** Per slide: what many terms' expectations share, computed once (cleared at the start of every evaluation). */
    private final HashMap<Place, int[]> windowTopicsCache = new HashMap<>();
    private final HashMap<Place, Double> volumeCache = new HashMap<>();
    private final List<Incident> incidents = new ArrayList<>();

    public EmergingIssueDetector(DetectionConfig config, String provinceCode) {
        super(config);
        this.provinceCode = provinceCode;
    }

    @Override
    protected long slideOf(DetectionConfig settings) {
        return settings.emergingSlide;
    }

    @Override
    protected void apply(ComplaintSignal s) {
        if (!RegionCode.isValid(s.countyCode()) || !RegionCode.provinceOf(s.countyCode()).equals(provinceCode)
                || !windowIds.add(s.complaintId())) {
            return; // a stray record or a redelivered complaint must not count twice
        }
        String text = s.text().length() > MAX_TEXT ? s.text().substring(0, MAX_TEXT) : s.text();
        EmergingEntryState e = new EmergingEntryState(s.receivedAt(), s.complaintId(), s.countyCode(),
                s.customerId() != null ? s.customerId() : "#" + s.complaintId(), s.topics().get(0).name(),
                new ArrayList<>(s.themeTerms()), text);
        if (learningSince == Long.MIN_VALUE) {
            learningSince = s.receivedAt();
        }
        add(e);
        while (window.size() > config.emergingMaxRecent) {
            retire(window.peekFirst()); // bounded: the oldest leaves early (it still teaches the baseline)
        }
    }

    private void add(EmergingEntryState e) {
        window.addLast(e);
        topicsByCounty.computeIfAbsent(e.getCountyCode(), c -> new int[TOPICS.length])[topicIndex(e.getTopic())]++;
        String who = TermCount.key(e.getCustomer(), e.getCountyCode());
        String city = RegionCode.cityOf(e.getCountyCode());
        List<EmergingEntryState> earlier = byCustomer.get(who);
        List<String> terms = e.getTerms();
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            if (repeated(terms, i) || usedBy(earlier, term)) {
                continue; // the customer already counts for this term
            }
            TermCount c = counts.computeIfAbsent(term, t -> new TermCount());
            c.add(e.getCountyCode(), city);
            if (c.distinct() == config.emergingMinCustomers) {
                hot.add(term);
            }
        }
        if (earlier == null) {
            earlier = new ArrayList<>(1);
            byCustomer.put(who, earlier);
        }
        earlier.add(e);
    }

    /** Distinct customers of the term in the window now, in the province or in one county (for tests). */
    int customersOf(String term, String county) {
        TermCount c = counts.get(term);
        return c == null ? 0 : county == null ? c.distinct() : c.distinctIn(RegionLevel.COUNTY, county);
    }

    /** True when the term was already listed before position i (a term counts once per complaint). */
    private static boolean repeated(List<String> terms, int i) {
        for (int k = 0; k < i; k++) {
            if (terms.get(k).equals(terms.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** True when one of these complaints (one customer's, in the window) uses the term. */
    private static boolean usedBy(List<EmergingEntryState> complaints, String term) {
        if (complaints != null) {
            for (EmergingEntryState other : complaints) {
                if (other.getTerms().contains(term)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes the oldest complaint from the window and teaches the baseline with it. */
    private void retire(EmergingEntryState e) {
        window.pollFirst();
        windowIds.remove(e.getComplaintId());
        int topic = topicIndex(e.getTopic());
        int[] byTopic = topicsByCounty.get(e.getCountyCode());
        if (--byTopic[topic] == 0 && isZero(byTopic)) {
            topicsByCounty.remove(e.getCountyCode());
        }
        topicWeights[topic] += 1;
        countyWeights.merge(e.getCountyCode(), 1.0, Double::sum);
        String who = TermCount.key(e.getCustomer(), e.getCountyCode());
        String city = RegionCode.cityOf(e.getCountyCode());
        List<EmergingEntryState> rest = byCustomer.get(who);
        for (int k = 0; k < rest.size(); k++) {
            if (rest.get(k) == e) {
                rest.remove(k);
                break;
            }
        }
        if (rest.isEmpty()) {
            byCustomer.remove(who);
            rest = null;
        }
        List<String> terms = e.getTerms();
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            if (repeated(terms, i)) {
                continue;
            }
            termCounties.computeIfAbsent(term, t -> new LocalWeights()).add(e.getCountyCode(), 1 / termScale);
            TermCount c = usedBy(rest, term) ? null : counts.get(term); // else the customer still uses it
            if (c != null) {
                c.remove(e.getCountyCode(), city);
                if (c.distinct() == config.emergingMinCustomers - 1) {
                    hot.remove(term);
                }
                if (c.distinct() == 0) {
                    counts.remove(term);
                }
            }
            termWeights.computeIfAbsent(term, t -> new double[TOPICS.length])[topic] += 1 / termScale;
        }
    }

    @Override
    protected List<HotspotAlert> evaluate(long boundary) {
        long previous = evaluatedUpTo();
        while (!window.isEmpty() && window.peekFirst().getTime() < boundary - config.emergingWindow) {
            retire(window.peekFirst());
        }
        decay(previous == Long.MIN_VALUE ? 0 : boundary - previous);
        windowTopicsCache.clear();
        volumeCache.clear();
        List<HotspotAlert> alerts = new ArrayList<>();
        if (learningSince == Long.MIN_VALUE || boundary - learningSince < config.emergingWarmup) {
            return alerts; // the baseline has not seen enough of the province's words yet
        }
        // Each hot term's verdict: the region where it is far above its expectation and concentrated.
        Map<Place, List<Verdict>> flagged = new TreeMap<>();
        for (String term : hot) {
            Verdict v = test(term, counts.get(term));
            if (v != null) {
                flagged.computeIfAbsent(v.place, p -> new ArrayList<>()).add(v);
            }
        }
        List<Theme> themes = new ArrayList<>();
        for (Map.Entry<Place, List<Verdict>> e : flagged.entrySet()) {
            themes.addAll(group(e.getKey(), e.getValue()));
        }
        Set<Incident> matched = new HashSet<>();
        for (Theme theme : themes) {
            Incident incident = null;
            for (Incident i : incidents) {
                // the same theme seen at a wider or narrower level as it spreads or fades is the same incident
                if (i.place.nests(theme.place) && sameTheme(i, theme)) {
                    incident = i;
                    break;
                }
            }
            if (incident != null && matched.contains(incident)) {
                continue; // two themes of one incident at once: the first (the largest) speaks for it
            }
            HotspotAlert alert = emit(theme, incident, boundary);
            if (incident == null) {
                incident = new Incident(theme.place, alert.alertId(), alert.windowStart(), boundary);
                incidents.add(incident);
            }
            matched.add(incident);
            // every term the incident has shown stays its own (lead first: it decides when the incident ends), so a
            // part of the theme seen alone later is still this incident, not a second one
            for (String term : theme.termNames()) {
                if (!incident.terms.contains(term) && incident.terms.size() < MAX_INCIDENT_TERMS) {
                    incident.terms.add(term);
                }
            }
            if (alert.status() == AlertStatus.OPEN || theme.customers.size() >= 1.25 * incident.lastObserved) {
                incident.lastObserved = theme.customers.size();
                incident.last = alert;
                alerts.add(alert);
            }
        }
        Iterator<Incident> it = incidents.iterator();
        while (it.hasNext()) {
            Incident i = it.next();
            if (!matched.contains(i) && !stillRaised(i)) {
                alerts.add(i.last.withStatus(AlertStatus.RESOLVED, boundary));
                it.remove();
            }
        }
        return alerts;
    }

    /**
     * True when a theme seen now is an open incident's: they share a term, one's term contains the other's (国网app in
     * 网上国网app), or they share their context: a word most complaints of each use and that is far more common in
     * both than in the province's complaints (网上国网 for 闪退 here and 人脸识别 there). One theme worded many ways is
     * one incident, not one per wording; two themes that merely use common words (电费) stay two.
     */
    private boolean sameTheme(Incident i, Theme theme) {
        for (String term : theme.termNames()) {
            for (String known : i.terms) {
                if (term.equals(known) || Math.min(term.length(), known.length()) >= MIN_CONTAINED
                        && (term.contains(known) || known.contains(term))) {
                    return true;
                }
            }
        }
        List<EmergingEntryState> incidentComplaints = new ArrayList<>();
        for (EmergingEntryState e : window) {
            if (i.place.contains(e.getCountyCode()) && !java.util.Collections.disjoint(e.getTerms(), i.terms)) {
                incidentComplaints.add(e);
            }
        }
        Set<String> context = context(theme.complaints.values());
        context.retainAll(context(incidentComplaints));
        return !context.isEmpty();
    }

    /** Words at least half of the complaints use and at least emerging.minRatio times as often as the province's. */
    private Set<String> context(java.util.Collection<EmergingEntryState> complaints) {
        Map<String, Integer> uses = new HashMap<>();
        for (EmergingEntryState e : complaints) {
            for (String t : e.getTerms()) {
                uses.merge(t, 1, Integer::sum);
            }
        }
        double learnt = sum(topicWeights);
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, Integer> u : uses.entrySet()) {
            double share = (double) u.getValue() / complaints.size();
            double usual = Math.max(termTotal(u.getKey()), 0.5) / (learnt + 1.0);
            if (share >= CO_OCCURRING && share >= config.emergingMinRatio * usual) {
                out.add(u.getKey());
            }
        }
        return out;
    }

    /**
     * Hysteresis: an open theme stays open while its lead term keeps half of emerging.minCustomers in the window.
     * Not judged against its expectation: the baseline learns the theme's own complaints as they leave the window,
     * and an incident that flickered closed and open again would be reported twice.
     */
    private boolean stillRaised(Incident i) {
        TermCount c = counts.get(i.terms.get(0));
        return c != null && c.distinctIn(i.place.level, i.place.code) * 2 >= config.emergingMinCustomers;
    }

    /**
     * Tests a term in the province, its cities and counties; returns the most specific region where it is
     * significant and holds most ({@link #CONCENTRATED}) of the term's customers of its parent, or null.
     */
    private Verdict test(String term, TermCount c) {
        Verdict province = verdict(term, new Place(RegionLevel.PROVINCE, provinceCode), c.distinct());
        Verdict best = province;
        String city = largest(c.byCity, cc -> cc.n);
        int cityCount = c.byCity.get(city).n;
        if (cityCount < config.emergingMinCustomers) {
            return best; // no city, so no county, has enough customers to be tested
        }
        if (province == null || cityCount >= CONCENTRATED * c.distinct()) {
            Verdict v = verdict(term, new Place(RegionLevel.CITY, city), cityCount);
            if (v != null) {
                best = v;
            }
        }
        if (best == null || best.place.level == RegionLevel.CITY) {
            // county codes of a city share its first four digits
            Map<String, int[]> counties = c.byCity.get(city).counties;
            String county = largest(counties, n -> n[0]);
            int countyCount = counties.get(county)[0];
            if (best == null || countyCount >= CONCENTRATED * cityCount) {
                Verdict v = verdict(term, new Place(RegionLevel.COUNTY, county), countyCount);
                if (v != null) {
                    best = v;
                }
            }
        }
        return best;
    }

    private Verdict verdict(String term, Place place, int observed) {
        if (observed < config.emergingMinCustomers) {
            return null;
        }
        double mu = expected(term, place);
        if (observed < config.emergingMinRatio * mu) {
            return null;
        }
        double logP = TailProbabilities.logPoissonTail(observed, mu);
        if (logP > Math.log(config.emergingPValue)) {
            return null;
        }
        return new Verdict(term, place, observed, mu, TailProbabilities.score(logP));
    }

    /** The term's expected complaints in the place's window: its share of each topic times that topic's complaints there. */
    double expected(String term, Place place) {
        int[] window = windowTopics(place);
        double[] w = termWeights.get(term);
        double mu = 0;
        double complaints = 0;
        double learnt = 0;
        for (int t = 0; t < TOPICS.length; t++) {
            complaints += window[t];
            learnt += topicWeights[t];
            if (w != null && window[t] > 0) {
                mu += window[t] * (w[t] * termScale) / (topicWeights[t] + 1.0);
            }
        }
        if (w != null && place.level != RegionLevel.PROVINCE) {
            mu *= localisation(term, sum(w) * termScale, place);
        }
        // a term never seen (or dropped from the bound) counts as if half a complaint had used it
        return Math.max(mu, complaints * 0.5 / (learnt + 1.0));
    }

    /**
     * How much more (or less) the term is used in the place than the province's rate predicts: an estate's name
     * lives in its county, so its county expects it as often as it has heard it, not a province's share of it.
     * Shrunk towards 1 by one place's worth of the term's province count.
     */
    private double localisation(String term, double termWeight, Place place) {
        double all = volume(null);
        double here = volume(place);
        if (all <= 0 || here <= 0 || termWeight <= 0) {
            return 1.0;
        }
        double share = termWeight * here / all; // what the place would have if it used the term like the province
        LocalWeights local = termCounties.get(term);
        double used = local == null ? share : local.in(place, termWeight, countyWeights, all, here, termScale);
        return (used + share) / (2 * share);
    }

    /** The window's complaints of the place by topic (computed once per place and slide: many terms ask). */
    private int[] windowTopics(Place place) {
        return windowTopicsCache.computeIfAbsent(place, p -> {
            int[] window = new int[TOPICS.length];
            for (Map.Entry<String, int[]> e : topicsByCounty.entrySet()) {
                if (p.contains(e.getKey())) {
                    for (int t = 0; t < window.length; t++) {
                        window[t] += e.getValue()[t];
                    }
                }
            }
            return window;
        });
    }

    /** The place's decayed complaint count (null: the province's), once per place and slide. */
    private double volume(Place place) {
        return volumeCache.computeIfAbsent(place, p -> {
            double v = 0;
            for (Map.Entry<String, Double> c : countyWeights.entrySet()) {
                if (p == null || p.contains(c.getKey())) {
                    v += c.getValue();
                }
            }
            return v;
        });
    }

    /** Groups one place's flagged terms into themes by the complaints they share. */
    private List<Theme> group(Place place, List<Verdict> verdicts) {
        Map<String, Verdict> byTerm = new LinkedHashMap<>();
        verdicts.forEach(v -> byTerm.put(v.term, v));
        Map<String, List<EmergingEntryState>> complaints = new HashMap<>();
        for (EmergingEntryState e : window) {
            if (!place.contains(e.getCountyCode())) {
                continue;
            }
            for (String t : e.getTerms()) {
                if (byTerm.containsKey(t)) {
                    complaints.computeIfAbsent(t, k -> new ArrayList<>()).add(e);
                }
            }
        }
        byTerm.values().removeIf(v -> explainedByItsWord(v, complaints.get(v.term)));
        List<String> terms = new ArrayList<>(byTerm.keySet());
        int[] parent = new int[terms.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < terms.size(); i++) {
            Set<String> a = ids(complaints.get(terms.get(i)));
            for (int j = i + 1; j < terms.size(); j++) {
                Set<String> b = ids(complaints.get(terms.get(j)));
                int shared = 0;
                for (String id : a.size() <= b.size() ? a : b) {
                    if ((a.size() <= b.size() ? b : a).contains(id)) {
                        shared++;
                    }
                }
                if (shared >= CO_OCCURRING * Math.min(a.size(), b.size())) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        Map<Integer, List<Verdict>> groups = new TreeMap<>();
        for (int i = 0; i < terms.size(); i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(byTerm.get(terms.get(i)));
        }
        List<Theme> themes = new ArrayList<>();
        for (List<Verdict> g : groups.values()) {
            g.sort(Comparator.comparingDouble((Verdict v) -> -v.score).thenComparing(v -> v.term));
            if (distinctTerms(g) < config.emergingMinTerms && g.get(0).term.length() < LONG_TERM) {
                continue; // one short word in many contexts (a season, a festival) is not a theme used alike
            }
            Theme theme = new Theme(place, g);
            for (Verdict v : g) {
                for (EmergingEntryState e : complaints.get(v.term)) {
                    theme.complaints.putIfAbsent(e.getComplaintId(), e);
                    theme.customers.add(e.getCustomer());
                }
            }
            themes.add(theme);
        }
        themes.sort(Comparator.comparingInt((Theme t) -> -t.customers.size()).thenComparing(t -> t.verdicts.get(0).term));
        return themes;
    }

    /**
     * True when a flagged term is a piece of a known word's phrase: nearly all its complaints here also carry a word
     * the baseline knows better (春灌 for 浇地 in 春灌浇地正忙), and it is not far above its usual share of that word's
     * complaints. A seasonal word's phrases rise with the word (SPEC behaviour 10), so their pieces are not a second
     * term of a theme; a new word told beside a known one (闪退 beside the app's name) has no such share and stays.
     */
    private boolean explainedByItsWord(Verdict v, List<EmergingEntryState> complaints) {
        if (complaints == null || complaints.isEmpty()) {
            return false;
        }
        Map<String, Integer> carried = new HashMap<>();
        for (EmergingEntryState e : complaints) {
            for (String t : e.getTerms()) {
                if (!t.equals(v.term)) {
                    carried.merge(t, 1, Integer::sum);
                }
            }
        }
        double usual = termTotal(v.term);
        for (Map.Entry<String, Integer> c : carried.entrySet()) {
            if (c.getValue() < PHRASE * complaints.size()) {
                continue;
            }
            double word = termTotal(c.getKey());
            TermCount now = counts.get(c.getKey());
            // the word must be known (at least a testable count learnt) and more used than the piece
            if (word < config.emergingMinCustomers || word <= usual || now == null) {
                continue;
            }
            double expected = now.distinctIn(v.place.level, v.place.code) * (usual + 0.5) / (word + 1.0);
            if (v.observed < config.emergingMinRatio * expected) {
                return true;
            }
        }
        return false;
    }

    /** Terms of a group that do not contain another of its terms (冒充 and 冒充电力 count once). */
    private static int distinctTerms(List<Verdict> group) {
        int n = 0;
        for (Verdict v : group) {
            boolean containsAnother = false;
            for (Verdict o : group) {
                containsAnother |= o != v && v.term.length() > o.term.length() && v.term.contains(o.term);
            }
            n += containsAnother ? 0 : 1;
        }
        return n;
    }

    private static Set<String> ids(List<EmergingEntryState> entries) {
        Set<String> out = new HashSet<>();
        if (entries != null) {
            entries.forEach(e -> out.add(e.getComplaintId()));
        }
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private HotspotAlert emit(Theme theme, Incident incident, long boundary) {
        Verdict lead = theme.verdicts.get(0);
        long start = Long.MAX_VALUE;
        Map<Topic, Integer> filed = new java.util.EnumMap<>(Topic.class);
        for (EmergingEntryState e : theme.complaints.values()) {
            start = Math.min(start, e.getTime());
            filed.merge(Topic.valueOf(e.getTopic()), 1, Integer::sum);
        }
        List<Topic> filedTopics = new ArrayList<>(filed.keySet());
        filedTopics.sort(Comparator.comparingInt((Topic t) -> -filed.get(t)).thenComparing(Topic::ordinal));
        LinkedHashSet<Discipline> disciplines = new LinkedHashSet<>();
        filedTopics.forEach(t -> disciplines.addAll(t.disciplines()));
        if (disciplines.isEmpty()) {
            disciplines.add(Discipline.CUSTOMER_SERVICE);
        }
        List<HotspotAlert.KeywordCount> terms = new ArrayList<>();
        for (Verdict v : theme.verdicts.subList(0, Math.min(MAX_THEME_TERMS, theme.verdicts.size()))) {
            terms.add(new HotspotAlert.KeywordCount(v.term, v.observed));
        }
        List<EmergingEntryState> ordered = new ArrayList<>(theme.complaints.values());
        ordered.sort(Comparator.comparingLong(EmergingEntryState::getTime).thenComparing(e -> e.getComplaintId()));
        EvidenceCollector evidence = new EvidenceCollector();
        for (EmergingEntryState e : ordered) {
            evidence.addComplaint(config, e.getComplaintId(), List.of(), e.getText());
        }
        HotspotAlert.Evidence collected = evidence.toEvidence(config);
        HotspotAlert.Evidence withTheme = new HotspotAlert.Evidence(collected.complaintIds(), List.of(), terms,
                collected.sampleTexts(), terms, filedTopics);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("window", config.get("emerging.window"));
        params.put("min_customers", Integer.toString(config.emergingMinCustomers));
        params.put("min_ratio", config.get("emerging.minRatio"));
        params.put("p_value", config.get("emerging.pValue"));
        params.put("lead_term", lead.term);
        boolean opening = incident == null;
        String alertId = opening
                ? AlertIds.of(AlertType.EMERGING_ISSUE, theme.place.level, theme.place.code + "|" + lead.term, null, start)
                : incident.alertId;
        return new HotspotAlert(alertId, AlertType.EMERGING_ISSUE, opening ? AlertStatus.OPEN : AlertStatus.UPDATED,
                theme.place.code, theme.place.level, null, null, null, null,
                opening ? start : incident.start, boundary, opening ? boundary : incident.detectedAt,
                lead.observed, lead.expected, lead.score, config.severityOfPScore(lead.score),
                theme.customers.size(), new ArrayList<>(disciplines), withTheme, new HotspotAlert.Rule(RULE, params));
    }

    /** Decays the baseline over {@code elapsed} ms and keeps it to emerging.maxTerms terms. */
    private void decay(long elapsed) {
        if (elapsed > 0) {
            double f = Math.pow(0.5, (double) elapsed / config.emergingBaselineHalfLife);
            for (int t = 0; t < topicWeights.length; t++) {
                topicWeights[t] *= f;
            }
            termScale *= f;
            if (termScale < 1e-100) {
                foldTermScale(); // long before the stored values could overflow
            }
            countyWeights.replaceAll((c, w) -> w * f);
        }
        if (termWeights.size() > config.emergingMaxTerms + config.emergingMaxTerms / 4) {
            // each term's total once, not once per comparison (all share termScale: the order is the values')
            List<Map.Entry<String, Double>> all = new ArrayList<>(termWeights.size());
            termWeights.forEach((term, w) -> all.add(Map.entry(term, sum(w))));
            all.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            for (int i = config.emergingMaxTerms; i < all.size(); i++) {
                termWeights.remove(all.get(i).getKey());
                termCounties.remove(all.get(i).getKey());
            }
        }
    }

    /** Multiplies termScale into the stored term weights and resets it to 1. */
    private void foldTermScale() {
        for (double[] w : termWeights.values()) {
            for (int t = 0; t < w.length; t++) {
                w[t] *= termScale;
            }
        }
        double f = termScale;
        termCounties.values().forEach(l -> l.scale(f));
        termScale = 1.0;
    }

    /** The province's state: clock, baselines and open themes in the head; the window's complaints as entries. */
    public StateCodec.Snapshot<EmergingProvinceState, EmergingEntryState> snapshot() {
        List<TermWeightState> terms = new ArrayList<>();
        new TreeMap<>(termWeights).forEach((term, w) -> {
            for (int t = 0; t < w.length; t++) {
                double weight = w[t] * termScale;
                if (weight >= 0.01) {
                    terms.add(new TermWeightState(TOPICS[t].name(), term, weight));
                }
            }
        });
        List<TopicWeightState> topics = new ArrayList<>();
        for (int t = 0; t < TOPICS.length; t++) {
            if (topicWeights[t] > 0) {
                topics.add(new TopicWeightState(TOPICS[t].name(), topicWeights[t]));
            }
        }
        List<TermCountyWeightState> local = new ArrayList<>();
        new TreeMap<>(termCounties).forEach((term, l) -> {
            for (int k = 0; k < l.size; k++) {
                double weight = l.weights[k] * termScale;
                if (weight >= 0.01) {
                    local.add(new TermCountyWeightState(term, l.counties[k], weight));
                }
            }
        });
        List<CountyWeightState> counties = new ArrayList<>();
        countyWeights.forEach((c, w) -> counties.add(new CountyWeightState(c, w)));
        List<EmergingIncidentState> open = new ArrayList<>();
        for (Incident i : incidents) {
            open.add(new EmergingIncidentState(i.alertId, i.place.level.name(), i.place.code, i.start, i.detectedAt,
                    new ArrayList<>(i.terms), i.lastObserved, AlertStates.toState(i.last)));
        }
        java.util.TreeMap<String, EmergingEntryState> entries = new java.util.TreeMap<>();
        for (EmergingEntryState e : window) {
            entries.put(entryKey(e), e);
        }
        return new StateCodec.Snapshot<>(new EmergingProvinceState(evaluatedUpTo(), learningSince, terms, topics,
                local, counties, open), entries);
    }

    /** Sorts by event time, then complaint id (times are epoch millis, positive, padded). */
    private static String entryKey(EmergingEntryState e) {
        long time = e.getTime();
        if (time < 0) {
            return String.format("%015d/%s", time, e.getComplaintId());
        }
        // the same key as the format above without its parsing: every entry, every slide
        String digits = Long.toString(time);
        StringBuilder key = new StringBuilder(16 + e.getComplaintId().length());
        for (int i = digits.length(); i < 15; i++) {
            key.append('0');
        }
        return key.append(digits).append('/').append(e.getComplaintId()).toString();
    }

    /** The province's core, bound to {@code config}, from its head and window entries. */
    public static EmergingIssueDetector fromState(DetectionConfig config, String provinceCode,
            EmergingProvinceState head, Map<String, EmergingEntryState> entries) {
        EmergingIssueDetector d = new EmergingIssueDetector(config, provinceCode);
        d.restoreClock(head.getClock());
        d.learningSince = head.getLearningSince();
        for (TermWeightState w : head.getTermWeights()) {
            d.termWeights.computeIfAbsent(w.getTerm(), t -> new double[TOPICS.length])[topicIndex(w.getTopic())] =
                    w.getWeight();
        }
        for (TopicWeightState w : head.getTopicWeights()) {
            d.topicWeights[topicIndex(w.getTopic())] = w.getWeight();
        }
        for (TermCountyWeightState w : head.getTermCountyWeights()) {
            d.termCounties.computeIfAbsent(w.getTerm(), t -> new LocalWeights()).put(w.getCounty(), w.getWeight());
        }
        for (CountyWeightState w : head.getCountyWeights()) {
            d.countyWeights.put(w.getCounty(), w.getWeight());
        }
        for (EmergingIncidentState s : head.getIncidents()) {
            Incident i = new Incident(new Place(RegionLevel.valueOf(s.getLevel()), s.getRegionCode()), s.getAlertId(),
                    s.getStart(), s.getDetectedAt());
            i.terms = new ArrayList<>(s.getTerms());
            i.lastObserved = s.getLastObserved();
            i.last = AlertStates.fromState(s.getLast());
            d.incidents.add(i);
        }
        new TreeMap<>(entries).values().forEach(e -> {
            d.windowIds.add(e.getComplaintId());
            d.add(e);
        });
        return d;
    }

    private static int topicIndex(String topic) {
        try {
            return Topic.valueOf(topic).ordinal();
        } catch (IllegalArgumentException unknown) {
            return Topic.OTHER.ordinal(); // a topic a later release dropped
        }
    }

    private static boolean isZero(int[] a) {
        for (int v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** A term's learned weight over all topics (0 when unknown), in real units (see termScale). */
    private double termTotal(String term) {
        double[] w = termWeights.get(term);
        return w == null ? 0 : sum(w) * termScale;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /** The code that has the most customers; on a tie, the smallest code. */
    private static <V> String largest(Map<String, V> counts, java.util.function.ToIntFunction<V> customers) {
        String best = null;
        int most = 0;
        for (Map.Entry<String, V> e : counts.entrySet()) {
            int n = customers.applyAsInt(e.getValue());
            if (best == null || n > most || n == most && e.getKey().compareTo(best) < 0) {
                best = e.getKey();
                most = n;
            }
        }
        return best;
    }

    @Override
    protected boolean needsEveryBoundary() {
        return !window.isEmpty() || !incidents.isEmpty();
    }

    @Override
    protected long stateWakeup() {
        return Long.MAX_VALUE;
    }

    @Override
    protected boolean stateEmpty() {
        return window.isEmpty() && incidents.isEmpty() && termWeights.isEmpty();
    }

    /** A region of the province at one level. */
    record Place(RegionLevel level, String code) implements Comparable<Place>, java.io.Serializable {
        boolean contains(String county) {
            return switch (level) {
                case PROVINCE -> RegionCode.provinceOf(county).equals(code);
                case CITY -> RegionCode.cityOf(county).equals(code);
                default -> county.equals(code);
            };
        }

        /** True when one place contains the other (or they are the same). */
        boolean nests(Place o) {
            return contains(o) || o.contains(this);
        }

        private boolean contains(Place inner) {
            // PROVINCE < CITY < COUNTY in RegionLevel's order; a city's code names its province and itself
            return level.compareTo(inner.level) <= 0 && contains(inner.code);
        }

        @Override
        public int compareTo(Place o) {
            int c = level.compareTo(o.level);
            return c != 0 ? c : code.compareTo(o.code);
        }
    }

    /** A term found far above its expectation in a place. */
    record Verdict(String term, Place place, int observed, double expected, double score) {}

    /** Terms of one place whose complaints overlap: one theme, one alert. */
    static final class Theme {
        final Place place;
        final List<Verdict> verdicts;
        final Map<String, EmergingEntryState> complaints = new LinkedHashMap<>();
        final Set<String> customers = new HashSet<>();

        Theme(Place place, List<Verdict> verdicts) {
            this.place = place;
            this.verdicts = verdicts;
        }

        List<String> termNames() {
            List<String> out = new ArrayList<>();
            verdicts.forEach(v -> out.add(v.term));
            return out;
        }
    }

    /**
     * Distinct customers of one term in the window, in all and per county (a customer's repeats count once; a customer
     * is counted in each county they complain from).
     */
    static final class TermCount {
        /** Distinct customers (a customer in two counties counts in each). */
        int customers;
        /** Customers per city, and per county within it: a slide looks for a hot term's largest county in its city. */
        final HashMap<String, CityCount> byCity = new HashMap<>(4);

        /** One city's customers of the term, in all and per county (each count a one-element array, updated in place). */
        static final class CityCount {
            int n;
            final HashMap<String, int[]> counties = new HashMap<>(2);
        }

        /** The key of a customer in a county (made once per complaint, shared by its terms). */
        static String key(String customer, String county) {
            return customer + '\u0001' + county;
        }

        int distinct() {
            return customers;
        }

        /** A customer new to this term. */
        void add(String county, String city) {
            customers++;
            CityCount c = byCity.computeIfAbsent(city, k -> new CityCount());
            c.n++;
            c.counties.computeIfAbsent(county, k -> new int[1])[0]++;
        }

        /** A customer who no longer uses this term in the window. */
        void remove(String county, String city) {
            customers--;
            CityCount c = byCity.get(city);
            if (--c.counties.get(county)[0] == 0) {
                c.counties.remove(county);
            }
            if (--c.n == 0) {
                byCity.remove(city);
            }
        }

        int distinctIn(RegionLevel level, String code) {
            if (level == RegionLevel.PROVINCE) {
                return distinct();
            }
            CityCount c = byCity.get(level == RegionLevel.CITY ? code : RegionCode.cityOf(code));
            if (c == null) {
                return 0;
            }
            if (level == RegionLevel.CITY) {
                return c.n;
            }
            int[] county = c.counties.get(code);
            return county == null ? 0 : county[0];
        }
    }

    /**
     * A term's decayed counts in the few counties that use it most (bounded: a word every county uses keeps its
     * busiest {@link #MAX}; the rest of its count is spread over the other counties by their volume).
     */
    static final class LocalWeights {
        static final int MAX = 4;
        final String[] counties = new String[MAX];
        final double[] weights = new double[MAX];
        int size;

        /** One complaint of the county, worth {@code unit} in the stored scale (1 / termScale). */
        void add(String county, double unit) {
            int smallest = 0;
            for (int k = 0; k < size; k++) {
                if (counties[k].equals(county)) {
                    weights[k] += unit;
                    return;
                }
                if (weights[k] < weights[smallest]) {
                    smallest = k;
                }
            }
            if (size < MAX) {
                put(county, unit);
            } else if (weights[smallest] < unit) {
                counties[smallest] = county; // a faded county (less than one complaint) gives way to a newly busy one
                weights[smallest] = unit;
            }
        }

        void put(String county, double weight) {
            if (size < MAX) {
                counties[size] = county;
                weights[size++] = weight;
            }
        }

        void scale(double f) {
            for (int k = 0; k < size; k++) {
                weights[k] *= f;
            }
        }

        /**
         * The term's count in a place: its kept counties there, and its remainder spread over the place's other
         * counties by volume ({@code placeVolume} is the place's, {@code all} the province's; the kept weights are
         * stored divided by {@code scale}).
         */
        double in(Place place, double termWeight, Map<String, Double> countyWeights, double all, double placeVolume,
                double scale) {
            double kept = 0;
            double keptVolume = 0;
            double keptVolumeHere = 0;
            double here = 0;
            for (int k = 0; k < size; k++) {
                double volume = countyWeights.getOrDefault(counties[k], 0.0);
                kept += weights[k] * scale;
                keptVolume += volume;
                if (place.contains(counties[k])) {
                    here += weights[k] * scale;
                    keptVolumeHere += volume;
                }
            }
            double rest = Math.max(0, termWeight - kept);
            double otherVolume = all - keptVolume;
            if (rest > 0 && otherVolume > 0) {
                here += rest * Math.max(0, placeVolume - keptVolumeHere) / otherVolume;
            }
            return here;
        }
    }

    static final class Incident implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Place place;
        final String alertId;
        final long start;
        final long detectedAt;
        List<String> terms = new ArrayList<>();
        double lastObserved;
        HotspotAlert last;

        Incident(Place place, String alertId, long start, long detectedAt) {
            this.place = place;
            this.alertId = alertId;
            this.start = start;
            this.detectedAt = detectedAt;
        }
    }
}
