package io.barwise.model;

/**
 * A kernel release as {@code major.minor}; the patch level never changes BAR mmap behaviour.
 * barwise models {@link #OLDEST} to {@link #NEWEST} (read from Debian's linux-source packages);
 * a kernel outside that span is decided as the nearest modelled one ({@link #decidedAs()}).
 */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {

    /** Debian 11 (bullseye). */
    public static final KernelVersion OLDEST = new KernelVersion(5, 10);
    /** Debian experimental's 7.3. */
    public static final KernelVersion NEWEST = new KernelVersion(7, 3);

    public static KernelVersion parse(String text) {
        var m = java.util.regex.Pattern.compile("^\\s*(\\d+)\\.(\\d+)").matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new IllegalArgumentException("kernel version '" + text + "' is not of the form MAJOR.MINOR (e.g. 6.12)");
        }
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** True if this kernel is {@code major.minor} or newer (the version as given). */
    public boolean atLeast(int major, int minor) { return compareTo(new KernelVersion(major, minor)) >= 0; }

    /** Whether barwise models this version itself rather than deciding it as a neighbour. */
    public boolean modelled() { return compareTo(OLDEST) >= 0 && compareTo(NEWEST) <= 0; }

    /** The version barwise decides as: this one, or the nearest modelled one. */
    public KernelVersion decidedAs() {
        return compareTo(OLDEST) < 0 ? OLDEST : compareTo(NEWEST) > 0 ? NEWEST : this;
    }

    /** For version-guarded rules: the kernel barwise decides as is {@code major.minor} or newer. */
    public boolean from(int major, int minor) { return decidedAs().atLeast(major, minor); }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() { return major + "." + minor; }
}
