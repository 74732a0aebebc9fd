package io.barwise.sysfs;

import java.nio.file.Path;

/** The snapshot trees under src/test/resources/sysfs (read in place, so empty placeholder files stay as they are). */
public final class Fixtures {
    private Fixtures() {}

    public static Path tree(String name) {
        return Path.of("src/test/resources/sysfs").resolve(name).toAbsolutePath();
    }
}
