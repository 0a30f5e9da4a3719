package org.powerhotspots.functions;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.powerhotspots.detect.AlertType;
import org.powerhotspots.detect.HotspotAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts alerts by type (Flink metrics alerts_OUTAGE_REPEAT …) and logs each new one. */
public final class CountAlerts extends RichMapFunction<HotspotAlert, HotspotAlert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CountAlerts.class);
    private transient Map<AlertType, Counter> byType;

    @Override
    public void open(OpenContext openContext) {
        byType = new EnumMap<>(AlertType.class);
        for (AlertType t : AlertType.values()) {
            byType.put(t, getRuntimeContext().getMetricGroup().counter("alerts_" + t.name()));
        }
    }

    @Override
    public HotspotAlert map(HotspotAlert alert) {
        byType.get(alert.type()).inc();
        if (LOG.isDebugEnabled()) {
            LOG.debug("alert {} {} {} {} {}", alert.status(), alert.type(), alert.regionCode(), alert.topic(), alert.alertId());
        }
        return alert;
    }
}
