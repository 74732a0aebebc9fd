package io.barwise.model;

/** mmap protection the request asks for. */
public enum Prot {
    READ("r"), READ_WRITE("rw");

    private final String id;

    Prot(String id) { this.id = id; }

    public String id() { return id; }

    public static Prot parse(String s) { return Names.parse(Prot.class, s, Prot::id); }
}
