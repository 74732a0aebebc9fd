package io.barwise;

import io.barwise.model.KernelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build of barwise is: its version, the commit and date it was built from, the Drools it
 * runs on and the kernel releases its rules model. Maven writes {@code io/barwise/build.properties}
 * when it builds the jar; classes run from elsewhere (an IDE) say "development build".
 */
public record BuildInfo(String version, String commit, String date, String drools, KernelVersion oldestKernel,
        KernelVersion newestKernel) {

    /** This build's information. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(value(p, "version", "development build"), value(p, "commit", "unknown"), value(p, "date", "unknown"),
                value(p, "drools", "unknown"), KernelVersion.OLDEST, KernelVersion.NEWEST);
    }

    private static String value(Properties p, String key, String fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() || v.startsWith("${") ? fallback : v;
    }

    /** The lines of {@code barwise --version}. */
    public String[] lines() {
        return new String[] {
            "barwise " + version,
            "commit " + commit + ", built " + date,
            "Drools " + drools + ", Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
            "kernels modelled: Linux " + oldestKernel + " to " + newestKernel,
        };
    }
}
