package org.powerhotspots.schema.codec;

/** Avro 1.12 refuses to deserialize classes outside SERIALIZABLE_PACKAGES: allow our generated records. */
public final class AvroPackages {
    public static final String PACKAGES = "java.lang,java.math,java.io,java.net,org.apache.avro.util,org.powerhotspots.schema";

    private AvroPackages() {}

    /** Call before any Avro class loads (first thing in main). */
    public static void allow() {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", PACKAGES);
        }
    }
}
