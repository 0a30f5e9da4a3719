package org.powerhotspots.detect.flink;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.SurgeDetector;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;

/** A complaint routed to the surge detector of one of its topics, keyed by (province, topic). */
public record TopicComplaint(Topic topic, ComplaintSignal complaint) implements Serializable {

    /** The surge key: {@code 610000|OUTAGE_FREQUENT}. */
    public String key() {
        return SurgeDetector.keyOf(complaint.countyCode(), topic);
    }

    /** True for the record of the complaint's first topic (the one that reports it if late). */
    public boolean isFirstTopic() {
        return complaint.topics().get(0) == topic;
    }

    /** One record per distinct topic; none for a complaint whose region code is not six digits. */
    public static List<TopicComplaint> fanOut(ComplaintSignal complaint) {
        List<TopicComplaint> out = new ArrayList<>();
        if (!RegionCode.isValid(complaint.countyCode())) {
            return out;
        }
        for (Topic t : new LinkedHashSet<>(complaint.topics())) {
            out.add(new TopicComplaint(t, complaint));
        }
        return out;
    }
}
