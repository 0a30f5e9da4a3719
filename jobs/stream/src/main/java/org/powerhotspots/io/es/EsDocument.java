package org.powerhotspots.io.es;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.Map;
import java.util.Objects;

/**
 * One document for Elasticsearch: the alias it goes to, its deterministic id and its {@code _source} as JSON.
 *
 * <p>The source is serialised once, when the document is made (map keys sorted, times as ISO strings), so the
 * record is three strings: Flink serializes it with its own typed serializer (no Kryo fallback), and a document
 * buffered in the sink cannot be changed by a caller that reuses its maps.
 */
public record EsDocument(String index, String id, String json) implements Serializable {
    private static final long serialVersionUID = 2L;
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .registerModule(new SimpleModule("iso-time").addSerializer(Temporal.class, ToStringSerializer.instance));

    public EsDocument {
        if (index == null || index.isBlank()) {
            throw new IllegalArgumentException("an Elasticsearch document needs an index (alias)");
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an Elasticsearch document needs a deterministic id (index " + index + ")");
        }
        Objects.requireNonNull(json, "json");
    }

    /** A document of a tree of maps, lists, strings, numbers, booleans and times. */
    public EsDocument(String index, String id, Map<String, ?> source) {
        this(index, id, toJson(Objects.requireNonNull(source, "source")));
    }

    /** The source as a tree of maps and lists (tests, diagnostics). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> source() {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable document source", e);
        }
    }

    public byte[] jsonBytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String toJson(Map<String, ?> source) {
        try {
            return JSON.writeValueAsString(source);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise a document as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
