package io.barwise.rules;

/** The BAR carries IORESOURCE_CACHEABLE and the running kernel honours it (the ivshmem quirk). */
public record Cacheable(String bdf, int bar, String rule) {}
