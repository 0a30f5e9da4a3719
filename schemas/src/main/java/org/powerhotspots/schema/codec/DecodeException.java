package org.powerhotspots.schema.codec;

/** A message that cannot be decoded; its reason goes to the dead-letter output. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a message could not be read. */
    public enum Reason {
        EMPTY,
        BAD_HEADER,
        UNKNOWN_SCHEMA,
        CORRUPT
    }

    private final Reason reason;

    public DecodeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
