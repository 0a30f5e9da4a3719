package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.powerhotspots.domain.Topic;

/**
 * An enriched complaint as the detectors see it: event time, county, customer, topics, keywords, and the words
 * and phrases that could carry a new theme (EMERGING_ISSUE).
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
        String text,
        List<String> themeTerms)
        implements Serializable {

    /** A complaint without theme terms (they come from the text analysis; tests and tools may leave them out). */
    public ComplaintSignal(String complaintId, long receivedAt, String countyCode, String customerId,
            List<Topic> topics, List<String> keywords, String text) {
        this(complaintId, receivedAt, countyCode, customerId, topics, keywords, text, null);
    }

    public ComplaintSignal {
        Objects.requireNonNull(complaintId, "complaintId");
        Objects.requireNonNull(countyCode, "countyCode");
        topics = topics == null || topics.isEmpty() ? new ArrayList<>(List.of(Topic.OTHER)) : new ArrayList<>(topics);
        keywords = keywords == null ? new ArrayList<>() : new ArrayList<>(keywords);
        text = text == null ? "" : text;
        themeTerms = themeTerms == null ? new ArrayList<>() : new ArrayList<>(themeTerms);
        if (customerId != null && customerId.isBlank()) {
            customerId = null;
        }
    }
}
