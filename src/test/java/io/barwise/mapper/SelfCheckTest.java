package io.barwise.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barwise.Barwise;
import io.barwise.sysfs.Fixtures;
import io.barwise.sysfs.SysfsMachine;
import io.barwise.sysfs.Tar;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfCheckTest {

    @TempDir Path tmp;

    @Test
    void needsTheLiveMachine() {
        assertThatThrownBy(() -> SelfCheck.run(SysfsMachine.at(Fixtures.tree("microvm-guest")), Barwise.builtIn(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("live machine");
    }

    /** The bundle format: a ustar archive that tar(1) lists and extracts, symlinks kept. */
    @Test
    void tarArchivesASnapshotThatTarReads() throws Exception {
        Path snap = tmp.resolve("snap");
        io.barwise.sysfs.SnapshotWriter.write(SysfsMachine.at(Fixtures.tree("microvm-guest")), snap);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tar.directory(bytes, snap, "barwise-selfcheck/snapshot");
        Tar.file(bytes, "barwise-selfcheck/selfcheck.json", "{}".getBytes(StandardCharsets.UTF_8));
        Tar.finish(bytes);
        assertThat(bytes.size() % 512).isZero();
        Path archive = tmp.resolve("b.tar");
        Files.write(archive, bytes.toByteArray());
        Path out = Files.createDirectories(tmp.resolve("x"));
        Process p = new ProcessBuilder("tar", "xf", archive.toString(), "-C", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() != 127, "no tar(1) here");
        assertThat(p.exitValue()).as(log).isZero();
        Path root = out.resolve("barwise-selfcheck/snapshot");
        assertThat(Files.readString(out.resolve("barwise-selfcheck/selfcheck.json"))).isEqualTo("{}");
        assertThat(Files.isSymbolicLink(root.resolve("sys/bus/pci/devices/0000:00:01.0/driver"))).isTrue();
        assertThat(SysfsMachine.at(root).platform().platform()).isEqualTo(SysfsMachine.at(Fixtures.tree("microvm-guest")).platform().platform());
    }
}
