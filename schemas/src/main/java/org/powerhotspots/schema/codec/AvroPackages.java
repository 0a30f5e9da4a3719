package org.powerhotspots.schema.codec;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to deserialize classes it does not trust. Our generated records are trusted in code, through
 * Avro's global class validator, not by a JVM flag: a Flink TaskManager started by anyone's scripts decodes them.
 * Avro's length limits are set here too, for the same reason.
 */
public final class AvroPackages {
    private static final String OURS = "org.powerhotspots.schema.";
    private static volatile boolean installed;

    private AvroPackages() {}

    /**
     * The longest string, byte array or array Avro may allocate while decoding: a record larger than 1 MiB is a
     * dead letter anyway, and without a bound a corrupt length field claiming a gigabyte makes Avro allocate it
     * (an OutOfMemoryError that kills the TaskManager, on every replay).
     */
    public static final int MAX_LENGTH = 1024 * 1024;

    /** Trusts our generated records in this JVM and bounds Avro's allocations (idempotent; RecordCodec calls it). */
    public static void allow() {
        if (installed) {
            return;
        }
        synchronized (AvroPackages.class) {
            if (!installed) {
                // Read by Avro once, when it first checks a length: this runs before any record is decoded.
                for (String limit : new String[] {"org.apache.avro.limits.string.maxLength",
                        "org.apache.avro.limits.bytes.maxLength", "org.apache.avro.limits.collectionItems.maxLength"}) {
                    if (System.getProperty(limit) == null) {
                        System.setProperty(limit, Integer.toString(MAX_LENGTH));
                    }
                }
                ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(before,
                        type -> type.getName().startsWith(OURS)));
                installed = true;
            }
        }
    }
}
