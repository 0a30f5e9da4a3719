package org.powerhotspots.detect;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.powerhotspots.domain.Topic;

/** Deterministic alert ids: the same incident in a rerun gets the same id, so sinks overwrite. */
public final class AlertIds {
    private AlertIds() {}

    /** A name-based UUID of (type, level, place, topic, the event time the incident began). */
    public static String of(AlertType type, RegionLevel level, String place, Topic topic, long incidentStart) {
        String name = type + "|" + level + "|" + place + "|" + (topic == null ? "-" : topic.name()) + "|" + incidentStart;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
