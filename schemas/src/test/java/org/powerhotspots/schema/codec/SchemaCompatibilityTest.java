package org.powerhotspots.schema.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.powerhotspots.schema.Alert;
import org.powerhotspots.schema.Complaint;
import org.powerhotspots.schema.Outage;

/** Fails when a schema change would break reading data written with a kept previous version. */
class SchemaCompatibilityTest {

    static Stream<Arguments> currentAndHistory() {
        return Stream.of(
                Arguments.of("Complaint", Complaint.getClassSchema()),
                Arguments.of("Outage", Outage.getClassSchema()),
                Arguments.of("Alert", Alert.getClassSchema()));
    }

    @ParameterizedTest(name = "{0}: current schema reads every kept version")
    @MethodSource("currentAndHistory")
    void currentSchemaReadsEveryKeptVersion(String name, Schema current) {
        List<Schema> history = RecordCodec.historyOf(name);
        assertFalse(history.isEmpty(), "no history kept for " + name);
        for (int i = 0; i < history.size(); i++) {
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, history.get(i));
            assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
                    name + " v" + (i + 1) + " can no longer be read: " + result.getDescription());
        }
    }

    @ParameterizedTest(name = "{0}: the newest kept version is the current schema")
    @MethodSource("currentAndHistory")
    void newestKeptVersionIsTheCurrentSchema(String name, Schema current) {
        List<Schema> history = RecordCodec.historyOf(name);
        // A schema change must be recorded as a new history file, or old readers drift silently.
        assertEquals(SchemaNormalization.parsingFingerprint64(current),
                SchemaNormalization.parsingFingerprint64(history.get(history.size() - 1)),
                name + ": copy the changed .avsc to history as the next version");
    }

    @Test
    void compatibilityCheckRejectsARequiredFieldWithoutDefault() {
        // Guards the guard: a reader that adds a required field cannot read old data.
        Schema old = Complaint.getClassSchema();
        Schema broken = new Schema.Parser().parse(old.toString().replace(
                "{\"name\":\"text\"", "{\"name\":\"added_required\",\"type\":\"string\"},{\"name\":\"text\""));
        assertTrue(broken.getField("added_required") != null);
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(broken, old).getType());
    }
}
