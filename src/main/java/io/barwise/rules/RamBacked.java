package io.barwise.rules;

/** Below the guest this BAR is host RAM (a KVM memslot), so the hypervisor's memory-type rules apply. */
public record RamBacked(String bdf, int bar, String rule) {}
