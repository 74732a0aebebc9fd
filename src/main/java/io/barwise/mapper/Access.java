package io.barwise.mapper;

/**
 * One access to a mapping, as the command line writes it: {@code --read OFF:WIDTH},
 * {@code --poke OFF:WIDTH=VALUE}, {@code --dump OFF:LEN}. WIDTH is in bits (8, 16, 32, 64); numbers
 * are decimal or 0x-hex; offsets count from the start of the mapping.
 */
public record Access(Kind kind, long offset, int bytes, long value) {
    public enum Kind { READ, POKE, DUMP }

    public static Access read(String spec) {
        String[] p = split(spec, ":", "--read OFF:WIDTH");
        return new Access(Kind.READ, number(p[0], spec), width(p[1], spec), 0);
    }

    public static Access poke(String spec) {
        String[] p = split(spec, ":", "--poke OFF:WIDTH=VALUE");
        String[] q = split(p[1], "=", "--poke OFF:WIDTH=VALUE");
        int w = width(q[0], spec);
        long v = number(q[1], spec);
        if (w < 8 && (v >>> (w * 8)) != 0) throw new IllegalArgumentException("'" + spec + "': value does not fit in " + w * 8 + " bits");
        return new Access(Kind.POKE, number(p[0], spec), w, v);
    }

    public static Access dump(String spec) {
        String[] p = split(spec, ":", "--dump OFF:LEN");
        long len = number(p[1], spec);
        if (len <= 0 || len > (1 << 20)) throw new IllegalArgumentException("'" + spec + "': LEN must be 1 to 1048576");
        return new Access(Kind.DUMP, number(p[0], spec), (int) len, 0);
    }

    /** Does it; returns what to print (a value, or xxd-style lines). */
    public String apply(BarMapping m) {
        return switch (kind) {
            case READ -> String.format("read  0x%x/%d = 0x%0" + (bytes * 2) + "x", offset, bytes * 8, m.read(offset, bytes));
            case POKE -> {
                m.write(offset, bytes, value);
                yield String.format("poke  0x%x/%d = 0x%0" + (bytes * 2) + "x", offset, bytes * 8, bytes == 8 ? value : value & ((1L << (bytes * 8)) - 1));
            }
            case DUMP -> hexdump(offset, m.bytes(offset, bytes));
        };
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
            case "8" -> 1;
            case "16" -> 2;
            case "32" -> 4;
            case "64" -> 8;
            default -> throw new IllegalArgumentException("'" + spec + "': WIDTH is 8, 16, 32 or 64 (bits)");
        };
    }

    static long number(String s, String spec) {
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
