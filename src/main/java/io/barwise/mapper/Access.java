package io.barwise.mapper;

/**
 * One access to a mapping, as the command line writes it: {@code --read OFF:BITS},
 * {@code --poke OFF:BITS=VALUE}, {@code --dump OFF:LEN[:BITS]}. Widths are in bits (8, 16, 32, 64),
 * as in {@link BarMapping#read}; a dump reads with the widest naturally aligned loads unless BITS is
 * given. Numbers are decimal or 0x-hex; offsets count from the start of the mapping.
 *
 * @param bits   the width of each load or store; for a dump 0 means the widest aligned
 * @param length bytes to dump (dumps only)
 */
public record Access(Kind kind, long offset, int bits, long value, int length) {
    public enum Kind { READ, POKE, DUMP }

    /** What an access did: the line a person reads, and the bare value a script reads (null for a poke). */
    public record Result(String text, String value) {}

    public static Access read(String spec) {
        String[] p = split(spec, ":", "--read OFF:BITS");
        return new Access(Kind.READ, number(p[0], spec), width(p[1], spec), 0, 0);
    }

    public static Access poke(String spec) {
        String[] p = split(spec, ":", "--poke OFF:BITS=VALUE");
        String[] q = split(p[1], "=", "--poke OFF:BITS=VALUE");
        int w = width(q[0], spec);
        long v = number(q[1], spec);
        if (w < 64 && (v >>> w) != 0) throw new IllegalArgumentException("'" + spec + "': value does not fit in " + w + " bits");
        return new Access(Kind.POKE, number(p[0], spec), w, v, 0);
    }

    public static Access dump(String spec) {
        String[] p = split(spec, ":", "--dump OFF:LEN[:BITS]");
        String[] q = p[1].split(":", -1);
        if (q.length > 2) throw new IllegalArgumentException("'" + spec + "' is not --dump OFF:LEN[:BITS]");
        long len = number(q[0], spec);
        if (len <= 0 || len > (1 << 20)) throw new IllegalArgumentException("'" + spec + "': LEN must be 1 to 1048576 bytes");
        return new Access(Kind.DUMP, number(p[0], spec), q.length == 2 ? width(q[1], spec) : 0, 0, (int) len);
    }

    /** Does it on the mapping. */
    public Result apply(BarMapping m) {
        return switch (kind) {
            case READ -> {
                String v = String.format("0x%0" + (bits / 4) + "x", m.read(offset, bits));
                yield new Result(String.format("read  0x%x/%d = %s", offset, bits, v), v);
            }
            case POKE -> {
                m.write(offset, bits, value);
                yield new Result(String.format("poke  0x%x/%d = 0x%0" + (bits / 4) + "x", offset, bits, value), null);
            }
            case DUMP -> dump(m);
        };
    }

    /** Loads of the given width, or of the widest width the position allows, each naturally aligned and inside the range. */
    private Result dump(BarMapping m) {
        byte[] data = new byte[length];
        java.util.SortedSet<Integer> used = new java.util.TreeSet<>();
        long end = offset + length;
        for (long pos = offset; pos < end; ) {
            int w = bits;
            if (w == 0) {
                w = 64;
                while (w > 8 && (pos % (w / 8) != 0 || pos + w / 8 > end)) w /= 2;
            }
            long v = m.read(pos, w);
            for (int i = 0; i < w / 8; i++) data[(int) (pos - offset) + i] = (byte) (v >>> (8 * i));
            used.add(w);
            pos += w / 8;
        }
        String widths = String.join("/", used.stream().map(String::valueOf).toList()) + "-bit loads";
        String how = bits == 0 ? widths + ", the widest aligned (--dump OFF:LEN:8 for single bytes)" : widths;
        String hex = hexdump(offset, data);
        return new Result(String.format("dump  0x%x+%d in %s%n%s", offset, length, how, hex), hex);
    }

    /** Lines like xxd: {@code 00000000: 6869 2074 6865 7265 0000 0000 0000 0000  hi there........}. */
    public static String hexdump(long base, byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.length; i += 16) {
            if (i > 0) sb.append('\n');
            sb.append(String.format("%08x: ", base + i));
            StringBuilder ascii = new StringBuilder();
            for (int j = 0; j < 16; j++) {
                if (i + j < data.length) {
                    int b = data[i + j] & 0xff;
                    sb.append(String.format("%02x", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    sb.append("  ");
                }
                if (j % 2 == 1) sb.append(' ');
            }
            sb.append(' ').append(ascii);
        }
        return sb.toString();
    }

    private static String[] split(String s, String sep, String form) {
        int i = s == null ? -1 : s.indexOf(sep);
        if (i <= 0 || i == s.length() - 1) throw new IllegalArgumentException("'" + s + "' is not " + form);
        return new String[] {s.substring(0, i), s.substring(i + 1)};
    }

    private static int width(String s, String spec) {
        return switch (s.trim()) {
            case "8" -> 8;
            case "16" -> 16;
            case "32" -> 32;
            case "64" -> 64;
            default -> throw new IllegalArgumentException("'" + spec + "': BITS is 8, 16, 32 or 64 (a width in bits, not bytes)");
        };
    }

    /** A non-negative decimal or 0x-hex number; {@code spec} names the argument in the message. */
    public static long number(String s, String spec) {
        String t = s.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) return Long.parseUnsignedLong(t.substring(2), 16);
            long v = Long.parseLong(t);
            if (v < 0) throw new IllegalArgumentException("'" + spec + "': negative number " + t);
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "': '" + t + "' is not a number (decimal or 0x-hex)");
        }
    }
}
