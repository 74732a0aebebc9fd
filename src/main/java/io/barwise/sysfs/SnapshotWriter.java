package io.barwise.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes what {@link SysfsMachine} reads into a directory with the same layout, so the machine can
 * be evaluated elsewhere ({@code --sysfs-root DIR}). Device directories are plain directories
 * (not symlinks into /sys/devices); resource nodes are empty placeholder files (BAR contents are
 * never copied); the bound driver is a relative symlink {@code driver -> ../../../../bus/pci/drivers/NAME}
 * that is never followed, only its last component read. Only the dmesg lines barwise reads (PAT,
 * MTRR, hypervisor, lockdown, the version banner) and only the DEVMEM/PAT/MTRR/LOCKDOWN lines of
 * the kernel config are kept. {@code barwise-snapshot.txt} records what is not a file copy: whether
 * /dev/mem exists.
 */
public final class SnapshotWriter {
    private SnapshotWriter() {}

    /** The kernel config lines a snapshot keeps: DEVMEM, X86_PAT, MTRR and lockdown options (whole name segments). */
    static final java.util.regex.Pattern CONFIG_KEPT = java.util.regex.Pattern.compile(
            "(# )?CONFIG_(\\w+_)?(DEVMEM|X86_PAT|MTRR|LOCKDOWN|LOCK_DOWN)(_\\w+)?(=.*| is not set)");

    /** The dmesg lines a snapshot keeps: the ones {@link SysfsMachine} reads facts from. */
    static final java.util.regex.Pattern DMESG_KEPT = java.util.regex.Pattern.compile(
            "PAT|(?i:mtrr)|Hypervisor detected|locked down|Linux version");

    /** Writes the snapshot; {@code out} must not exist or be an empty directory. Returns the files written. */
    public static List<String> write(SysfsMachine machine, Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) throw new IOException(out + " exists and is not a directory");
            try (var s = Files.list(out)) {
                if (s.findAny().isPresent()) throw new IOException(out + " is not empty");
            }
        }
        Files.createDirectories(out);
        List<String> written = new ArrayList<>();
        SafeRoot root = machine.root();
        for (String f : SysfsMachine.PLATFORM_FILES) {
            Optional<String> t = root.read(f);
            if (t.isPresent()) put(out, f, t.get(), written);
        }
        Optional<String> release = root.read("proc/sys/kernel/osrelease").map(String::trim);
        machine.kernelConfig(release).ifPresent(c -> {
            String name = release.filter(r -> r.matches("[A-Za-z0-9._+~-]+")).map(r -> "boot/config-" + r).orElse("boot/config-unknown");
            StringBuilder sb = new StringBuilder("# from " + c.getKey() + " (only the lines barwise reads)\n");
            for (String l : c.getValue().split("\\R")) {
                if (CONFIG_KEPT.matcher(l).matches()) sb.append(l).append('\n');
            }
            putUnchecked(out, name, sb.toString(), written);
        });
        machine.dmesg().ifPresent(d -> {
            StringBuilder sb = new StringBuilder();
            for (String l : d.split("\\R")) if (DMESG_KEPT.matcher(l).find()) sb.append(l).append('\n');
            if (sb.length() > 0) putUnchecked(out, SysfsMachine.DMESG_FILE, sb.toString(), written);
        });
        for (PciFunction f : machine.devices()) {
            String dir = SysfsMachine.DEVICES + "/" + f.device().bdf();
            Files.createDirectories(out.resolve(dir));
            for (String name : SysfsMachine.DEVICE_FILES) {
                Optional<String> t = root.read(dir + "/" + name);
                if (t.isPresent()) put(out, dir + "/" + name, t.get(), written);
            }
            for (String node : f.nodes()) put(out, dir + "/" + node, "", written);
            if (f.device().driver() != null) {
                try {
                    Files.createSymbolicLink(out.resolve(dir + "/driver"), Path.of("../../../../bus/pci/drivers/" + f.device().driver()));
                    written.add(dir + "/driver");
                } catch (IOException | UnsupportedOperationException e) {
                    put(out, dir + "/driver", f.device().driver() + "\n", written); // a file system without symlinks
                }
            }
        }
        put(out, SnapshotInfo.FILE, SnapshotInfo.now(root).json(), written);
        boolean devmem = machine.platform().platform().devmem();
        String devmemLine = machine.platform().platform().isUnknown("devmem") ? "" : "devmem: " + (devmem ? "present" : "absent") + "\n";
        put(out, SysfsMachine.SNAPSHOT_INFO, "barwise snapshot of " + machine.name() + " taken " + Instant.now() + "\n"
                + "Layout: see docs/real-sysfs.md. Resource nodes are empty placeholders.\n"
                + "format: 2\n" + devmemLine, written);
        return written;
    }

    private static void put(Path out, String rel, String text, List<String> written) throws IOException {
        Path p = out.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        written.add(rel);
    }

    private static void putUnchecked(Path out, String rel, String text, List<String> written) {
        try {
            put(out, rel, text, written);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
