package io.barwise.sysfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource tree of {@code /proc/iomem} or {@code /proc/ioports} (kernel/resource.c r_show():
 * two spaces of indent per level, {@code start-end : name}, end inclusive). A PCI BAR is an entry
 * named after its device ({@code 0000:00:01.0}); a driver's claim is a child entry under it, named
 * by the claimant ({@code virtio-pci-modern}, {@code nvme}). Without CAP_SYS_ADMIN the kernel
 * prints every address as 0, and then nothing can be said: {@link #parse} gives empty.
 */
public final class Iomem {

    /** One entry: {@code [start, end]} inclusive, its name, and the entries nested under it. */
    public record Entry(long start, long end, String name, List<Entry> children) {}

    private static final Pattern LINE = Pattern.compile("^( *)([0-9a-fA-F]+)-([0-9a-fA-F]+) : (.*)$");

    private final List<Entry> roots;

    private Iomem(List<Entry> roots) { this.roots = roots; }

    /** The tree, or empty when the text shows no address (read without privilege) or no entry at all. */
    public static Optional<Iomem> parse(String text) {
        List<Entry> roots = new ArrayList<>();
        List<List<Entry>> levels = new ArrayList<>(); // levels.get(d): the children list open at depth d
        levels.add(roots);
        boolean anyAddress = false;
        for (String line : text.split("\\R")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) continue;
            int depth = m.group(1).length() / 2;
            long start, end;
            try {
                start = Long.parseUnsignedLong(m.group(2), 16);
                end = Long.parseUnsignedLong(m.group(3), 16);
            } catch (NumberFormatException e) {
                continue;
            }
            if (start != 0 || end != 0) anyAddress = true;
            if (depth >= levels.size()) depth = levels.size() - 1; // malformed indent: attach to the deepest open level
            Entry e = new Entry(start, end, m.group(4).trim(), new ArrayList<>());
            levels.get(depth).add(e);
            while (levels.size() > depth + 1) levels.removeLast();
            levels.add(e.children());
        }
        return anyAddress ? Optional.of(new Iomem(roots)) : Optional.empty();
    }

    /**
     * Who claimed the BAR {@code [start, end]} of device {@code bdf}: the names of the entries nested
     * directly under the BAR's own entry (empty when none). Empty Optional when the tree has no entry
     * for the BAR (not assigned, or not inserted into the tree).
     */
    public Optional<List<String>> claimants(String bdf, long start, long end) {
        return find(roots, bdf, start, end).map(e -> e.children().stream().map(Entry::name).distinct().toList());
    }

    private static Optional<Entry> find(List<Entry> list, String bdf, long start, long end) {
        for (Entry e : list) {
            if (e.start() == start && e.end() == end && e.name().equals(bdf)) return Optional.of(e);
            if (Long.compareUnsigned(e.start(), start) <= 0 && Long.compareUnsigned(e.end(), end) >= 0) {
                Optional<Entry> inner = find(e.children(), bdf, start, end);
                if (inner.isPresent()) return inner;
            }
        }
        return Optional.empty();
    }

    public List<Entry> roots() { return List.copyOf(roots); }
}
