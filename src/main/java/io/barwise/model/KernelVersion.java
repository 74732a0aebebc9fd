package io.barwise.model;

/** A kernel release as {@code major.minor}; the patch level never changes BAR mmap behaviour. */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {

    /** The oldest and newest kernel releases the rules model, inclusive: the one place this range is written. */
    public static final KernelVersion OLDEST_MODELLED = new KernelVersion(5, 10);
    public static final KernelVersion NEWEST_MODELLED = new KernelVersion(7, 3);

    public static KernelVersion parse(String text) {
        var m = java.util.regex.Pattern.compile("^\\s*(\\d+)\\.(\\d+)").matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new IllegalArgumentException("kernel version '" + text + "' is not of the form MAJOR.MINOR (e.g. 6.12)");
        }
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** True if this kernel is {@code major.minor} or newer. */
    public boolean atLeast(int major, int minor) { return compareTo(new KernelVersion(major, minor)) >= 0; }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() { return major + "." + minor; }
}
