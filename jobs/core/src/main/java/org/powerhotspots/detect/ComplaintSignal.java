package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.powerhotspots.domain.Topic;

/**
 * An enriched complaint as the detectors see it: event time, county, customer, topics, keywords.
 *
 * <p>Lists are copied into mutable {@link ArrayList}s because Flink's Kryo fallback cannot
 * restore JDK immutable collections.
 */
public record ComplaintSignal(
        String complaintId,
        long receivedAt,
        String countyCode,
        String customerId,
        List<Topic> topics,
        List<String> keywords,
        String text)
        implements Serializable {

    public ComplaintSignal {
        Objects.requireNonNull(complaintId, "complaintId");
        Objects.requireNonNull(countyCode, "countyCode");
        topics = topics == null || topics.isEmpty() ? new ArrayList<>(List.of(Topic.OTHER)) : new ArrayList<>(topics);
        keywords = keywords == null ? new ArrayList<>() : new ArrayList<>(keywords);
        text = text == null ? "" : text;
        if (customerId != null && customerId.isBlank()) {
            customerId = null;
        }
    }
}
