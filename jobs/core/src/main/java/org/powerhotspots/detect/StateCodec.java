package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.Map;
import java.util.SortedMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * How one detector's keyed state is written as data and read back: a head (the key's clock and key-level values,
 * one record) and entries (many small records under string keys: one per topic and region, per place, per outage),
 * so a store that writes what changed (RocksDB's incremental checkpoints) rewrites only the entries that changed.
 * The records are Avro ({@code schemas/src/main/avro/state}); settings are never part of them, so a restore builds
 * the core with the current settings.
 *
 * @param <S> the signal the detector takes
 * @param <H> its head record
 * @param <E> its entry record (for a detector that keeps everything in its head, any record: it has no entries)
 */
public interface StateCodec<S, H extends SpecificRecord, E extends SpecificRecord> extends Serializable {

    Class<H> headType();

    /** The entry record, or null when the detector keeps everything in its head. */
    Class<E> entryType();

    /** The core of {@code key} as {@code head} and {@code entries} describe it, bound to {@code settings}. */
    Detector<S> restore(DetectionConfig settings, String key, H head, Map<String, E> entries);

    /** The core's state (it holds no pending signal: the caller took them with {@link Detector#takePending}). */
    Snapshot<H, E> snapshot(Detector<S> detector);

    /** True if a signal behind the core's clock can still change it (an outage's restore message). */
    boolean acceptsBehindClock();

    /** A core's state: its head and its entries by key (sorted, so it is written in a stable order). */
    record Snapshot<H, E>(H head, SortedMap<String, E> entries) {}

    /** Restores a core. */
    interface Restore<S, H, E> extends Serializable {
        Detector<S> restore(DetectionConfig settings, String key, H head, Map<String, E> entries);
    }

    /** Snapshots a core of type D. */
    interface Write<D, H, E> extends Serializable {
        Snapshot<H, E> snapshot(D detector);
    }

    /** The codec of detectors of class {@code type}. */
    static <S, D extends Detector<S>, H extends SpecificRecord, E extends SpecificRecord> StateCodec<S, H, E> of(
            Class<D> type, Class<H> headType, Class<E> entryType, boolean acceptsBehindClock,
            Restore<S, H, E> restore, Write<D, H, E> write) {
        return new StateCodec<>() {
            @Override
            public Class<H> headType() {
                return headType;
            }

            @Override
            public Class<E> entryType() {
                return entryType;
            }

            @Override
            public Detector<S> restore(DetectionConfig settings, String key, H head, Map<String, E> entries) {
                return restore.restore(settings, key, head, entries);
            }

            @Override
            public Snapshot<H, E> snapshot(Detector<S> detector) {
                return write.snapshot(type.cast(detector));
            }

            @Override
            public boolean acceptsBehindClock() {
                return acceptsBehindClock;
            }
        };
    }
}
