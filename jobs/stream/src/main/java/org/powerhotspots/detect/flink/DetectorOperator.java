package org.powerhotspots.detect.flink;

import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.powerhotspots.detect.HotspotAlert;

/**
 * Runs a {@link DetectorFunction} and writes the cores it changed since the last checkpoint into keyed state just
 * before each checkpoint or savepoint barrier, so a checkpoint holds every record processed before it while a
 * province's core is written once per checkpoint instead of once per slide.
 */
public final class DetectorOperator<S> extends KeyedProcessOperator<String, S, HotspotAlert> {
    private static final long serialVersionUID = 1L;

    public DetectorOperator(DetectorFunction<S> function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        super.open();
        ((DetectorFunction<S>) userFunction).writeBeforeBarriers();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        Object current = getCurrentKey();
        ((DetectorFunction<S>) userFunction).writeChanged(this::setCurrentKey);
        if (current != null) {
            setCurrentKey(current);
        }
    }
}
