package io.barwise.model;

/** The end of one request. */
public enum Outcome {
    /** The kernel maps it. */
    MAPPED("mapped"),
    /** The kernel refuses it with an errno. */
    REFUSED("refused"),
    /** A site policy denies it before the kernel is asked. */
    DENIED("denied");

    private final String id;

    Outcome(String id) { this.id = id; }

    public String id() { return id; }
}
