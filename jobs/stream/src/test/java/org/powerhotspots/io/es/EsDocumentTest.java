package org.powerhotspots.io.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EsDocumentTest {

    @Test
    void documentBuiltFromImmutableCollectionsSurvivesFlinksTypedSerializer() throws Exception {
        EsDocument document = new EsDocument(IndexSetup.ALERTS, "a-1", Map.of(
                "alert_id", "a-1",
                "disciplines", List.of("OPERATIONS", "PLANNING"),
                "evidence", Map.of("keywords", List.of(Map.of("keyword", "停电", "count", 12))),
                "location", Map.of("lat", 34.2, "lon", 108.9),
                "score", 4.5));
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false); // as the job runs: a Kryo fallback would throw here
        TypeSerializer<EsDocument> serializer = TypeInformation.of(EsDocument.class).createSerializer(noKryo);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(document, out);
        EsDocument back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(document, back);
        assertEquals(12, ((Map<?, ?>) ((List<?>) ((Map<?, ?>) back.source().get("evidence")).get("keywords")).get(0)).get("count"));
    }

    @Test
    void documentWithoutIdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EsDocument(IndexSetup.ALERTS, "", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new EsDocument(" ", "x", Map.of()));
    }
}
