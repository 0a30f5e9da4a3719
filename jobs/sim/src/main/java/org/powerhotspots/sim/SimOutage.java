package org.powerhotspots.sim;

/** A generated outage; {@code restoredAt} is null while it is still going on at the end of the simulation. */
public record SimOutage(
        String outageId,
        boolean planned,
        long startedAt,
        Long restoredAt,
        String regionCode,
        String feederId,
        String stationAreaId,
        int customersAffected,
        Boolean notifiedInAdvance,
        String cause,
        String incidentId) {}
