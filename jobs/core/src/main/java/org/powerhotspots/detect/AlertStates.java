package org.powerhotspots.detect;

import java.util.ArrayList;
import java.util.List;
import org.powerhotspots.domain.Discipline;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.schema.state.AlertState;
import org.powerhotspots.schema.state.EvidenceState;
import org.powerhotspots.schema.state.KeywordCountState;
import org.powerhotspots.schema.state.ParameterState;

/** A {@link HotspotAlert} kept in detector state (an incident's last emission), to and from its state record. */
final class AlertStates {
    private AlertStates() {}

    static AlertState toState(HotspotAlert a) {
        if (a == null) {
            return null;
        }
        List<String> disciplines = new ArrayList<>(a.disciplines().size());
        a.disciplines().forEach(d -> disciplines.add(d.name()));
        HotspotAlert.Evidence e = a.evidence();
        List<KeywordCountState> keywords = new ArrayList<>(e.keywords().size());
        e.keywords().forEach(k -> keywords.add(new KeywordCountState(k.keyword(), k.count())));
        List<KeywordCountState> terms = new ArrayList<>(e.terms().size());
        e.terms().forEach(k -> terms.add(new KeywordCountState(k.keyword(), k.count())));
        List<String> filed = new ArrayList<>(e.filedTopics().size());
        e.filedTopics().forEach(t -> filed.add(t.name()));
        List<ParameterState> params = new ArrayList<>();
        a.rule().parameters().forEach((k, v) -> params.add(new ParameterState(k, v)));
        return AlertState.newBuilder()
                .setAlertId(a.alertId()).setType(a.type().name()).setStatus(a.status().name())
                .setRegionCode(a.regionCode()).setRegionLevel(a.regionLevel().name()).setRegionName(a.regionName())
                .setFeederId(a.feederId()).setStationAreaId(a.stationAreaId())
                .setTopic(a.topic() == null ? null : a.topic().name())
                .setWindowStart(a.windowStart()).setWindowEnd(a.windowEnd()).setDetectedAt(a.detectedAt())
                .setObserved(a.observed()).setExpected(a.expected()).setScore(a.score())
                .setSeverity(a.severity().name()).setDistinctCustomers(a.distinctCustomers())
                .setDisciplines(disciplines)
                .setEvidence(new EvidenceState(new ArrayList<>(e.complaintIds()), new ArrayList<>(e.outageIds()),
                        keywords, new ArrayList<>(e.sampleTexts()), terms, filed))
                .setRuleName(a.rule().name()).setRuleParameters(params)
                .build();
    }

    static HotspotAlert fromState(AlertState s) {
        if (s == null) {
            return null;
        }
        List<Discipline> disciplines = new ArrayList<>(s.getDisciplines().size());
        s.getDisciplines().forEach(d -> disciplines.add(Discipline.valueOf(d)));
        EvidenceState e = s.getEvidence();
        List<HotspotAlert.KeywordCount> keywords = new ArrayList<>(e.getKeywords().size());
        e.getKeywords().forEach(k -> keywords.add(new HotspotAlert.KeywordCount(k.getKeyword(), k.getCount())));
        List<HotspotAlert.KeywordCount> terms = new ArrayList<>(e.getTerms().size());
        e.getTerms().forEach(k -> terms.add(new HotspotAlert.KeywordCount(k.getKeyword(), k.getCount())));
        List<Topic> filed = new ArrayList<>(e.getFiledTopics().size());
        e.getFiledTopics().forEach(t -> filed.add(Topic.valueOf(t)));
        java.util.LinkedHashMap<String, String> params = new java.util.LinkedHashMap<>();
        s.getRuleParameters().forEach(p -> params.put(p.getName(), p.getValue()));
        return new HotspotAlert(s.getAlertId(), AlertType.valueOf(s.getType()), AlertStatus.valueOf(s.getStatus()),
                s.getRegionCode(), RegionLevel.valueOf(s.getRegionLevel()), s.getRegionName(), s.getFeederId(),
                s.getStationAreaId(), s.getTopic() == null ? null : Topic.valueOf(s.getTopic()), s.getWindowStart(),
                s.getWindowEnd(), s.getDetectedAt(), s.getObserved(), s.getExpected(), s.getScore(),
                Severity.valueOf(s.getSeverity()), s.getDistinctCustomers(), disciplines,
                new HotspotAlert.Evidence(e.getComplaintIds(), e.getOutageIds(), keywords, e.getSamples(), terms,
                        filed),
                new HotspotAlert.Rule(s.getRuleName(), params));
    }
}
