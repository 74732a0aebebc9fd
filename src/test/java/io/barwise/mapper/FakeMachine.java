package io.barwise.mapper;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** A root whose resource nodes are ordinary files with content, so real mmap(2) works without a device. */
final class FakeMachine {
    private FakeMachine() {}

    static final String BDF = "0000:00:02.0";

    /** An ivshmem-like device: BAR0 256 bytes at 0xfebfe000, BAR2 {@code bar2} bytes at 0xfe400000 (64-bit prefetchable). */
    static Path ivshmem(Path root, long bar2, String driver) throws Exception {
        Path d = Files.createDirectories(root.resolve("sys/bus/pci/devices/" + BDF));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), "6.1.0-56-amd64\n");
        Files.writeString(root.resolve("proc/cmdline"), "console=ttyS0\n");
        Files.writeString(d.resolve("vendor"), "0x1af4\n");
        Files.writeString(d.resolve("device"), "0x1110\n");
        Files.writeString(d.resolve("class"), "0x050000\n");
        Files.writeString(d.resolve("resource"), String.format(
                "0x00000000febfe000 0x00000000febfe0ff 0x0000000000040200%n0 0 0%n0x00000000fe400000 0x%016x 0x000000000014220c%n",
                0xfe400000L + bar2 - 1).replace("0 0 0", "0x0 0x0 0x0"));
        try (RandomAccessFile f = new RandomAccessFile(d.resolve("resource0").toFile(), "rw")) {
            f.setLength(4096);
            f.write("REGS".getBytes());
        }
        for (String n : new String[] {"resource2", "resource2_wc"}) {
            try (RandomAccessFile f = new RandomAccessFile(d.resolve(n).toFile(), "rw")) {
                f.setLength(bar2);
                f.write(new byte[] {0x68, 0x6f, 0x73, 0x74, 0x6d, 0x61, 0x72, 0x6b}); // "hostmark"
            }
        }
        if (driver != null) Files.writeString(d.resolve("driver"), driver + "\n");
        return root;
    }
}
