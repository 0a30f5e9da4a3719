package org.powerhotspots.sim;

import java.io.IOException;

/**
 * Where simulated records go, in arrival order: JSON Lines files now, a Kafka producer later. Lines are the JSON of
 * SPEC section 2; a bad record is passed as its raw (possibly broken) line so the dead-letter path gets exercised.
 */
public interface SimulationSink extends AutoCloseable {

    void complaint(String jsonLine, long arrivalMillis) throws IOException;

    void outage(String jsonLine, long arrivalMillis) throws IOException;

    @Override
    void close() throws IOException;
}
