package io.barwise.model;

/** CPU architecture of the platform whose kernel decides the mapping. */
public enum Arch {
    X86_64("x86_64"), ARM64("arm64"), PPC64LE("ppc64le");

    private final String id;

    Arch(String id) { this.id = id; }

    /** The name used in scenario files and output, e.g. {@code x86_64}. */
    public String id() { return id; }

    public static Arch parse(String s) { return Names.parse(Arch.class, s, Arch::id); }
}
