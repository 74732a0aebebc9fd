package io.barwise.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.barwise.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The release as a user gets it (`mvn -Pdist verify`, after bin/dist's assembly in the package phase):
 * the tarball unpacked into a fresh directory and the Debian package installed into a throwaway root
 * run barwise with an empty environment and no JDK on the machine. The JDK is hidden by an empty
 * tmpfs over /usr/lib/jvm in a private mount namespace (unshare -m), which needs root; without it
 * the tests that run the release are skipped, saying why.
 */
class ReleaseIT {
    static final Path DIST = Path.of("target/dist");
    static final String SNAPSHOT = "src/test/resources/sysfs/ivshmem-guest";
    static Path tarball;
    static Path deb;

    record Run(int code, String out) {}

    @BeforeAll
    static void findRelease() throws IOException {
        tarball = Path.of(Files.readString(DIST.resolve("tarball")).strip());
        try (var s = Files.list(DIST)) {
            deb = s.filter(p -> p.getFileName().toString().endsWith("_amd64.deb")).findFirst().orElseThrow();
        }
        assertThat(tarball.getFileName().toString()).matches("barwise-.+-linux-x86_64\\.tar\\.gz");
    }

    static boolean canHideTheJdk() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"));
    }

    /** Runs a shell script; with {@code noJdk}, in a private mount namespace where /usr/lib/jvm is empty. */
    static Run sh(String script, boolean noJdk) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (noJdk) {
            cmd.addAll(List.of("unshare", "-m", "--propagation", "private", "/bin/sh", "-ec",
                    "mount -t tmpfs -o ro,size=1m none /usr/lib/jvm\n" + script));
        } else {
            cmd.addAll(List.of("/bin/sh", "-ec", script));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("finishes: " + script).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theTarballRunsWithNoJdkAndAnEmptyEnvironment(@TempDir Path dir) throws Exception {
        assumeTrue(canHideTheJdk(), "needs root and unshare(1) to hide /usr/lib/jvm in a private mount namespace");
        assertThat(sh("tar -C " + dir + " -xzf " + tarball.toAbsolutePath(), false).code()).isZero();
        Path home;
        try (var s = Files.list(dir)) { home = s.findFirst().orElseThrow(); }
        String bw = "cd " + home + " && env -i bin/barwise ";

        // The namespace really hides the JDK: nothing is left of it, and a checkout's bin/barwise gives up.
        Run hidden = sh("ls -A /usr/lib/jvm; " + Path.of("bin/barwise").toAbsolutePath() + " -V || echo exit=$?", true);
        assertThat(hidden.out()).startsWith("barwise needs JDK 25 or newer").contains("exit=1");

        Run version = sh(bw + "--version", true);
        assertThat(version.code()).as(version.out()).isZero();
        assertThat(version.out()).contains("barwise " + home.getFileName().toString().substring("barwise-".length()),
                "commit ", "Drools 10.", "kernels modelled: Linux ");

        Run eval = sh(bw + "eval examples/ivshmem-plain.yaml", true);
        assertThat(eval.code()).as(eval.out()).isZero();
        assertThat(eval.out()).startsWith("policy: built-in").contains("#0 0000:00:02.0 BAR2 policy intent  ->  resource2_wc  mapped");

        Run check = sh(bw + "check policies examples", true);
        assertThat(check.code()).as(check.out()).isZero();
        assertThat(check.out()).contains("0 error(s)");

        Run scan = sh(bw + "scan --sysfs-root " + Path.of(SNAPSHOT).toAbsolutePath(), true);
        assertThat(scan.code()).as(scan.out()).isZero();
        assertThat(scan.out()).contains("0000:00:02.0 1af4:1110", "[intent cacheable (from policy ivshmem-shared-memory-is-cacheable)]");

        // User DRL is compiled at run time, which needs more of the runtime than the built-in rules do.
        Path drl = dir.resolve("site.drl");
        Files.writeString(drl, "package site;\nimport io.barwise.rules.*;\nrule \"site: a note on every BAR2 request\"\nwhen\n"
                + "    MmapRequest( bar == 2 )\nthen\nend\n");
        Run rules = sh(bw + "eval -v --rules " + drl + " examples/ivshmem-plain.yaml", true); // -v: the rules that fired
        assertThat(rules.code()).as(rules.out()).isZero();
        assertThat(rules.out().replaceAll("\\s+", " ")).contains("site: a note on every BAR2 request"); // the rules line wraps at 80 columns

        // A man page for every command and every command in the completion, from the same picocli model.
        for (String c : commands()) {
            assertThat(home.resolve("share/man/man1/" + c + ".1")).as("man page of " + c).isRegularFile();
        }
        String bash = Files.readString(home.resolve("share/completion/bash/barwise"));
        for (String c : new CommandLine(new Main()).getSubcommands().keySet()) {
            if (!new CommandLine(new Main()).getSubcommands().get(c).getCommandSpec().usageMessage().hidden()) assertThat(bash).contains(c);
        }
    }

    @Test
    void theDebianPackageHoldsTheReleaseAndThePolicyAsConffiles() throws Exception {
        Run contents = sh("dpkg-deb -c " + deb.toAbsolutePath(), false);
        assertThat(contents.code()).isZero();
        assertThat(contents.out()).contains("./usr/bin/barwise -> ../lib/barwise/bin/barwise", "./usr/lib/barwise/runtime/bin/java",
                "./usr/lib/barwise/lib/app/barwise.jar", "./usr/lib/barwise/lib/barwise.aot", "./etc/barwise/policies/default.yaml",
                "./usr/share/man/man1/barwise.1.gz", "./usr/share/man/man1/barwise-map.1.gz",
                "./usr/share/bash-completion/completions/barwise", "./usr/share/zsh/vendor-completions/_barwise");
        assertThat(contents.out()).doesNotContain("policies/tests");
        Run conffiles = sh("dpkg-deb -I " + deb.toAbsolutePath() + " conffiles; dpkg-deb -f " + deb.toAbsolutePath() + " Package Architecture Depends", false);
        assertThat(conffiles.out()).contains("/etc/barwise/policies/default.yaml", "Package: barwise", "Architecture: amd64", "Depends: libc6");
    }

    /**
     * The package installed with dpkg into a throwaway root that has glibc and a shell but no JDK (a
     * chroot built from the host's libraries), run there, then removed: the policy, a conffile, stays
     * until purged.
     */
    @Test
    void theDebianPackageInstallsRunsInAChrootAndRemovesCleanly(@TempDir Path root) throws Exception {
        assumeTrue(canHideTheJdk(), "needs root and unshare(1) for dpkg --root and a chroot");
        String r = root.toString();
        String dpkg = "dpkg --root=" + r + " --force-script-chrootless --force-not-root --force-depends ";
        Run install = sh("mkdir -p " + r + "/var/lib/dpkg/info " + r + "/var/lib/dpkg/updates " + r + "/tmp\n"
                + "touch " + r + "/var/lib/dpkg/status " + r + "/var/lib/dpkg/available\n"
                + dpkg + "-i " + deb.toAbsolutePath(), false);
        assertThat(install.code()).as(install.out()).isZero();
        assertThat(root.resolve("etc/barwise/policies/default.yaml")).isRegularFile();

        // Just enough of a system: the host's C library (no other library of it), /dev, /proc, a shell, env and readlink.
        String chroot = "for d in usr/lib/x86_64-linux-gnu lib64; do mkdir -p " + r + "/$d; mount --bind -o ro /$d " + r + "/$d; done\n"
                + "mkdir -p " + r + "/dev " + r + "/proc; mount --bind /dev " + r + "/dev; mount -t proc proc " + r + "/proc\n"
                + "ln -sfn usr/lib " + r + "/lib\n"
                + "mkdir -p " + r + "/bin && cp /bin/sh /usr/bin/readlink /usr/bin/env " + r + "/bin/\n"
                + "mkdir -p " + r + "/work && cp -r " + Path.of(SNAPSHOT).toAbsolutePath() + " " + r + "/work/snapshot\n";
        Run eval = sh(chroot + "chroot " + r + " /bin/env -i /usr/bin/barwise eval /usr/share/doc/barwise/examples/ivshmem-plain.yaml", true);
        assertThat(eval.code()).as(eval.out()).isZero();
        assertThat(eval.out()).startsWith("policy: /etc/barwise/policies (the machine's policy)").contains("resource2_wc  mapped");
        Run scan = sh(chroot + "chroot " + r + " /bin/env -i /usr/bin/barwise scan --sysfs-root /work/snapshot", true);
        assertThat(scan.code()).as(scan.out()).isZero();
        assertThat(scan.out()).contains("0000:00:02.0 1af4:1110");

        Run remove = sh(dpkg + "-r barwise", false);
        assertThat(remove.code()).as(remove.out()).isZero();
        assertThat(root.resolve("usr/lib/barwise")).doesNotExist();
        assertThat(root.resolve("usr/bin/barwise")).doesNotExist();
        assertThat(root.resolve("etc/barwise/policies/default.yaml")).as("a conffile stays until purge").isRegularFile();
        Run purge = sh(dpkg + "-P barwise", false);
        assertThat(purge.code()).as(purge.out()).isZero();
        assertThat(root.resolve("etc/barwise")).doesNotExist();
    }

    /** barwise and barwise-COMMAND for every visible command of the CLI. */
    static List<String> commands() {
        List<String> out = new ArrayList<>(List.of("barwise"));
        new CommandLine(new Main()).getSubcommands().forEach((n, c) -> {
            if (!c.getCommandSpec().usageMessage().hidden()) out.add("barwise-" + n);
        });
        return out;
    }
}
