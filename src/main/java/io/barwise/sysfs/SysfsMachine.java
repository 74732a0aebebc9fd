package io.barwise.sysfs;

import io.barwise.model.Arch;
import io.barwise.model.Bar;
import io.barwise.model.Caller;
import io.barwise.model.Device;
import io.barwise.model.Drivers;
import io.barwise.model.Feature;
import io.barwise.model.Hypervisor;
import io.barwise.model.IomemMode;
import io.barwise.model.Ivshmem;
import io.barwise.model.KernelVersion;
import io.barwise.model.Lockdown;
import io.barwise.model.MemType;
import io.barwise.model.Mtrr;
import io.barwise.model.Platform;
import io.barwise.model.Reservation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A machine read from {@code /sys} and {@code /proc} under a root directory: {@code /} for the
 * live machine, or a snapshot directory with the same layout (see {@code docs/real-sysfs.md}).
 * Paths never leave the root ({@link SafeRoot}); device directories whose names are not PCI
 * addresses are skipped. Devices and platform facts are read once, when first asked for; PAT
 * entries are read afresh on every call.
 */
public final class SysfsMachine implements MachineSource {

    public static final String DEVICES = "sys/bus/pci/devices";
    public static final String PAT_LIST = "sys/kernel/debug/x86/pat_memtype_list";
    public static final String LOCKDOWN = "sys/kernel/security/lockdown";
    public static final String DMESG_FILE = "var/log/dmesg";
    public static final String IOMEM = "proc/iomem";
    public static final String IOPORTS = "proc/ioports";
    public static final String HYPERVISOR_TYPE = "sys/hypervisor/type";
    /** What a snapshot records that is not a copy of a file (e.g. whether /dev/mem exists): {@code key: value} lines. */
    public static final String SNAPSHOT_INFO = "barwise-snapshot.txt";
    /** The files a snapshot copies, besides the device directories and the kernel config. */
    public static final List<String> PLATFORM_FILES = List.of("proc/sys/kernel/osrelease", "proc/sys/kernel/arch",
            "proc/cpuinfo", "proc/cmdline", "proc/mtrr", LOCKDOWN, PAT_LIST, IOMEM, IOPORTS, HYPERVISOR_TYPE);
    /** The per-device files a snapshot copies. */
    public static final List<String> DEVICE_FILES = List.of("vendor", "device", "subsystem_vendor", "subsystem_device",
            "class", "revision", "resource");
    public static final Pattern NODE = Pattern.compile("resource[0-5](_wc|_wb)?");

    private final SafeRoot root;
    private final boolean live;
    private PlatformFacts platform;
    private List<PciFunction> devices;
    private final List<String> warnings = new ArrayList<>();
    private PciIds ids;
    private Optional<String> dmesg;
    private Optional<Optional<Iomem>> iomem, ioports;

    private SysfsMachine(Path root, boolean live) {
        this.root = new SafeRoot(root);
        this.live = live;
    }

    /** The machine barwise runs on ({@code /}). */
    public static SysfsMachine live() { return new SysfsMachine(Path.of("/"), true); }

    /** A snapshot directory (or another root, e.g. a chroot) with the /sys and /proc layout. */
    public static SysfsMachine at(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        return new SysfsMachine(abs, abs.getNameCount() == 0);
    }

    public SafeRoot root() { return root; }

    public boolean isLive() { return live; }

    @Override
    public String name() { return live ? "/ (live)" : root.root().toString(); }

    /** Things that were skipped while reading (bad device directories, unreadable resource files). */
    public List<String> warnings() {
        devices();
        return List.copyOf(warnings);
    }

    // ---------------------------------------------------------------- devices

