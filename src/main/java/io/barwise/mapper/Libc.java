package io.barwise.mapper;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** open(2), mmap(2), munmap(2), close(2), ftruncate(2) through FFM downcalls, each capturing errno. */
final class Libc {
    private Libc() {}

    static final int O_RDONLY = 0, O_RDWR = 2, O_SYNC = 0x101000, O_CLOEXEC = 0x80000; // x86_64/arm64 asm-generic values
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    static final long MAP_FAILED = -1L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CCS = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = handle("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MMAP = handle("mmap",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle MUNMAP = handle("munmap",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle GETPAGESIZE = LINKER.downcallHandle(LIBC.find("getpagesize").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] opts = new Linker.Option[extra.length + 1];
        opts[0] = CCS;
        System.arraycopy(extra, 0, opts, 1, extra.length);
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), fd, opts);
    }

    /** A result and the errno captured right after the call (meaningful only when the call failed). */
    record Result(long value, int errno) {}

    static Result open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom(path), flags | O_CLOEXEC, 0);
            return new Result(fd, fd < 0 ? (int) ERRNO.get(st, 0L) : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result mmap(long length, int prot, int flags, int fd, long offset) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            long addr = (long) MMAP.invokeExact(st, 0L, length, prot, flags, fd, offset);
            return new Result(addr, addr == MAP_FAILED ? (int) ERRNO.get(st, 0L) : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result munmap(long addr, long length) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int rc = (int) MUNMAP.invokeExact(st, addr, length);
            return new Result(rc, rc != 0 ? (int) ERRNO.get(st, 0L) : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int rc = (int) CLOSE.invokeExact(st, fd);
            return new Result(rc, rc != 0 ? (int) ERRNO.get(st, 0L) : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long pageSize() {
        try {
            return (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
