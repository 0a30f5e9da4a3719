package org.powerhotspots.io.es;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One document for Elasticsearch: the alias it goes to, its deterministic id and its {@code _source}.
 *
 * <p>The source is a tree of plain maps, lists, strings, numbers and booleans (never Jackson nodes, which Kryo
 * cannot restore from a checkpoint). The constructor copies it into {@link LinkedHashMap}/{@link ArrayList}, so a
 * caller that reuses its maps cannot change a buffered document, and field order is kept in {@code _source}.
 */
public record EsDocument(String index, String id, Map<String, Object> source) implements Serializable {
    private static final long serialVersionUID = 1L;

    public EsDocument {
        if (index == null || index.isBlank()) {
            throw new IllegalArgumentException("an Elasticsearch document needs an index (alias)");
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an Elasticsearch document needs a deterministic id (index " + index + ")");
        }
        source = copyMap(Objects.requireNonNull(source, "source"));
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copyMap((Map<String, Object>) map);
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(copy(o));
            }
            return out;
        }
        if (value instanceof Object[] array) {
            return copy(List.of(array));
        }
        return value;
    }

    private static Map<String, Object> copyMap(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<String, Object> e : map.entrySet()) {
            out.put(String.valueOf(e.getKey()), copy(e.getValue()));
        }
        return out;
    }
}