    @Override
    public synchronized List<PciFunction> devices() {
        if (devices != null) return devices;
        List<PciFunction> out = new ArrayList<>();
        for (String name : root.list(DEVICES)) {
            if (!Device.BDF.matcher(name).matches()) {
                warnings.add(DEVICES + "/" + name + ": not a PCI address (DDDD:BB:DD.F), skipped");
                continue;
            }
            try {
                out.add(readDevice(name));
            } catch (SafeRoot.UncheckedEscape e) {
                warnings.add(DEVICES + "/" + name + ": skipped: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                warnings.add(DEVICES + "/" + name + ": skipped: " + e.getMessage());
            }
        }
        devices = List.copyOf(out);
        return devices;
    }

    private PciFunction readDevice(String bdf) {
        String dir = DEVICES + "/" + bdf;
        int vendor = Parsers.hexId(root.read(dir + "/vendor"));
        int device = Parsers.hexId(root.read(dir + "/device"));
        if (vendor < 0 || device < 0) throw new IllegalArgumentException("no readable vendor/device file");
        String driver = driver(dir);
        List<Bar> bars = new ArrayList<>();
        String resource = root.read(dir + "/resource").orElseThrow(() -> new IllegalArgumentException("no readable resource file"));
        for (Bar b : ResourceFile.parse(resource)) bars.add(claim(bdf, b, driver));
        List<String> nodes = root.list(dir).stream().filter(n -> NODE.matcher(n).matches()).sorted().toList();
        Device d = new Device(bdf, vendor, device,
                Math.max(0, Parsers.hexId(root.read(dir + "/subsystem_vendor"))),
                Math.max(0, Parsers.hexId(root.read(dir + "/subsystem_device"))),
                Math.max(0, Parsers.hexId(root.read(dir + "/class"))),
                Math.max(0, Parsers.hexId(root.read(dir + "/revision"))), driver, false, bars, nodes);
        PciIds names = pciIds();
        return new PciFunction(d, nodes, names.vendor(vendor), names.device(vendor, device));
    }

    /**
     * A BAR's claim: the entries under it in /proc/iomem (memory BARs) or /proc/ioports (I/O BARs);
     * when those cannot be read, what the bound driver is known to do ({@link Drivers#assumeClaim}).
     * An exclusive claim does not show in the tree; a driver known to claim exclusively makes it so.
     */
    private Bar claim(String bdf, Bar b, String driver) {
        Optional<Iomem> tree = b.isIo() ? ioports() : iomem();
        if (tree.isEmpty()) return Drivers.assumeClaim(b, driver);
        List<String> by = tree.get().claimants(bdf, b.start(), b.end()).orElse(List.of());
        if (by.isEmpty()) return b.withClaim(false, null, Bar.Claim.OBSERVED);
        boolean exclusive = Drivers.of(driver).map(Drivers.Behaviour::exclusive).orElse(false);
        return b.withClaim(true, String.join(",", by), Bar.Claim.OBSERVED).withBusy(true, exclusive);
    }

    /** The /proc/iomem tree, or empty when it cannot be read or shows no addresses (not root). */
    public synchronized Optional<Iomem> iomem() {
        if (iomem == null) iomem = Optional.of(root.read(IOMEM).flatMap(Iomem::parse));
        return iomem.get();
    }

    /** The /proc/ioports tree, like {@link #iomem()}. */
    public synchronized Optional<Iomem> ioports() {
        if (ioports == null) ioports = Optional.of(root.read(IOPORTS).flatMap(Iomem::parse));
        return ioports.get();
    }

    /** The bound driver: the name the {@code driver} symlink points at, or (snapshots) the text of a {@code driver} file. */
    private String driver(String dir) {
        Optional<String> link = root.linkName(dir + "/driver");
        if (link.isPresent()) return link.get();
        Optional<String> text = root.read(dir + "/driver").map(String::trim).filter(s -> !s.isEmpty());
        if (text.isPresent() && !text.get().matches("[A-Za-z0-9_.:+-]{1,64}")) {
            throw new IllegalArgumentException("driver file does not hold a driver name");
        }
        return text.orElse(null);
    }

    private synchronized PciIds pciIds() {
        if (ids == null) {
            Optional<String> text = Optional.empty();
            for (String p : PciIds.LOCATIONS) {
                text = root.read(p);
                if (text.isPresent()) break;
            }
            if (text.isEmpty() && !live) text = PciIds.system();
            ids = text.map(PciIds::parse).orElse(PciIds.NONE);
        }
        return ids;
    }

    @Override
    public Optional<Path> nodePath(String bdf, String node) {
        String b = MachineSource.checkBdf(bdf);
        String rel;
        if (node.equals("devmem") || node.equals("devmem-sync")) rel = "dev/mem";
        else if (NODE.matcher(node).matches()) rel = DEVICES + "/" + b + "/" + node;
        else throw new IllegalArgumentException("unknown node '" + node + "'");
        try {
            return Optional.of(root.resolve(rel));
        } catch (SafeRoot.EscapeException e) {
            throw new SafeRoot.UncheckedEscape(e);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<List<Reservation>> patEntries() {
        return root.read(PAT_LIST).map(Parsers::patList);
    }

    // ---------------------------------------------------------------- platform

    @Override
    public synchronized PlatformFacts platform() {
        if (platform == null) platform = readPlatform();
        return platform;
    }

    private PlatformFacts readPlatform() {
        Platform d = Platform.DEFAULT;
        List<Fact> facts = new ArrayList<>();
        Map<String, String> cpu = root.read("proc/cpuinfo").map(Parsers::cpuinfo).orElse(Map.of());
        Set<String> flags = cpu.containsKey("flags") ? Set.of(cpu.get("flags").split("\\s+")) : Set.of();
        Map<String, String> cmdline = root.read("proc/cmdline").map(Parsers::cmdline).orElse(null);
        Optional<String> release = root.read("proc/sys/kernel/osrelease").map(String::trim).filter(s -> !s.isEmpty());

        // kernel
        KernelVersion kernel = d.kernel();
        Optional<KernelVersion> kv = release.flatMap(SysfsMachine::version);
        if (kv.isPresent()) {
            kernel = kv.get();
            facts.add(new Fact("kernel", release.get(), "proc/sys/kernel/osrelease", false));
        } else {
            facts.add(new Fact("kernel", kernel.toString(), "proc/sys/kernel/osrelease unreadable", true));
        }

        // arch
        Arch arch = d.arch();
        Optional<Arch> a = root.read("proc/sys/kernel/arch").map(String::trim).flatMap(SysfsMachine::arch);
        if (a.isPresent()) {
            arch = a.get();
            facts.add(new Fact("arch", arch.id(), "proc/sys/kernel/arch", false));
        } else if (cpu.containsKey("vendor_id") && flags.contains("fpu")) {
            arch = Arch.X86_64;
            facts.add(new Fact("arch", arch.id(), "proc/cpuinfo (vendor_id, x86 flags)", false));
        } else if (live && arch(System.getProperty("os.arch")).isPresent()) {
            arch = arch(System.getProperty("os.arch")).get();
            facts.add(new Fact("arch", arch.id(), "the JVM's os.arch", false));
        } else {
            facts.add(new Fact("arch", arch.id(), "proc/sys/kernel/arch unreadable", true));
        }

        // PAT
        boolean pat = d.pat();
        Optional<Boolean> dmesg = dmesg().flatMap(Parsers::dmesgPat);
        if (cmdline != null && cmdline.containsKey("nopat")) {
            pat = false;
            facts.add(new Fact("pat", "false", "nopat on proc/cmdline", false));
        } else if (dmesg.isPresent()) {
            pat = dmesg.get();
            facts.add(new Fact("pat", String.valueOf(pat), "dmesg x86/PAT line", false));
        } else if (root.exists(PAT_LIST)) {
            pat = true;
            facts.add(new Fact("pat", "true", PAT_LIST + " exists (created only when pat_enabled())", false));
        } else if (!flags.isEmpty()) {
            pat = flags.contains("pat");
            facts.add(new Fact("pat", String.valueOf(pat), "proc/cpuinfo flags " + (pat ? "has" : "lacks") + " 'pat', no nopat on the command line", false));
        } else {
            facts.add(new Fact("pat", String.valueOf(pat), "proc/cpuinfo unreadable", true));
        }

        Set<String> unknown = new java.util.TreeSet<>();
        Optional<String> dmesgText = dmesg();
        Optional<Map.Entry<String, String>> config = kernelConfig(release);

        // MTRR
        Mtrr mtrr = d.mtrr();
        Optional<String> mtrrText = root.read("proc/mtrr");
        Optional<String> mtrrOff = dmesgText.flatMap(Parsers::dmesgMtrrDisabled);
        if (mtrrText.isPresent()) {
            mtrr = new Mtrr(true, MemType.WB, Parsers.mtrr(mtrrText.get()));
            facts.add(new Fact("mtrr", mtrr.ranges().size() + " range(s), default type assumed write-back", "proc/mtrr", false));
        } else if (mtrrOff.isPresent()) {
            mtrr = Mtrr.DISABLED;
            facts.add(new Fact("mtrr", "disabled", "no proc/mtrr; dmesg: " + mtrrOff.get(), false));
        } else if (config.isPresent() && Parsers.kconfig(config.get().getValue(), "CONFIG_MTRR").equals(Optional.of(false))) {
            mtrr = Mtrr.DISABLED;
            facts.add(new Fact("mtrr", "disabled", config.get().getKey() + ": CONFIG_MTRR is not set", false));
        } else if (!flags.isEmpty() && !flags.contains("mtrr")) {
            mtrr = Mtrr.DISABLED;
            facts.add(new Fact("mtrr", "disabled", "proc/cpuinfo flags lack 'mtrr'", false));
        } else {
            unknown.add("mtrr");
            facts.add(new Fact("mtrr", "unknown (decided as write-back default, no ranges)", "proc/mtrr unreadable, no dmesg MTRR line", true));
        }

        // lockdown: securityfs; else the boot-time state (dmesg, lockdown=, the config's forced mode)
        Lockdown lockdown = Lockdown.UNKNOWN;
        Optional<Lockdown> ld = root.read(LOCKDOWN).flatMap(Parsers::lockdown);
        Optional<String> cmdLockdown = cmdline == null ? Optional.empty() : Optional.ofNullable(cmdline.get("lockdown"));
        Optional<Lockdown> forced = config.flatMap(c -> Parsers.forcedLockdown(c.getValue()));
        Optional<String> lockedFrom = dmesgText.flatMap(Parsers::dmesgLockedDown);
        Optional<Boolean> lsm = config.flatMap(c -> Parsers.kconfig(c.getValue(), "CONFIG_SECURITY_LOCKDOWN_LSM"));
        String lockdownNote = " (the boot-time mode; writing to " + LOCKDOWN + " can raise it later)";
        if (ld.isPresent()) {
            lockdown = ld.get();
            facts.add(new Fact("lockdown", lockdown.id(), LOCKDOWN, false));
        } else if (lsm.equals(Optional.of(false))) {
            lockdown = Lockdown.NONE;
            facts.add(new Fact("lockdown", lockdown.id(), config.get().getKey() + ": CONFIG_SECURITY_LOCKDOWN_LSM is not set", false));
        } else if (forced.isPresent() && forced.get().active()) {
            lockdown = forced.get();
            facts.add(new Fact("lockdown", lockdown.id(), config.get().getKey() + " forces it" + lockedFrom.map(w -> "; dmesg: locked down from " + w).orElse("")
                    + lockdownNote, false));
        } else if (cmdLockdown.flatMap(v -> parse(Lockdown::parse, v)).filter(Lockdown::known).isPresent()) {
            lockdown = parse(Lockdown::parse, cmdLockdown.get()).get();
            facts.add(new Fact("lockdown", lockdown.id(), "lockdown= on proc/cmdline (" + LOCKDOWN + " unreadable)" + lockdownNote, false));
        } else if (lockedFrom.isPresent()) {
            facts.add(new Fact("lockdown", lockdown.id(), "dmesg says locked down from " + lockedFrom.get()
                    + ", but not in which mode (" + LOCKDOWN + " unreadable)", true));
        } else if (dmesgText.filter(t -> t.contains("Linux version")).isPresent()) {
            lockdown = Lockdown.NONE;
            facts.add(new Fact("lockdown", lockdown.id(), "the boot log has no lockdown line, no lockdown= and no forced mode" + lockdownNote, false));
        } else {
            facts.add(new Fact("lockdown", lockdown.id(), LOCKDOWN + " unreadable, no lockdown line in a readable boot log", true));
        }

        // iomem=
        IomemMode iomem = IomemMode.DEFAULT;
        if (cmdline != null) {
            Optional<IomemMode> im = Optional.ofNullable(cmdline.get("iomem")).flatMap(v -> parse(IomemMode::parse, v));
            iomem = im.orElse(IomemMode.DEFAULT);
            facts.add(new Fact("iomem", iomem.id(), "proc/cmdline", false));
        } else {
            facts.add(new Fact("iomem", iomem.id(), "proc/cmdline unreadable", true));
        }

        // STRICT_DEVMEM / IO_STRICT_DEVMEM
        boolean strict = d.strictDevmem(), ioStrict = d.ioStrictDevmem();
        if (config.isPresent()) {
            String where = config.get().getKey(), text = config.get().getValue();
            strict = Parsers.kconfig(text, "CONFIG_STRICT_DEVMEM").orElse(false);
            ioStrict = strict && Parsers.kconfig(text, "CONFIG_IO_STRICT_DEVMEM").orElse(false);
            facts.add(new Fact("strictDevmem", String.valueOf(strict), where, false));
            facts.add(new Fact("ioStrictDevmem", String.valueOf(ioStrict), where, false));
        } else {
            unknown.add("strictDevmem");
            unknown.add("ioStrictDevmem");
            facts.add(new Fact("strictDevmem", "unknown (decided as " + strict + ")", "no readable kernel config (boot/config-RELEASE, proc/config.gz)", true));
            facts.add(new Fact("ioStrictDevmem", "unknown (decided as " + ioStrict + ")", "no readable kernel config (boot/config-RELEASE, proc/config.gz)", true));
        }

        // /dev/mem: is it there (CONFIG_DEVMEM, and a /dev that has it)?
        boolean devmem = true;
        Optional<String> recorded = snapshotInfo("devmem");
        Optional<Boolean> configDevmem = config.flatMap(c -> Parsers.kconfig(c.getValue(), "CONFIG_DEVMEM"));
        if (live || recorded.isEmpty() && !root.exists(SNAPSHOT_INFO)) {
            devmem = root.exists("dev/mem");
            facts.add(new Fact("devmem", devmem ? "present" : "absent", "dev/mem" + (devmem ? " exists" : " does not exist")
                    + configDevmem.map(c -> c ? "" : " (CONFIG_DEVMEM is not set)").orElse(""), false));
        } else if (recorded.isPresent() && recorded.get().matches("present|absent")) {
            devmem = recorded.get().equals("present");
            facts.add(new Fact("devmem", recorded.get(), SNAPSHOT_INFO + " (recorded when the snapshot was taken)", false));
        } else if (configDevmem.isPresent()) {
            devmem = configDevmem.get();
            facts.add(new Fact("devmem", devmem ? "present" : "absent", config.get().getKey() + ": CONFIG_DEVMEM"
                    + (devmem ? "=y (assumed to be in /dev)" : " is not set"), false));
        } else {
            unknown.add("devmem");
            facts.add(new Fact("devmem", "unknown (decided as present)", "the snapshot does not record /dev/mem and has no kernel config", true));
        }

        // caller
        Caller caller = d.caller();
        if (live) {
            Optional<Caller> c = root.read("proc/self/status").flatMap(SysfsMachine::caller);
            if (c.isPresent()) {
                caller = c.get();
                facts.add(new Fact("caller", "root=" + caller.root() + " capSysRawio=" + caller.capSysRawio(), "proc/self/status", false));
            } else {
                facts.add(new Fact("caller", "root", "proc/self/status unreadable", true));
            }
        } else {
            facts.add(new Fact("caller", "root", "a snapshot is evaluated as root", true));
        }

        // hypervisor: what the kernel detected, else /sys/hypervisor, else the cpuinfo flag
        Hypervisor hv;
        Optional<String> detected = dmesgText.flatMap(Parsers::dmesgHypervisor);
        Optional<String> hvType = root.read(HYPERVISOR_TYPE).map(String::trim).filter(t -> !t.isEmpty());
        String vendor = cpu.get("vendor_id");
        if (detected.isPresent()) {
            hv = hypervisor(detected.get(), vendor);
            facts.add(new Fact("hypervisor", hv.id(), "dmesg: Hypervisor detected: " + detected.get() + kvmVendor(hv, vendor), false));
        } else if (hvType.isPresent()) {
            hv = hypervisor(hvType.get(), vendor);
            facts.add(new Fact("hypervisor", hv.id(), HYPERVISOR_TYPE + ": " + hvType.get(), false));
        } else if (!flags.isEmpty() && !flags.contains("hypervisor")) {
            hv = Hypervisor.NONE;
            facts.add(new Fact("hypervisor", hv.id(), "proc/cpuinfo flags lack 'hypervisor'", false));
        } else if (!flags.isEmpty()) {
            hv = Hypervisor.OTHER;
            facts.add(new Fact("hypervisor", hv.id(), "proc/cpuinfo has the 'hypervisor' flag; no readable boot log names it", true));
        } else {
            hv = Hypervisor.UNKNOWN;
            facts.add(new Fact("hypervisor", hv.id(), "proc/cpuinfo unreadable", true));
        }

        // features, from what the devices show
        Set<Feature> features = EnumSet.noneOf(Feature.class);
        List<String> why = new ArrayList<>();
        for (PciFunction f : devices()) {
            if (f.nodes().stream().anyMatch(n -> n.endsWith("_wb"))) {
                if (features.add(Feature.RESOURCE_WB)) why.add(Feature.RESOURCE_WB.id() + " (" + f.device().bdf() + " has a resourceN_wb node)");
            }
            if (Ivshmem.is(f.device())
                    && f.device().bar(2).map(Bar::flaggedCacheable).orElse(false)) {
                if (features.add(Feature.IVSHMEM_CACHEABLE_QUIRK)) why.add(Feature.IVSHMEM_CACHEABLE_QUIRK.id() + " (" + f.device().bdf() + " BAR2 has IORESOURCE_CACHEABLE 0x8000)");
            }
        }
        facts.add(new Fact("features", features.stream().map(Feature::id).sorted().toList().toString(),
                why.isEmpty() ? "no resourceN_wb node, no cacheable ivshmem BAR2" : String.join("; ", why), false));

        // driver claims: /proc/iomem as root; otherwise assumed from the bound drivers
        if (iomem().isPresent()) {
            facts.add(new Fact("claims", "observed", IOMEM + " (entries under each BAR name the claimant)", false));
        } else {
            facts.add(new Fact("claims", "unknown", IOMEM + (root.exists(IOMEM) ? " shows no addresses (read as root)" : " unreadable")
                    + "; assumed from the bound drivers where barwise knows them", true));
        }

        return new PlatformFacts(new Platform(arch, kernel, pat, mtrr, lockdown, iomem, strict, ioStrict, caller, hv, features,
                0, physBits(cpu, facts), devmem, unknown), facts);
    }

    /** x86 "address sizes: 39 bits physical" (MAXPHYADDR); 0 (the arch's largest) when cpuinfo does not say. */
    private static int physBits(Map<String, String> cpu, List<Fact> facts) {
        java.util.regex.Matcher m = Pattern.compile("(\\d+) bits physical").matcher(cpu.getOrDefault("address sizes", ""));
        if (!m.find()) return 0;
        int bits = Integer.parseInt(m.group(1));
        if (bits < 32 || bits > 52) return 0;
        facts.add(new Fact("physBits", String.valueOf(bits), "proc/cpuinfo address sizes", false));
        return bits;
    }

    /** The name in a "Hypervisor detected" line or /sys/hypervisor/type as a model value; KVM by the CPU vendor. */
    static Hypervisor hypervisor(String name, String cpuVendor) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("kvm")) {
            if ("GenuineIntel".equals(cpuVendor)) return Hypervisor.KVM_INTEL;
            if ("AuthenticAMD".equals(cpuVendor) || "HygonGenuine".equals(cpuVendor)) return Hypervisor.KVM_AMD;
            return Hypervisor.KVM;
        }
        if (n.startsWith("xen")) return Hypervisor.XEN;
        if (n.contains("hyper-v")) return Hypervisor.HYPERV;
        if (n.startsWith("vmware")) return Hypervisor.VMWARE;
        if (n.equals("pvm")) return Hypervisor.PVM;
        if (n.equals("acrn")) return Hypervisor.ACRN;
        return Hypervisor.OTHER;
    }

    private static String kvmVendor(Hypervisor hv, String vendor) {
        return hv == Hypervisor.KVM_INTEL || hv == Hypervisor.KVM_AMD
                ? ", CPU " + vendor + (hv == Hypervisor.KVM_INTEL ? " (KVM's default ignore-guest-PAT quirk assumed)" : "") : "";
    }

    /** A {@code key: value} line of the snapshot's {@code barwise-snapshot.txt}; empty for the live machine or an older snapshot. */
    public Optional<String> snapshotInfo(String key) {
        if (live) return Optional.empty();
        return root.read(SNAPSHOT_INFO).flatMap(t -> t.lines().filter(l -> l.startsWith(key + ":"))
                .map(l -> l.substring(key.length() + 1).trim()).findFirst());
    }

    /** dmesg: the live kernel log ({@code dmesg}, if it may be read), else {@code var/log/dmesg} under the root (snapshots). Read once. */
    public synchronized Optional<String> dmesg() {
        if (dmesg == null) dmesg = readDmesg();
        return dmesg;
    }

    private Optional<String> readDmesg() {
        if (live) {
            try {
                Process p = new ProcessBuilder("dmesg").redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                byte[] out = p.getInputStream().readNBytes(8 << 20);
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.length > 0) {
                    return Optional.of(new String(out, StandardCharsets.UTF_8));
                }
                p.destroy();
            } catch (IOException e) {
                // no dmesg binary
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return root.read(DMESG_FILE);
    }

    /** The kernel config and where it came from: boot/config-RELEASE, else proc/config.gz. */
    public Optional<Map.Entry<String, String>> kernelConfig(Optional<String> release) {
        if (release.isPresent() && release.get().matches("[A-Za-z0-9._+~-]+")) {
            String p = "boot/config-" + release.get();
            Optional<String> t = root.read(p);
            if (t.isPresent()) return Optional.of(Map.entry(p, t.get()));
        }
        Optional<byte[]> gz = root.readBytes("proc/config.gz");
        if (gz.isPresent()) {
            try (var in = new GZIPInputStream(new ByteArrayInputStream(gz.get()))) {
                return Optional.of(Map.entry("proc/config.gz", new String(in.readNBytes(16 << 20), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static Optional<KernelVersion> version(String release) {
        try {
            return Optional.of(KernelVersion.parse(release));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<Arch> arch(String name) {
        if (name == null) return Optional.empty();
        return switch (name.trim()) {
            case "x86_64", "amd64" -> Optional.of(Arch.X86_64);
            case "aarch64", "arm64" -> Optional.of(Arch.ARM64);
            case "ppc64le" -> Optional.of(Arch.PPC64LE);
            default -> Optional.empty();
        };
    }

    static Optional<Caller> caller(String status) {
        Long uid = null, capEff = null;
        for (String line : status.split("\\R")) {
            String[] f = line.split("\\s+");
            if (line.startsWith("Uid:") && f.length > 2) uid = Long.parseLong(f[2]);
            if (line.startsWith("CapEff:") && f.length > 1) capEff = Long.parseUnsignedLong(f[1], 16);
        }
        if (uid == null) return Optional.empty();
        boolean rawio = capEff == null ? uid == 0 : (capEff & (1L << 17)) != 0;
        return Optional.of(new Caller(uid == 0, rawio));
    }

    private static <T> Optional<T> parse(java.util.function.Function<String, T> f, String s) {
        try {
            return Optional.of(f.apply(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
