package io.barwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/embed as the separate Maven project it is: barwise just built is installed as
 * io.barwise:barwise (install:install-file, as `mvn install` would), then the example project is
 * compiled by Maven against that coordinate and run with exec:exec on a fake machine tree.
 */
class EmbedProjectIT {

    @Test
    void theEmbedExampleBuildsWithMavenAgainstTheInstalledCoordinate(@TempDir Path dir) throws Exception {
        String version = BuildInfo.current().version();
        mvn(Path.of("."), "install:install-file", "-Dfile=target/barwise.jar", "-DpomFile=pom.xml");
        Path project = dir.resolve("embed");
        EmbedExampleTest.copyTree(Path.of("examples/embed"), project);
        Path machine = EmbedExampleTest.machine(dir);
        String out = mvn(project, "-Dbarwise.version=" + version, "package", "exec:exec",
                "-Dexec.args=" + machine + " " + Path.of("policies").toAbsolutePath());
        assertThat(out).contains("decision: resource2", "mapped", "word 0 was 0x29, now 0x2a");
    }

    static String mvn(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-q", "-B"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }
}
