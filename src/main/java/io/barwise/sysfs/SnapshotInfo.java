package io.barwise.sysfs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barwise.Barwise;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who and when a snapshot is of: the host name, the time it was taken, the kernel release and the
 * barwise version that took it. Stored in the snapshot as {@link #FILE}; for the live machine it is
 * read on the spot.
 */
public record SnapshotInfo(String host, String takenAt, String kernelRelease, String barwiseVersion) {

    public static final String FILE = "barwise-snapshot.json";
    static final String HOSTNAME = "proc/sys/kernel/hostname";

    /** The version of this barwise (the jar's Implementation-Version), or {@code development}. */
    public static String thisVersion() {
        String v = Barwise.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** The machine as it is now (for a live machine or a root being snapshotted). */
    public static SnapshotInfo now(SafeRoot root) {
        return new SnapshotInfo(root.read(HOSTNAME).map(String::trim).filter(s -> !s.isEmpty()).orElse(null),
                Instant.now().toString(), root.read("proc/sys/kernel/osrelease").map(String::trim).orElse(null), thisVersion());
    }

    /** What a snapshot recorded, or empty for a root without {@link #FILE} (an older snapshot, a hand-made tree). */
    public static Optional<SnapshotInfo> recorded(SafeRoot root) {
        Optional<String> text = root.read(FILE);
        if (text.isEmpty()) return Optional.empty();
        try {
            var n = new ObjectMapper().readTree(text.get());
            return Optional.of(new SnapshotInfo(field(n, "host"), field(n, "takenAt"), field(n, "kernelRelease"), field(n, "barwiseVersion")));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String field(com.fasterxml.jackson.databind.JsonNode n, String name) {
        var v = n.get(name);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("takenAt", takenAt);
        m.put("kernelRelease", kernelRelease);
        m.put("barwiseVersion", barwiseVersion);
        return m;
    }

    public String json() {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toMap()) + "\n";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
