package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.List;

/**
 * The core of one keyed detector, driven by signals and an event-time clock (the watermark).
 * Decisions depend only on event time and the input, never on wall-clock time or on arrival
 * order within the allowed lateness, so the streaming job, a backfill and a benchmark agree.
 */
public interface Detector<S> extends Serializable {
    /** Takes a signal; false if it is late (before the time this detector has already evaluated). */
    boolean accept(S signal);

    /** Evaluates every slide boundary up to and including {@code watermark}; returns the alerts emitted. */
    List<HotspotAlert> advanceTo(long watermark);

    /** The next event time at which {@link #advanceTo} has work, or {@link Long#MAX_VALUE}. */
    long nextWakeup();

    /** The last slide boundary evaluated (signals before it are late), or Long.MIN_VALUE. */
    long evaluatedUpTo();

    /** True when nothing is worth keeping, so the caller may drop this detector's state. */
    boolean isEmpty();

    /**
     * Binds the current settings: at creation and after every restore. Settings are never part of a
     * detector's state, so a restore with changed thresholds applies them to every key; a setting that
     * fixes the layout of the state (a window, a bucket) must match it, or this throws.
     */
    void useSettings(DetectionConfig settings);
}
