package org.powerhotspots.schema.codec;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to deserialize classes it does not trust. Our generated records are trusted in code, through
 * Avro's global class validator, not by a JVM flag: a Flink TaskManager started by anyone's scripts decodes them.
 */
public final class AvroPackages {
    private static final String OURS = "org.powerhotspots.schema.";
    private static volatile boolean installed;

    private AvroPackages() {}

    /** Trusts our generated records in this JVM (idempotent; called by RecordCodec and every reader of Avro files). */
    public static void allow() {
        if (installed) {
            return;
        }
        synchronized (AvroPackages.class) {
            if (!installed) {
                ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(before,
                        type -> type.getName().startsWith(OURS)));
                installed = true;
            }
        }
    }
}
