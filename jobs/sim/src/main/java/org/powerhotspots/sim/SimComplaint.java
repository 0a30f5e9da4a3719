package org.powerhotspots.sim;

import org.powerhotspots.domain.Topic;

/** A generated complaint with the topic it was written about and the incident it belongs to, if any. */
public record SimComplaint(
        String complaintId,
        long receivedAt,
        String channel,
        String regionCode,
        String stationAreaId,
        String feederId,
        String customerId,
        String categoryCode,
        String text,
        Topic topic,
        String incidentId) {}
