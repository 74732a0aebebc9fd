package io.barwise.model;

/** Kernel lockdown mode (security/lockdown/lockdown.c). Both active modes block PCI BAR mmap. */
public enum Lockdown {
    NONE("none"), INTEGRITY("integrity"), CONFIDENTIALITY("confidentiality");

    private final String id;

    Lockdown(String id) { this.id = id; }

    public String id() { return id; }

    public boolean active() { return this != NONE; }

    public static Lockdown parse(String s) { return Names.parse(Lockdown.class, s, Lockdown::id); }
}
