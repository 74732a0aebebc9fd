package io.barwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds examples/embed against barwise and runs it, as a separate program, on a fake machine tree. */
class EmbedExampleTest {

    @Test
    void decidesAndMapsAnIvshmemBar(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        // Absolute: the tool runs in its project directory (examples/embed).
        String cp = String.join(":", java.util.Arrays.stream(System.getProperty("java.class.path").split(":"))
                .map(e -> Path.of(e).toAbsolutePath().toString()).toList());
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp", cp,
                "examples/embed/src/main/java/example/EmbedExample.java");
        assertThat(rc).as("examples/embed compiles against barwise").isZero();

        Path root = machine(dir);
        Path bar = root.resolve("sys/bus/pci/devices/0000:00:02.0/resource2");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", classes + ":" + cp, "example.EmbedExample", root.toString(), Path.of("policies").toAbsolutePath().toString()));
        Process p = new ProcessBuilder(cmd).directory(new java.io.File("examples/embed")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("decision: resource2", "mapped", "word 0 was 0x29, now 0x2a");
        try (RandomAccessFile f = new RandomAccessFile(bar.toFile(), "r")) {
            byte[] b = new byte[8];
            f.readFully(b);
            assertThat(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(42);
        }
    }

    /** A machine tree: the ivshmem guest snapshot, with resource2 a real 4 MiB file (word 0 = 41) to map. */
    static Path machine(Path dir) throws Exception {
        Path root = dir.resolve("machine");
        copyTree(Path.of("src/test/resources/sysfs/ivshmem-guest"), root);
        Path dev = root.resolve("sys/bus/pci/devices/0000:00:02.0");
        Path bar = dev.resolve("resource2");
        try (RandomAccessFile f = new RandomAccessFile(bar.toFile(), "rw")) {
            f.setLength(4 << 20);
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(41).array());
        }
        Files.deleteIfExists(dev.resolve("driver"));
        // Every node of BAR2 is the same memory, as on a real machine.
        Files.delete(dev.resolve("resource2_wc"));
        Files.createLink(dev.resolve("resource2_wc"), bar);

        return root;
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) Files.createSymbolicLink(t, Files.readSymbolicLink(p));
                else if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
