package io.barwise.sysfs;

/**
 * One platform fact and where it came from.
 *
 * @param name      e.g. {@code pat}, {@code lockdown}
 * @param value     the value used, as text
 * @param source    the file(s) it was read from, or why it was defaulted
 * @param defaulted true when nothing readable said it and {@link io.barwise.model.Platform#DEFAULT}'s value is used
 */
public record Fact(String name, String value, String source, boolean defaulted) {}
