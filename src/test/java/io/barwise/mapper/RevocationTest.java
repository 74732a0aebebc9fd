package io.barwise.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revoked BAR mapping faults with SIGBUS on the next access, like a file mapping whose file was
 * truncated under it. HotSpot turns a SIGBUS in a memory-segment access into
 * {@code InternalError("a fault occurred in an unsafe memory access operation")}; BarMapping
 * rethrows it as {@link MappingRevokedException}. (In JIT-compiled loops HotSpot may deliver the
 * error later, at a safepoint poll outside BarMapping: see docs/real-sysfs.md.)
 */
class RevocationTest {
    @TempDir Path tmp;

    @Test
    void truncatedFileUnderTheMappingRaisesMappingRevoked() throws Exception {
        Path f = tmp.resolve("bar");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(2 * 4096);
            r.write(42);
        }
        try (BarMapping m = BarMapping.mapFile(f, 0, 2 * 4096, true)) {
            assertThat(m.read(0, 8)).isEqualTo(42);
            try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                r.setLength(0);
            }
            assertThatThrownBy(() -> m.read(4096, 32)).isInstanceOf(MappingRevokedException.class)
                    .hasMessageContaining("SIGBUS").hasCauseInstanceOf(InternalError.class);
            assertThatThrownBy(() -> m.write(0, 64, 1)).isInstanceOf(MappingRevokedException.class);
            assertThatThrownBy(() -> m.bytes(0, 16)).isInstanceOf(MappingRevokedException.class);
        }
        assertThat(Files.size(f)).isZero();
    }
}
