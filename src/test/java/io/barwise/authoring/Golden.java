package io.barwise.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden. Run with {@code -Dgolden.update=true} to rewrite them after
 * an intended output change, then review the diff.
 */
public final class Golden {
    private Golden() {}

    public static final Path DIR = Path.of("src/test/resources/golden");

    public static void assertMatches(String name, String actual) {
        Path f = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(f.getParent());
                Files.writeString(f, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(Files.exists(f)).as("golden file %s exists (create it with -Dgolden.update=true)", f).isTrue();
            assertThat(actual).as("output matches %s (rewrite with -Dgolden.update=true)", f).isEqualTo(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
