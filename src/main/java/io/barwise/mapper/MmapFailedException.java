package io.barwise.mapper;

import java.nio.file.Path;

/**
 * The kernel refused: open(2) or mmap(2) failed with {@link #errno()}.
 * {@link #stage()} is {@code open} or {@code mmap}.
 */
public final class MmapFailedException extends MappingException {
    private final String stage;
    private final int errno;
    private final Path path;

    public MmapFailedException(String stage, int errno, Path path, String detail) {
        super(stage + "(" + path + ") failed: " + Errnos.name(errno) + (detail == null ? "" : " (" + detail + ")"));
        this.stage = stage;
        this.errno = errno;
        this.path = path;
    }

    public String stage() { return stage; }

    public int errno() { return errno; }

    /** {@code EINVAL}, ... */
    public String errnoName() { return Errnos.name(errno); }

    public Path path() { return path; }
}
