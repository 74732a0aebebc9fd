package io.barwise.rules;

/** Whether x86 PAT is in use (pat_enabled()): the platform's word, unless the kernel turned it off itself. */
public record PatState(boolean on, String why) {}
