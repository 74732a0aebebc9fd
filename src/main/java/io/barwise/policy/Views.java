package io.barwise.policy;

import io.barwise.model.Bar;
import io.barwise.model.Device;
import io.barwise.model.Feature;
import io.barwise.model.Platform;
import io.barwise.model.Request;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Read-only JavaBean views that policy expressions see. Bean getters let MVEL's strong typing
 * reject a misspelt field when the policy is loaded instead of reading null at run time.
 */
public final class Views {
    private Views() {}

    public static final class DeviceView {
        private final Device d;

        public DeviceView(Device d) { this.d = d; }

        public String getBdf() { return d.bdf(); }
        public int getVendor() { return d.vendor(); }
        public int getDevice() { return d.device(); }
        public int getSubsystemVendor() { return d.subsystemVendor(); }
        public int getSubsystemDevice() { return d.subsystemDevice(); }
        /** The 24-bit class code, e.g. 0x050000 (memory controller, RAM). */
        public int getClassCode() { return d.classCode(); }
        /** The base class, e.g. 0x03 for display controllers. */
        public int getBaseClass() { return (d.classCode() >> 16) & 0xff; }
        public int getRevision() { return d.revision(); }
        /** The bound driver's name, or null. */
        public String getDriver() { return d.driver(); }
        public boolean isBound() { return d.driver() != null; }

        @Override public String toString() { return d.bdf() + " (" + d.ids() + ")"; }
    }

    public static final class BarView {
        private final Bar b;

        public BarView(Bar b) { this.b = b; }

        public int getIndex() { return b.index(); }
        public long getStart() { return b.start(); }
        public long getEnd() { return b.end(); }
        public long getSize() { return b.size(); }
        public long getFlags() { return b.flags(); }
        public boolean isMem() { return b.isMem(); }
        public boolean isIo() { return b.isIo(); }
        public boolean isPrefetchable() { return b.prefetchable(); }
        public boolean isMem64() { return b.is64(); }
        /** A driver holds the region (pci_request_regions), as read from /proc/iomem or assumed (see {@link #getClaim()}). */
        public boolean isBusy() { return b.busy(); }
        /** Who claimed it: the /proc/iomem entry's name (e.g. {@code virtio-pci-modern}), or null. */
        public String getClaimant() { return b.claimant(); }
        /** How {@code busy} is known: {@code observed}, {@code assumed} (from the bound driver) or {@code unknown}. */
        public String getClaim() { return b.claim().id(); }

        @Override public String toString() { return "BAR" + b.index(); }
    }

    public static final class PlatformView {
        private final Platform p;

        public PlatformView(Platform p) { this.p = p; }

        public String getArch() { return p.arch().id(); }
        public String getKernel() { return p.kernel().toString(); }
        public boolean isPat() { return p.pat(); }
        public String getLockdown() { return p.lockdown().id(); }
        public String getHypervisor() { return p.hypervisor().id(); }
        public boolean isVirtualized() { return p.hypervisor().virtualized(); }
        /** /dev/mem exists. */
        public boolean isDevmem() { return p.devmem(); }
        public Set<String> getFeatures() { return p.features().stream().map(Feature::id).collect(Collectors.toSet()); }
        public boolean isRoot() { return p.caller().root(); }

        @Override public String toString() { return p.arch().id() + " " + p.kernel(); }
    }

    public static final class RequestView {
        private final Request r;

        public RequestView(Request r) { this.r = r; }

        public int getId() { return r.id(); }
        /** The explicit node (e.g. resource2_wc), or null when the request states an intent. */
        public String getNode() { return r.node() == null ? null : r.node().nodeName(r.bar()); }
        /** The explicit intent, or null. */
        public String getIntent() { return r.intent() == null ? null : r.intent().id(); }
        public long getOffset() { return r.offset(); }
        public boolean isWrite() { return r.prot() == io.barwise.model.Prot.READ_WRITE; }
        public boolean isShared() { return r.shared(); }

        @Override public String toString() { return r.describe(); }
    }
}
