package org.powerhotspots.records;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.domain.Times;

/** A complaint with its text analysis and region: what Elasticsearch and the detectors receive. */
public class EnrichedComplaint {
    public ComplaintEvent complaint;
    public String normalizedText;
    public List<String> tokens = new ArrayList<>();
    public List<String> keywords = new ArrayList<>();
    /** Words and phrases that could carry a theme no topic names (EMERGING_ISSUE). */
    public List<String> themeTerms = new ArrayList<>();
    /** Topic codes, best first; never empty (OTHER). */
    public List<String> topics = new ArrayList<>();
    public double topicConfidence;
    /** Topic codes a complaint of no topic enquires about (OTHER with an OUTAGE_LONG enquiry); usually empty. */
    public List<String> enquiryTopics = new ArrayList<>();
    public String regionName;
    public String cityCode;
    public String cityName;
    public String provinceCode;
    public String provinceName;
    public Double lat;
    public Double lon;
    /** Why the analyzer failed on this complaint, or null (it then takes no part in detection). */
    public String analysisError;

    public EnrichedComplaint() {}

    public Topic primaryTopic() {
        return topics.isEmpty() ? Topic.OTHER : Topic.fromCode(topics.get(0));
    }

    /** The detectors' view. */
    public ComplaintSignal toSignal() {
        List<Topic> ts = new ArrayList<>();
        for (String t : topics) {
            ts.add(Topic.fromCode(t));
        }
        // An enquiry counts for its topic (surges, repeat callers) after the complaint's own topics.
        for (String t : enquiryTopics) {
            ts.add(Topic.fromCode(t));
        }
        return new ComplaintSignal(complaint.complaintId, complaint.receivedAt, complaint.regionCode,
                complaint.customerId, ts, keywords, complaint.text, themeTerms);
    }

}
