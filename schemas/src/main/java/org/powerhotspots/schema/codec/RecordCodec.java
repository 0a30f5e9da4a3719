package org.powerhotspots.schema.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.powerhotspots.schema.Alert;
import org.powerhotspots.schema.Complaint;
import org.powerhotspots.schema.Outage;

/**
 * Avro single-object encoding for Kafka messages: the 10-byte header carries the writer schema's
 * fingerprint, and a reader resolves every writer version kept in {@code schemas/} history.
 *
 * <p>Serializable so Flink functions can carry it; the Avro encoder and decoder are rebuilt lazily.
 */
public final class RecordCodec<T extends SpecificRecordBase> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String HISTORY = "/org/powerhotspots/schema/history/";

    static {
        AvroPackages.allow(); // wherever records are decoded (a TaskManager too), without any JVM flag
    }

    private final String recordName;
    private final SerializableSchemaSupplier currentSchema;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    private RecordCodec(String recordName, SerializableSchemaSupplier currentSchema) {
        this.recordName = recordName;
        this.currentSchema = currentSchema;
    }

    public static RecordCodec<Complaint> complaints() {
        return new RecordCodec<>("Complaint", Complaint::getClassSchema);
    }

    public static RecordCodec<Outage> outages() {
        return new RecordCodec<>("Outage", Outage::getClassSchema);
    }

    public static RecordCodec<Alert> alerts() {
        return new RecordCodec<>("Alert", Alert::getClassSchema);
    }

    /** The record's name, e.g. {@code Complaint}. */
    public String recordName() {
        return recordName;
    }

    /** Encodes one record with the current schema. */
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder().encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + recordName, e);
        }
    }

    /**
     * Decodes one message written with any schema version in history.
     *
     * @throws DecodeException with a reason a dead-letter record can carry
     */
    public T decode(byte[] bytes) throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException(DecodeException.Reason.EMPTY, recordName + ": empty message");
        }
        try {
            return decoder().decode(bytes);
        } catch (BadHeaderException e) {
            throw new DecodeException(DecodeException.Reason.BAD_HEADER,
                    recordName + ": not Avro single-object encoded (" + e.getMessage() + ")");
        } catch (MissingSchemaException e) {
            throw new DecodeException(DecodeException.Reason.UNKNOWN_SCHEMA,
                    recordName + ": writer schema fingerprint not in schemas/ history (" + e.getMessage() + ")");
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new DecodeException(DecodeException.Reason.CORRUPT,
                    recordName + ": corrupt record body (" + e + ")");
        }
    }

    /** All writer schemas this codec accepts, oldest first (history files v1, v2, …). */
    public List<Schema> writerSchemas() {
        return historyOf(recordName);
    }

    /** Loads {@code <Name>-v1.avsc}, {@code <Name>-v2.avsc}, … from the classpath. */
    public static List<Schema> historyOf(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            try (InputStream in = RecordCodec.class.getResourceAsStream(HISTORY + recordName + "-v" + v + ".avsc")) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema history of " + recordName, e);
            }
        }
        return Collections.unmodifiableList(versions);
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.get(), currentSchema.get());
        }
        return encoder;
    }

    private BinaryMessageDecoder<T> decoder() {
        if (decoder == null) {
            BinaryMessageDecoder<T> d = new BinaryMessageDecoder<>(SpecificData.get(), currentSchema.get());
            for (Schema writer : writerSchemas()) {
                d.addSchema(writer);
            }
            decoder = d;
        }
        return decoder;
    }

    /** A schema supplier that survives Java serialization. */
    @FunctionalInterface
    private interface SerializableSchemaSupplier extends Supplier<Schema>, Serializable {}
}
