package io.barwise.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.barwise.engine.DecisionEngine;
import io.barwise.mapper.Verification;
import io.barwise.mapper.Verification.Check;
import io.barwise.mapper.Verification.Observed;
import io.barwise.model.Decision;
import io.barwise.model.Errno;
import io.barwise.model.MemType;
import io.barwise.model.NodeKind;
import io.barwise.model.Platform;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.sysfs.PciFunction;
import io.barwise.sysfs.SysfsMachine;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The real-kernel lab: per kernel and boot option set, boot ONE QEMU guest (lab/boot.sh) with two
 * ivshmem-plain devices: 4 MiB with BAR 2 below 4 GiB under the uncachable MTRR, and 2 GiB with
 * BAR 2 above 4 GiB. In the guest (the host's JDK and classes over the 9p root) a short script of
 * steps runs; each phase is a snapshot plus every mapping scenario of its plan on both devices in one
 * JVM ({@code barwise lab-run}). On the host, each step is predicted from that phase's snapshot
 * with the engine and compared: node presence, outcome (mapped or errno), PAT memtype, the data path
 * (a host marker read through every node, guest pokes seen in the backing file), driver binds and
 * revocation of a mapping made before a driver claimed the BAR. One JUnit test per phase; reports under
 * target/lab/. Skipped (with the reason) when QEMU or the guest kernels are missing; run with
 * {@code bin/test -Plab} after {@code lab/setup.sh}; select boots with {@code -Dbarwise.lab.only=REGEX}
 * (or BARWISE_LAB_ONLY) matched against e.g. {@code debian-6.1-nopat}.
 */
@Tag("lab")
class LabTest {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path CACHE = Path.of(System.getenv().getOrDefault("BARWISE_LAB_CACHE", "/var/cache/barwise-lab"));
    static final Path OUT = REPO.resolve("target/lab");
    static final long MARKER = 0x6b72616d74736f68L; // "hostmark" little-endian
    static final int PAGE = 4096;
    static final long LOW = 4L << 20, HIGH = 2L << 30;
    static final List<Long> SIZES = List.of(LOW, HIGH);
    /**
     * Seconds a guest may run (barwise.lab.timeout): an idle 2-core machine needs 1-3 minutes per
     * boot, one loaded by other work (load average 30) 15 minutes and more.
     */
    static final int TIMEOUT = Integer.getInteger("barwise.lab.timeout", 2400);

    /**
     * What a guest does, phase by phase. base: every scenario on the unbound devices. uio: both devices
     * bound to uio_pci_generic (DPDK's flow: driver_override, drivers_probe, then map resourceN through
     * sysfs). claim: a mapping made before our barwise_claim driver (lab/kernel/claim, built into the
     * minimal kernels) claims BAR 2, then, with the claim held, what user space gets.
     */
    enum Phase { BASE, UIO, CLAIM }

    /** One guest boot: kernel (Debian name, or tiny-VARIANT from lab/kernel), a name, the kernel command line, phases. */
    record Boot(String kernel, String name, String append, List<Phase> phases) {
        String id() { return kernel + "-" + name; }
    }

    static final List<String> DEBIAN = List.of("debian-5.10", "debian-6.1", "debian-6.12", "debian-6.12-deb13", "debian-7.2", "debian-7.3");

    /**
     * The matrix: every kernel boots the default command line (both devices: the BAR under the
     * uncachable MTRR and the 2 GiB BAR above 4 GiB in one guest); nopat and lockdown on the oldest and
     * newest Debian kernel (6.1 and 6.12 behaved the same as both in earlier runs); uio on every Debian
     * kernel; the claiming driver on every minimal kernel, and once with iomem=relaxed (no exclusivity,
     * no revocation: what a later user mapping inherits from the driver's PAT entry) - all but the
     * stock kernel's claim phase with -Dbarwise.lab.claim=true until a run has confirmed them.
     */
    static List<Boot> matrix() {
        List<Boot> boots = new ArrayList<>();
        for (String k : DEBIAN) boots.add(new Boot(k, "default", "", List.of(Phase.BASE, Phase.UIO)));
        for (String k : List.of("debian-5.10", "debian-7.3")) {
            boots.add(new Boot(k, "nopat", "nopat", List.of(Phase.BASE)));
            boots.add(new Boot(k, "lockdown", "lockdown=integrity", List.of(Phase.BASE)));
        }
        // The claim phase (our claiming driver, issue 16) has run on the stock kernel (22 of 22 agree);
        // on quirk, wb and with iomem=relaxed it joins the matrix with -Dbarwise.lab.claim=true until a
        // run has confirmed it there too.
        boolean claim = Boolean.getBoolean("barwise.lab.claim");
        boots.add(new Boot("tiny-stock", "default", "", List.of(Phase.BASE, Phase.CLAIM)));
        for (String v : List.of("quirk", "wb")) {
            boots.add(new Boot("tiny-" + v, "default", "", claim ? List.of(Phase.BASE, Phase.CLAIM) : List.of(Phase.BASE)));
        }
        if (claim) boots.add(new Boot("tiny-stock", "relaxed", "iomem=relaxed", List.of(Phase.CLAIM)));
        return boots;
    }

    /** Called by each test, so that every skipped boot is reported as skipped with the reason. */
    static void harness() {
        String why = harnessProblem();
        skipUnless(why == null, why);
    }

    /** Null when guests can boot here, else why not. */
    static String harnessProblem() {
        if (!onPath("qemu-system-x86_64")) return "qemu-system-x86_64 is not installed: run lab/setup.sh (lab tests skipped)";
        if (!Files.isExecutable(REPO.resolve("lab/boot.sh"))) return "lab/boot.sh is missing from this tree (lab tests skipped)";
        String why = qemuRuns();
        if (why != null) return "qemu-system-x86_64 cannot run here: " + why + " (lab tests skipped)";
        if (!Files.isDirectory(Path.of("/dev/shm")) || !Files.isWritable(Path.of("/dev/shm"))) return "/dev/shm is not writable (lab tests skipped)";
        return null;
    }

    /** Null if QEMU runs and offers TCG ({@code -accel help}), else what went wrong. */
    static String qemuRuns() {
        try {
            Process p = new ProcessBuilder("qemu-system-x86_64", "-accel", "help").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "'qemu-system-x86_64 -accel help' did not return in 30 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) return "'qemu-system-x86_64 -accel help' exit " + p.exitValue() + ": " + out;
            return out.contains("tcg") ? null : "no TCG accelerator (" + out.replace('\n', ' ') + ")";
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * One container per boot, one test per phase. The selected boots start at once on a pool of
     * {@code barwise.lab.jobs} (or BARWISE_LAB_JOBS, default 2) threads: a TCG guest keeps about one
     * core busy, so two guests use a 2-core machine; the tests then wait for their boot in order.
     */
    @TestFactory
    Stream<DynamicNode> lab() {
        String only = System.getProperty("barwise.lab.only", System.getenv("BARWISE_LAB_ONLY"));
        int jobs = Integer.parseInt(System.getProperty("barwise.lab.jobs", System.getenv().getOrDefault("BARWISE_LAB_JOBS", "2")));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "lab-boot");
            t.setDaemon(true);
            return t;
        });
        boolean canBoot = harnessProblem() == null;
        // collected first: JUnit pulls a dynamic stream lazily, and every boot must be submitted now
        List<DynamicNode> nodes = matrix().stream().map(b -> {
            Booted booted = new Booted(b, only == null || only.isBlank() || b.id().matches(only), only);
            if (canBoot && booted.selected) booted.future = pool.submit(booted::runCatching);
            return DynamicContainer.dynamicContainer(b.id(), b.phases().stream().map(ph ->
                    DynamicTest.dynamicTest(b.id() + " " + ph.name().toLowerCase(java.util.Locale.ROOT), () -> booted.check(ph))));
        }).map(DynamicNode.class::cast).toList();
        return nodes.stream();
    }

    /** A boot, run once (on the pool); each phase test then compares its part. */
    static final class Booted {
        final Boot boot;
        final boolean selected;
        final String only;
        Path out, kdir;
        final Map<Long, Path> shm = new LinkedHashMap<>();
        volatile Throwable failed;
        Future<?> future;

        Booted(Boot boot, boolean selected, String only) {
            this.boot = boot;
            this.selected = selected;
            this.only = only;
        }

        void runCatching() {
            try {
                run();
            } catch (Throwable t) {
                failed = t;
            }
        }

        void check(Phase ph) throws Throwable {
            harness();
            skipUnless(selected, "not selected by barwise.lab.only / BARWISE_LAB_ONLY=" + only);
            synchronized (this) {
                if (future == null) future = java.util.concurrent.CompletableFuture.runAsync(this::runCatching, Runnable::run);
            }
            future.get();
            if (failed != null) throw failed;
            checkPhase(this, ph);
        }

        void run() throws Exception {
            String bootKernel;
            if (boot.kernel().startsWith("tiny-")) {
                Path bz = builtKernel(boot.kernel().substring("tiny-".length()));
                kdir = bz.getParent();
                bootKernel = bz.toString();
            } else {
                kdir = CACHE.resolve("kernels").resolve(boot.kernel());
                skipUnless(Files.exists(kdir.resolve("vmlinuz")), "guest kernel " + boot.kernel() + " is not in " + CACHE + "/kernels: run lab/setup.sh");
                bootKernel = boot.kernel();
            }
            out = OUT.resolve(boot.id());
            deleteTree(out);
            Files.createDirectories(out);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            for (Phase ph : boot.phases()) {
                for (Map.Entry<String, List<Map<String, Object>>> run : plans(ph).entrySet()) {
                    Files.createDirectories(out.resolve(run.getKey()));
                    json.writeValue(out.resolve(run.getKey()).resolve("plan.json").toFile(), Map.of("vendor", "0x1af4", "device", "0x1110", "targets", run.getValue()));
                }
            }
            Files.writeString(out.resolve("guest.sh"), guestScript(boot), StandardCharsets.UTF_8);
            List<String> files = new ArrayList<>();
            for (long size : SIZES) {
                Path f = Files.createTempFile(Path.of("/dev/shm"), "barwise-labtest-", ".shm");
                shm.put(size, f);
                files.add(f.toString());
                try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                    r.setLength(size);
                    r.seek(0);
                    r.write(le(MARKER));
                }
            }
            try {
                List<String> cmd = List.of(REPO.resolve("lab/boot.sh").toString(), "--kernel", bootKernel, "--append", boot.append(),
                        "--shm", "4M,2G", "--shm-file", String.join(",", files), "--run", out.resolve("guest.sh").toString(),
                        "--out", out.toString(), "--timeout", String.valueOf(TIMEOUT), "--share", REPO.toString());
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("boot.log").toFile()).start();
                assertThat(p.waitFor(TIMEOUT + 60, TimeUnit.SECONDS)).as("boot.sh finished").isTrue();
                Files.writeString(out.resolve("boot.rc"), p.exitValue() + "\n");
                // the pokes the guest made, read before the files go
                for (Map.Entry<Long, Path> e : shm.entrySet()) {
                    try (RandomAccessFile r = new RandomAccessFile(e.getValue().toFile(), "r")) {
                        byte[] b = new byte[32 * PAGE];
                        r.readFully(b);
                        Files.write(out.resolve("shm-head-" + e.getKey() + ".bin"), b);
                    }
                }
            } finally {
                for (Path f : shm.values()) Files.deleteIfExists(f);
            }
        }
    }

    /** The lab-run plans of a phase, by run name (the guest runs them in this order). */
    static Map<String, List<Map<String, Object>>> plans(Phase ph) {
        Map<String, List<Map<String, Object>>> m = new LinkedHashMap<>();
        switch (ph) {
            case BASE -> m.put("base", SIZES.stream().map(s -> target(s, plan(s))).toList());
            case UIO -> m.put("uio", SIZES.stream().map(s -> target(s, uioPlan())).toList());
            case CLAIM -> {
                m.put("claim-revoke", SIZES.stream().map(s -> target(s, revokePlan())).toList());
                m.put("claimed", SIZES.stream().map(s -> target(s, claimedPlan())).toList());
            }
        }
        return m;
    }

    static Map<String, Object> target(long size, List<Map<String, Object>> scenarios) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("size", size);
        t.put("scenarios", scenarios);
        return t;
    }

    /** The guest script: helpers, then one line per step. A new step (e.g. a self-check) is one more line. */
    static String guestScript(Boot boot) {
        List<String> steps = new ArrayList<>();
        for (Phase ph : boot.phases()) {
            switch (ph) {
                case BASE -> {
                    steps.add("step base labrun base");
                    // barwise's own check of this machine, as a user runs it (issue 10, section 5)
                    steps.add("step selfcheck barwise selfcheck");
                    // the user-facing command once per kernel, where resource2_wc maps (no nopat, no lockdown)
                    // the user-facing command once per kernel, where resource2_wc maps (no nopat, no lockdown),
                    // from the release with the JDK hidden as on a user's machine (issue 13), else the checkout
                    if (boot.append().isEmpty()) {
                        steps.add("step map-verify " + (release() != null ? "release" : "barwise") + " map \"$(bdf_of " + LOW
                                + ")\" 2 --node resource2_wc --read 0:64 --verify --format json");
                    }
                }
                case UIO -> {
                    steps.add("step uio-bind bind_all uio_pci_generic");
                    steps.add("step uio-iomem cat /proc/iomem");
                    steps.add("step uio labrun uio");
                }
                case CLAIM -> {
                    steps.add("step claim-revoke labrun claim-revoke");
                    steps.add("step claimed-iomem cat /proc/iomem");
                    steps.add("step claimed labrun claimed");
                    steps.add("step claim-dmesg dmesg");
                }
            }
        }
        return guestPreamble() + String.join("\n", steps) + "\nexit 0\n";
    }

    static String guestPreamble() {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String jar = REPO.resolve("target/barwise.jar").toString();
        String classpath = Stream.of(cp.split(":")).filter(e -> !e.contains("surefire") && (!e.startsWith("/tmp") || e.startsWith(REPO.toString()))).reduce((a, b) -> a + ":" + b)
                .orElse(jar);
        return "#!/bin/sh\n"
                + "# run by lab/boot.sh inside the guest, chrooted into the host root\n"
                + "cd /tmp\n"
                + "barwise() { '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto --enable-native-access=ALL-UNNAMED"
                + " -cp '" + classpath + "' io.barwise.cli.Main \"$@\"; }\n"
                + releaseFunction()
                + "# step NAME CMD...: runs CMD; its output goes to $LAB_OUT/NAME.out, its exit code to $LAB_OUT/NAME.rc\n"
                + "step() { n=$1; shift; echo \"labtest: $n starts\"; \"$@\" > \"$LAB_OUT/$n.out\" 2>&1; r=$?; echo $r > \"$LAB_OUT/$n.rc\"; echo \"labtest: $n exit $r\"; }\n"
                + "# labrun NAME: snapshot, then the scenarios of $LAB_OUT/NAME/plan.json\n"
                + "labrun() { barwise lab-run \"$LAB_OUT/$1/plan.json\" \"$LAB_OUT/$1/results.json\" --snapshot \"$LAB_OUT/$1/snapshot\"; }\n"
                + "# the ivshmem devices; bdf_of SIZE: the one whose BAR 2 has SIZE bytes\n"
                + "ivshmem() { for d in /sys/bus/pci/devices/*; do [ \"$(cat $d/vendor) $(cat $d/device)\" = '0x1af4 0x1110' ] && echo ${d##*/}; done; }\n"
                + "bdf_of() { want=$1; for b in $(ivshmem); do set -- $(sed -n 3p /sys/bus/pci/devices/$b/resource); [ $(($2 - $1 + 1)) = $want ] && echo $b; done; }\n"
                + "# bind_all DRIVER: every ivshmem device to DRIVER through driver_override (as dpdk-devbind does)\n"
                + "bind_all() { for b in $(ivshmem); do echo $1 > /sys/bus/pci/devices/$b/driver_override && echo $b > /sys/bus/pci/drivers_probe;"
                + " echo \"$b -> $(basename \"$(readlink /sys/bus/pci/devices/$b/driver)\")\"; done; }\n";
    }

    /**
     * The release's barwise as a user's machine runs it: with an empty environment and an empty tmpfs
     * over /usr/lib/jvm in a private mount namespace, so nothing of the host's JDK is reachable.
     */
    static String releaseFunction() {
        Path home = release();
        if (home == null) return "";
        return "# release CMD...: the release's barwise with the JDK hidden (fails if /usr/lib/jvm is not empty)\n"
                + "release() { unshare -m --propagation private /bin/sh -c 'mount -t tmpfs -o ro,size=1m none /usr/lib/jvm"
                + " && [ -z \"$(ls -A /usr/lib/jvm)\" ] && echo \"release: /usr/lib/jvm hidden\" >&2 && exec env -i \"$@\"' sh '"
                + home.resolve("bin/barwise") + "' \"$@\"; }\n";
    }

    private static Path release;
    private static boolean releaseLooked;

    /**
     * The release tarball (bin/dist, named by target/dist/tarball) unpacked under target/lab/release, or
     * null when this tree has none. CI builds the release before the lab, so there it must exist.
     */
    static synchronized Path release() {
        if (releaseLooked) return release;
        releaseLooked = true;
        try {
            Path named = REPO.resolve("target/dist/tarball");
            Path tarball = Files.exists(named) ? Path.of(Files.readString(named).strip()) : null;
            if (tarball == null || !Files.exists(tarball)) {
                assertThat(System.getenv("CI")).as("CI runs the lab after bin/test built the release, but " + named + " names no tarball").isNull();
                System.out.println("lab: no release tarball (bin/dist): the guest runs the checkout's barwise");
                return null;
            }
            Path dir = OUT.resolve("release");
            deleteTree(dir);
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("tar", "-C", dir.toString(), "-xzf", tarball.toAbsolutePath().toString()).inheritIO().start();
            assertThat(p.waitFor()).as("tar -xzf " + tarball).isZero();
            try (Stream<Path> s = Files.list(dir)) {
                release = s.findFirst().orElseThrow();
            }
            return release;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("unpacking the release for the lab: " + e, e);
        }
    }

    // ------------------------------------------------------------------ plan

    static List<Map<String, Object>> plan(long size) {
        List<Map<String, Object>> s = new ArrayList<>();
        s.add(scenario("resource2 held", step(2, "resource2", 0, null, true)));
        s.add(scenario("resource2_wc held", step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("resource2 then resource2_wc, both held", step(2, "resource2", 0, null, true), step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("resource2_wc then resource2, both held", step(2, "resource2_wc", 0, null, true), step(2, "resource2", 0, null, true)));
        s.add(scenario("resource2_wb held (only on the resource-wb kernel)", step(2, "resource2_wb", 0, null, true)));
        s.add(scenario("resource2_wb then resource2, both held", step(2, "resource2_wb", 0, null, true), step(2, "resource2", 0, null, true)));
        s.add(scenario("resource2 then resource2_wb, both held", step(2, "resource2", 0, null, true), step(2, "resource2_wb", 0, null, true)));
        s.add(scenario("resource2_wb then resource2_wc, both held", step(2, "resource2_wb", 0, null, true), step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("devmem then resource2_wb, both held", step(2, "devmem", 0, null, true), step(2, "resource2_wb", 0, null, true)));
        s.add(scenario("resource0 one page (256-byte BAR)", step(0, "resource0", 0, (long) PAGE, true)));
        s.add(scenario("resource0 two pages", step(0, "resource0", 0, 2L * PAGE, true)));
        s.add(scenario("resource0_wc (BAR0 not prefetchable)", step(0, "resource0_wc", 0, (long) PAGE, true)));
        s.add(scenario("resource2 second page only", step(2, "resource2", PAGE, (long) PAGE, true)));
        s.add(scenario("resource2 offset at BAR end", step(2, "resource2", size, (long) PAGE, true)));
        s.add(scenario("resource2 length one page past BAR", step(2, "resource2", 0, size + PAGE, true)));
        s.add(scenario("resource2 unaligned offset", step(2, "resource2", 100, (long) PAGE, true)));
        s.add(scenario("devmem (no O_SYNC)", step(2, "devmem", 0, null, true)));
        s.add(scenario("devmem-sync (O_SYNC)", step(2, "devmem-sync", 0, null, true)));
        s.add(scenario("resource2 then devmem, both held", step(2, "resource2", 0, null, true), step(2, "devmem", 0, null, true)));
        s.add(scenario("devmem then resource2, both held", step(2, "devmem", 0, null, true), step(2, "resource2", 0, null, true)));
        s.add(scenario("devmem then resource2_wc, both held", step(2, "devmem", 0, null, true), step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("devmem then devmem-sync, both held", step(2, "devmem", 0, null, true), step(2, "devmem-sync", 0, null, true)));
        s.add(scenario("devmem-sync then devmem, both held", step(2, "devmem-sync", 0, null, true), step(2, "devmem", 0, null, true)));
        s.add(scenario("resource0 256 bytes (rounded to a page)", step(0, "resource0", 0, 256L, true)));
        // data path: read the host marker at 0, poke a value at page k; each mapping released before the next
        String[] nodes = {"resource2", "resource2_wc", "devmem", "devmem-sync", "resource2_wb"};
        for (int k = 0; k < nodes.length; k++) s.add(data(nodes[k], k));
        return s;
    }

    /** A data scenario: read the host marker at 0, poke value k at page k + 1; the mapping is released at once. */
    static Map<String, Object> data(String node, int k) {
        Map<String, Object> st = step(2, node, 0, 32L * PAGE, false);
        st.put("write", true);
        st.put("reads", List.of("0:64"));
        st.put("pokes", List.of(String.format("0x%x:64=0x%x", (k + 1) * PAGE, poke(k))));
        return scenario("data " + node, st);
    }

    /** With uio_pci_generic bound: what DPDK does (resource2 and its data path) and the other nodes. */
    static List<Map<String, Object>> uioPlan() {
        List<Map<String, Object>> s = new ArrayList<>();
        s.add(scenario("resource2 held", step(2, "resource2", 0, null, true)));
        s.add(scenario("resource2_wc held", step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("resource0 one page (256-byte BAR)", step(0, "resource0", 0, (long) PAGE, true)));
        s.add(scenario("devmem (no O_SYNC)", step(2, "devmem", 0, null, true)));
        s.add(scenario("devmem-sync (O_SYNC)", step(2, "devmem-sync", 0, null, true)));
        s.add(data("resource2", 10));
        s.add(data("resource2_wc", 11));
        return s;
    }

    /**
     * Before the claim: resource2 and /dev/mem (O_SYNC) mapped and held, then barwise_claim binds
     * (pci_request_region + memremap WB), then both mappings are touched again.
     */
    static List<Map<String, Object>> revokePlan() {
        Map<String, Object> sysfs = step(2, "resource2", 0, 32L * PAGE, true);
        sysfs.put("reads", List.of("0:64"));
        Map<String, Object> devmem = step(2, "devmem-sync", 0, 32L * PAGE, true);
        devmem.put("reads", List.of("0:64"));
        return List.of(scenario("mapped before the claim, touched after it", sysfs, devmem, action("bind", "driver", "barwise_claim"),
                touch(0), touch(1)));
    }

    /** With barwise_claim bound (BAR 2 busy, mapped write-back by the driver): what user space gets. */
    static List<Map<String, Object>> claimedPlan() {
        List<Map<String, Object>> s = new ArrayList<>();
        s.add(scenario("resource2 held", step(2, "resource2", 0, null, true)));
        s.add(scenario("resource2_wc held", step(2, "resource2_wc", 0, null, true)));
        s.add(scenario("resource2_wb held (only on the resource-wb kernel)", step(2, "resource2_wb", 0, null, true)));
        s.add(scenario("resource0 one page (BAR0 is not claimed)", step(0, "resource0", 0, (long) PAGE, true)));
        s.add(scenario("devmem (no O_SYNC)", step(2, "devmem", 0, null, true)));
        s.add(scenario("devmem-sync (O_SYNC)", step(2, "devmem-sync", 0, null, true)));
        return s;
    }

    static Map<String, Object> action(String action, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put(key, value);
        return m;
    }

    static Map<String, Object> touch(int step) {
        Map<String, Object> m = action("touch", "step", step);
        m.put("reads", List.of("0:64"));
        return m;
    }

    static long poke(int k) { return 0x6b6f7065747367L + ((long) k << 56); } // "gstepok" + node number

    @SafeVarargs
    static Map<String, Object> scenario(String name, Map<String, Object>... steps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("steps", List.of(steps));
        return m;
    }

    static Map<String, Object> step(int bar, String node, long offset, Long length, boolean hold) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bar", bar);
        m.put("node", node);
        m.put("offset", offset);
        m.put("length", length);
        m.put("hold", hold);
        return m;
    }

    /** The guest kernel's config is in the lab cache, not in the chroot's /boot: put it where a snapshot keeps it. */
    /**
     * The bzImage of a lab/kernel variant. build.sh returns the cached image at once, or builds it
     * (minutes; .ci/run builds all three before the lab runs).
     */
    static Path builtKernel(String variant) throws Exception {
        Path script = REPO.resolve("lab/kernel/build.sh");
        skipUnless(Files.isExecutable(script), "lab/kernel/build.sh is missing (lab tests skipped)");
        Process p = new ProcessBuilder(script.toString(), variant).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        skipUnless(p.waitFor(120, TimeUnit.MINUTES) && p.exitValue() == 0, "lab/kernel/build.sh " + variant + " failed (exit "
                + p.exitValue() + "); run it by hand to see why");
        Path bz = Path.of(out.substring(out.lastIndexOf('\n') + 1));
        skipUnless(Files.exists(bz), "lab/kernel/build.sh " + variant + " printed no bzImage path");
        return bz;
    }

    /** The guest kernel's config, so the snapshot says what STRICT_DEVMEM and friends are. */
    static void addKernelConfig(Path snap, Path kdir) throws IOException {
        Path release = snap.resolve("proc/sys/kernel/osrelease");
        if (!Files.exists(release)) return;
        String r = Files.readString(release).trim();
        Path cfg = Files.exists(kdir.resolve("config")) ? kdir.resolve("config") : kdir.resolve("pkg/boot/config-" + r);
        Path dst = snap.resolve("boot/config-" + r);
        if (Files.exists(cfg) && !Files.exists(dst)) {
            Files.createDirectories(dst.getParent());
            Files.copy(cfg, dst);
        }
    }

    // ------------------------------------------------------------------ compare

    /** One compared step: the predicted and observed node presence, outcome and memtype. */
    record Row(String scenario, String step, String predictedNode, String observedNode, String predicted, String observed,
               String predictedType, String observedType, boolean ok, String note) {}

    /** Compares every lab-run of a phase with the predictions from its own snapshot; writes report-PHASE.txt. */
    @SuppressWarnings("unchecked")
    static void checkPhase(Booted b, Phase ph) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Row> rows = new ArrayList<>();
        String bootLog = Files.readString(b.out.resolve("boot.log")).strip();
        String release = "?";
        for (Map.Entry<String, List<Map<String, Object>>> run : plans(ph).entrySet()) {
            Path dir = b.out.resolve(run.getKey());
            Path results = dir.resolve("results.json");
            assertThat(Files.exists(results))
                    .as("guest wrote %s (boot.sh rc %s; %s; see %s/console.log and %s.out)", b.out.relativize(results), read(b.out.resolve("boot.rc")),
                            bootLog, b.out, run.getKey())
                    .isTrue();
            Map<String, Object> res = json.readValue(results.toFile(), Map.class);
            assertThat(res).as("guest error in " + run.getKey()).doesNotContainKey("error");
            Path snap = dir.resolve("snapshot");
            addKernelConfig(snap, b.kdir);
            if (Files.exists(snap.resolve("proc/sys/kernel/osrelease"))) release = read(snap.resolve("proc/sys/kernel/osrelease"));
            SysfsMachine machine = SysfsMachine.at(snap);
            List<Map<String, Object>> targets = (List<Map<String, Object>>) res.get("targets");
            for (int t = 0; t < run.getValue().size(); t++) {
                Map<String, Object> plan = run.getValue().get(t);
                long size = ((Number) plan.get("size")).longValue();
                rows.addAll(compare(machine, run.getKey() + " " + label(size), (List<Map<String, Object>>) plan.get("scenarios"), targets.get(t),
                        b.out.resolve("shm-head-" + size + ".bin")));
            }
        }
        if (ph == Phase.BASE && b.boot.append().isEmpty()) rows.add(mapVerifyRow(b.out));
        if (ph == Phase.BASE) rows.add(selfcheckRow(b.out));
        String report = report(b.boot, ph, release, b.out, rows);
        Files.writeString(b.out.resolve("report-" + ph.name().toLowerCase(java.util.Locale.ROOT) + ".txt"), report);
        System.out.println(report);
        List<Row> bad = rows.stream().filter(r -> !r.ok).toList();
        assertThat(bad).as("predicted vs observed mismatches, see " + b.out + "\n" + report).isEmpty();
    }

    static String label(long size) { return size == LOW ? "4M below 4G (UC MTRR)" : "2G above 4G"; }

    /** {@code barwise selfcheck} in the guest: every free BAR's present nodes mapped and compared; exit 0 = no mismatch. */
    static Row selfcheckRow(Path out) throws IOException {
        String text = Files.exists(out.resolve("selfcheck.out")) ? Files.readString(out.resolve("selfcheck.out")) : "";
        String rc = read(out.resolve("selfcheck.rc"));
        String summary = text.lines().filter(l -> l.contains("mapping(s) tried")).findFirst().orElse("no summary line");
        return new Row("barwise selfcheck (CLI, in the guest)", "every free BAR, every present node", "-", "-",
                "exit 0", "exit " + rc, "-", "-", rc.equals("0") && text.contains(" 0 mismatch(es)"), summary + "; see selfcheck.out");
    }

    /** The user-facing command once per boot: decide (Drools in the guest) + map + verify. */
    static Row mapVerifyRow(Path out) throws IOException {
        // exit 0 means mapped, every access done and the PAT entry as predicted (barwise map's exit codes);
        // the host's marker read back shows the data path. Neither depends on the output format.
        String verify = Files.exists(out.resolve("map-verify.out")) ? Files.readString(out.resolve("map-verify.out")) : "";
        String mrc = read(out.resolve("map-verify.rc"));
        boolean marker = verify.contains(String.format("0x%016x", MARKER));
        boolean ok = mrc.equals("0") && marker;
        String who = release() != null ? "release barwise map --verify (no JDK, env -i; decides in the guest)" : "barwise map --verify (CLI, decides in the guest)";
        if (release() != null) ok &= verify.contains("release: /usr/lib/jvm hidden");
        return new Row(who, "4M resource2_wc read 0:64", "yes", "yes",
                "exit 0", "exit " + mrc, "marker", marker ? "marker" : "?", ok, "see map-verify.out");
    }

    @SuppressWarnings("unchecked")
    static List<Row> compare(SysfsMachine snap, String prefix, List<Map<String, Object>> scenarios, Map<String, Object> results, Path shmHead)
            throws IOException {
        String bdf = (String) results.get("bdf");
        PciFunction fn = snap.device(bdf).orElseThrow(() -> new AssertionError("snapshot has no " + bdf));
        assertThat(fn.device().vendor()).isEqualTo(0x1af4);
        DecisionEngine engine = DecisionEngine.builtIn();
        Platform platform = snap.platform().platform();
        boolean patActive = platform.patActive();
        List<Row> rows = new ArrayList<>();
        List<Object> observedScenarios = (List<Object>) results.get("scenarios");
        for (int i = 0; i < scenarios.size(); i++) {
            Map<String, Object> plan = scenarios.get(i);
            Map<String, Object> obs = (Map<String, Object>) observedScenarios.get(i);
            String name = prefix + ": " + obs.get("name");
            List<Map<String, Object>> steps = (List<Map<String, Object>>) plan.get("steps");
            List<Map<String, Object>> seen = (List<Map<String, Object>>) obs.get("steps");
            // mapping steps are predicted together (held mappings matter); actions are checked on their own
            List<Request> requests = new ArrayList<>();
            for (int j = 0; j < steps.size(); j++) {
                Map<String, Object> st = steps.get(j);
                if (st.containsKey("action")) continue;
                int bar = ((Number) st.get("bar")).intValue();
                requests.add(new Request(j, bdf, bar, NodeKind.parse((String) st.get("node"), bar), null, ((Number) st.get("offset")).longValue(),
                        st.get("length") == null ? null : ((Number) st.get("length")).longValue(),
                        Boolean.TRUE.equals(st.get("write")) ? Prot.READ_WRITE : Prot.READ, true, !Boolean.FALSE.equals(st.get("hold"))));
            }
            // The snapshot shows which nodes exist; predict them from the kernel model instead, so that
            // node presence is checked against the kernel rather than copied from what was observed.
            Scenario observed = snap.scenario(requests);
            Scenario modelled = new Scenario(observed.platform(), observed.devices().stream().map(dv -> dv.withNodes(null)).toList(),
                    observed.reservations(), observed.requests());
            List<Decision> decisions = engine.decide(modelled).decisions();
            int d = 0;
            for (int j = 0; j < steps.size(); j++) {
                Map<String, Object> st = steps.get(j);
                Map<String, Object> o = seen.get(j);
                if ("bind".equals(st.get("action"))) {
                    boolean ok = st.get("driver").equals(o.get("bound"));
                    rows.add(new Row(name, "bind " + st.get("driver"), "-", "-", "bound", "bound to " + o.get("bound"), "-", "-", ok,
                            o.get("error") == null ? "" : (String) o.get("error")));
                    continue;
                }
                if ("touch".equals(st.get("action"))) {
                    rows.add(touchRow(name, platform, st, o));
                    continue;
                }
                rows.add(mappingRow(name, decisions.get(d++), st, o, patActive, shmHead));
            }
        }
        return rows;
    }

    /**
     * A mapping made before a driver claimed the BAR, touched after the claim. The engine has no
     * revocation rule; the expectation comes from the platform barwise read from the snapshot:
     * __request_region() calls revoke_iomem(), which zaps the iomem mappings (/dev/mem and, since 5.12,
     * sysfs resource files) when IO_STRICT_DEVMEM is set and iomem= does not relax the checks.
     */
    @SuppressWarnings("unchecked")
    static Row touchRow(String name, Platform platform, Map<String, Object> st, Map<String, Object> o) {
        boolean expectRevoked = platform.ioStrictDevmem() && platform.strictIomemChecks();
        List<String> acc = (List<String>) o.getOrDefault("accesses", List.of());
        boolean revoked = Boolean.TRUE.equals(o.get("revoked"));
        boolean readMarker = acc.contains(String.format("read  0x0/64 = 0x%016x", MARKER));
        boolean ok = o.get("error") == null && (expectRevoked ? revoked : !revoked && readMarker);
        return new Row(name, "touch step " + st.get("step") + " after the claim", "-", "-", expectRevoked ? "SIGBUS" : "reads",
                revoked ? "SIGBUS" : readMarker ? "reads" : "?", "-", "-", ok,
                "expected from ioStrictDevmem=" + platform.ioStrictDevmem() + ", iomem=" + platform.iomem().id() + " (revoke_iomem); " + acc
                        + (o.get("error") == null ? "" : " " + o.get("error")));
    }

    @SuppressWarnings("unchecked")
    static Row mappingRow(String name, Decision d, Map<String, Object> st, Map<String, Object> o, boolean patActive, Path shmHead) throws IOException {
        String node = (String) o.get("node");
        boolean predictedPresent = d.errno() != Errno.ENOENT;
        boolean observedPresent = Boolean.TRUE.equals(o.get("exists"));
        Observed ob = Boolean.TRUE.equals(o.get("mapped"))
                ? new Observed(true, null, null, o.get("memtype") == null ? null : MemType.parse((String) o.get("memtype")),
                        Boolean.TRUE.equals(o.get("patReadable")), (List<String>) o.get("patEntries"))
                : new Observed(false, o.get("errno") == null ? "error: " + o.get("error") : (String) o.get("errno"), (String) o.get("stage"), null, false, List.of());
        List<Check> checks = Verification.compare(d, ob, patActive);
        boolean ok = Verification.allOk(checks) && predictedPresent == observedPresent;
        String note = checks.stream().map(Check::note).filter(x -> x != null).reduce((a, b) -> a + "; " + b).orElse("");
        List<String> accesses = (List<String>) o.getOrDefault("accesses", List.of());
        if (Boolean.TRUE.equals(o.get("revoked"))) {
            ok = false;
            note += (note.isEmpty() ? "" : "; ") + "access faulted: " + accesses;
        }
        // data path
        if (st.containsKey("pokes") && ob.mapped()) {
            String want = String.format("read  0x0/64 = 0x%016x", MARKER);
            boolean read = accesses.contains(want);
            String poke = ((List<String>) st.get("pokes")).get(0);
            long off = Long.decode(poke.substring(0, poke.indexOf(':')));
            long val = Long.decode(poke.substring(poke.indexOf('=') + 1));
            long got = readLe(shmHead, off);
            boolean wrote = got == val;
            ok &= read && wrote;
            note += (note.isEmpty() ? "" : "; ") + "host marker " + (read ? "read" : "NOT read (" + accesses + ")")
                    + ", guest poke " + (wrote ? "seen by host" : String.format("NOT seen (file has 0x%x)", got));
        }
        return new Row(name, node + (d.request().offset() != 0 ? " +" + hex(d.request().offset()) : "")
                + (d.request().length() != null ? " len " + hex(d.request().length()) : ""),
                predictedPresent ? "yes" : "no", observedPresent ? "yes" : "no",
                checks.get(0).predicted(), checks.get(0).observed(),
                checks.size() > 1 ? checks.get(1).predicted() : d.memtype() == null ? "-" : d.memtype().patName(),
                checks.size() > 1 ? checks.get(1).observed() : ob.memtypeText(), ok, note);
    }

    static String report(Boot boot, Phase ph, String release, Path out, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        String secs = read(out.resolve("seconds"));
        sb.append(String.format("lab %s (%s) %s, phase %s, append '%s', ivshmem 4M + 2G, guest %s s%n", boot.kernel(), release, boot.name(),
                ph.name().toLowerCase(java.util.Locale.ROOT), boot.append(), secs));
        sb.append(String.format("%-60s %-26s %-5s %-8s %-14s %-16s %-16s %s%n", "scenario", "step", "node", "predict", "observe",
                "PAT predicted", "PAT observed", "result"));
        for (Row r : rows) {
            sb.append(String.format("%-60s %-26s %-5s %-8s %-14s %-16s %-16s %s%s%n", r.scenario, r.step,
                    r.predictedNode.equals(r.observedNode) ? r.observedNode : r.predictedNode + "/" + r.observedNode,
                    r.predicted, r.observed, r.predictedType, r.observedType, r.ok ? "OK" : "MISMATCH",
                    r.note.isEmpty() ? "" : "  " + r.note));
        }
        long bad = rows.stream().filter(r -> !r.ok).count();
        sb.append(String.format("%d passed, %d failed%n", rows.size() - bad, bad));
        return sb.toString();
    }

    static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p).trim() : "?";
    }

    // ------------------------------------------------------------------ helpers

    static String hex(long v) { return "0x" + Long.toHexString(v); }

    static byte[] le(long v) { return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array(); }

    static long readLe(Path f, long off) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
            byte[] b = new byte[8];
            r.seek(off);
            r.readFully(b);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }

    /** assumeTrue that also says why on stdout, where a CI log shows it. */
    static void skipUnless(boolean ok, String why) {
        if (!ok) System.out.println("lab: SKIPPED: " + why);
        assumeTrue(ok, why);
    }

    static boolean onPath(String cmd) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, cmd))) return true;
        }
        return false;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
