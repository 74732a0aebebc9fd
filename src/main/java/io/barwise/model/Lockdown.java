package io.barwise.model;

/**
 * Kernel lockdown mode (security/lockdown/lockdown.c). Both active modes block PCI BAR mmap.
 * {@link #UNKNOWN}: the machine did not show it (securityfs unmounted, no dmesg, no config); a
 * decision that a lockdown would change says so.
 */
public enum Lockdown {
    NONE("none"), INTEGRITY("integrity"), CONFIDENTIALITY("confidentiality"), UNKNOWN("unknown");

    private final String id;

    Lockdown(String id) { this.id = id; }

    public String id() { return id; }

    /** Known to be integrity or confidentiality; {@link #UNKNOWN} is not. */
    public boolean active() { return this == INTEGRITY || this == CONFIDENTIALITY; }

    public boolean known() { return this != UNKNOWN; }

    public static Lockdown parse(String s) { return Names.parse(Lockdown.class, s, Lockdown::id); }
}
