package org.powerhotspots.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;

/** A complaint with one of its topics: what Flink's sliding windows count per (county, topic) in the benchmark. */
public record TopicComplaint(Topic topic, ComplaintSignal complaint) implements Serializable {

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
