package org.powerhotspots.bench.nab;

import java.util.List;

/** One NAB data file: its rows in time order and its labelled windows. */
public record NabSeries(String relativePath, long[] timestamps, double[] values, List<NabWindow> windows) {
    public NabSeries {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(relativePath + ": " + timestamps.length + " timestamps but "
                    + values.length + " values");
        }
        windows = List.copyOf(windows);
    }

    public int rows() {
        return timestamps.length;
    }
}
