package io.barwise.model;

/** The errors the kernel returns on the open/mmap paths barwise models, with their Linux numbers. */
public enum Errno {
    EPERM(1), ENOENT(2), EIO(5), EAGAIN(11), ENOMEM(12), EACCES(13), EBUSY(16), ENODEV(19), EINVAL(22), EOVERFLOW(75);

    private final int number;

    Errno(int number) { this.number = number; }

    public int number() { return number; }

    public static Errno parse(String s) { return Names.parse(Errno.class, s, Enum::name); }

    /** The errno with this number, or null if barwise does not model it. */
    public static Errno ofNumber(int n) {
        for (Errno e : values()) if (e.number == n) return e;
        return null;
    }
}
