package org.powerhotspots.schema.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Protocol;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.powerhotspots.schema.state.DetectorState;

/**
 * The detectors' state records must read every kept version: savepoints and checkpoints of older releases hold
 * them (Flink's Avro serializer resolves the old writer schema against the current one). A change that cannot
 * read a kept version fails here; a change not recorded in history fails too.
 */
class StateSchemaCompatibilityTest {
    private static final String HISTORY = "/org/powerhotspots/schema/history/state/DetectorState-v";

    static List<Protocol> history() {
        List<Protocol> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            try (InputStream in = StateSchemaCompatibilityTest.class.getResourceAsStream(HISTORY + v + ".avpr")) {
                if (in == null) {
                    return versions;
                }
                versions.add(Protocol.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The records Flink stores: each detector's head and entry. */
    @ParameterizedTest(name = "{0} reads every kept version and is recorded in history")
    @ValueSource(strings = {"SurgeProvinceState", "SurgeRegionState", "RepeatCustomerState", "OutageCountyState",
            "OutageEntryState", "CrossCountyState"})
    void stateRecordReadsEveryKeptVersion(String name) {
        Schema current = DetectorState.PROTOCOL.getType("org.powerhotspots.schema.state." + name);
        assertNotNull(current, name);
        List<Protocol> history = history();
        assertFalse(history.isEmpty(), "no state history kept");
        for (int i = 0; i < history.size(); i++) {
            Schema old = history.get(i).getType("org.powerhotspots.schema.state." + name);
            if (old == null) {
                continue; // a record newer than that version
            }
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, old);
            assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
                    name + " of state v" + (i + 1) + " can no longer be read: " + result.getDescription());
        }
        Schema newest = history.get(history.size() - 1).getType("org.powerhotspots.schema.state." + name);
        assertNotNull(newest, name + " is not in the newest history version: copy the changed protocol to history");
        assertEquals(SchemaNormalization.parsingFingerprint64(current), SchemaNormalization.parsingFingerprint64(newest),
                name + " changed: copy DetectorState's protocol (DetectorState.PROTOCOL) to history as the next version");
    }
}
