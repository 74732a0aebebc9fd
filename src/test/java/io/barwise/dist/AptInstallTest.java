package io.barwise.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The Debian package as a user installs it: `apt install ./barwise_*.deb` on a real Debian 12 and 13
 * root (packaging/debian-root.sh: apt, man-db, bash-completion, no Java), then barwise, `man
 * barwise-map`, tab completion, an upgrade that keeps a local policy edit, remove and purge
 * (packaging/apt-install-test.sh). Runs with the lab (`bin/test -Plab`), after bin/test built the
 * release; the roots are fetched from deb.debian.org once and cached with the lab's kernels.
 */
@Tag("lab")
class AptInstallTest {
    static final List<String> SUITES = List.of("bookworm", "trixie");

    @TestFactory
    Stream<DynamicTest> aptInstallOnDebian() {
        return SUITES.stream().map(suite -> DynamicTest.dynamicTest("apt install ./barwise_*.deb on Debian " + suite, () -> {
            assumeTrue("root".equals(System.getProperty("user.name")), "needs root (mmdebstrap, chroot, mount)");
            Path deb = deb();
            Process root = new ProcessBuilder("packaging/debian-root.sh", suite).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line = new String(root.getInputStream().readAllBytes()).strip();
            assertThat(root.waitFor(900, TimeUnit.SECONDS)).as("debian-root.sh " + suite + " finishes").isTrue();
            assertThat(root.exitValue()).as("packaging/debian-root.sh " + suite + " (network to deb.debian.org?)").isZero();
            Path tar = Path.of(line.substring(line.indexOf(' ') + 1));

            Process test = new ProcessBuilder("packaging/apt-install-test.sh", tar.toString(), deb.toString()).redirectErrorStream(true).start();
            String out = new String(test.getInputStream().readAllBytes());
            assertThat(test.waitFor(600, TimeUnit.SECONDS)).isTrue();
            System.out.println(out);
            assertThat(test.exitValue()).as(out).isZero();
            assertThat(out).contains("ok: apt purge");
        }));
    }

    /** The package bin/test built; CI always has one, elsewhere the test is skipped without it. */
    static Path deb() throws Exception {
        Path dist = Path.of("target/dist");
        Path deb = null;
        if (Files.isDirectory(dist)) {
            try (Stream<Path> s = Files.list(dist)) {
                deb = s.filter(p -> p.getFileName().toString().endsWith("_amd64.deb")).findFirst().orElse(null);
            }
        }
        if (deb == null) {
            assertThat(System.getenv("CI")).as("CI runs the lab after bin/test built the release, but target/dist has no .deb").isNull();
            assumeTrue(false, "no target/dist/*_amd64.deb: run bin/dist first");
        }
        return deb.toAbsolutePath();
    }
}
