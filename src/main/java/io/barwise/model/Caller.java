package io.barwise.model;

/** Who opens the node: sysfs resource files are mode 0600 root; /dev/mem also needs CAP_SYS_RAWIO. */
public record Caller(boolean root, boolean capSysRawio) {
    public static final Caller ROOT = new Caller(true, true);
}
