package io.barwise.yaml;

import java.util.Collection;
import java.util.Locale;

/** Number and name helpers for hand-written input. */
public final class Numbers {
    private Numbers() {}

    /**
     * Parses {@code 4096}, {@code 0x1af4}, {@code 0o755}, {@code 0b1010}, {@code 1_000}, {@code 4M},
     * {@code 2GiB}. Hex values up to 64 bits are taken as unsigned. Suffixes are powers of 1024.
     */
    public static long parse(String text) {
        if (text == null) throw new NumberFormatException("empty");
        String t = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
        boolean negative = t.startsWith("-");
        if (negative) t = t.substring(1);
        long multiplier = 1;
        String[][] suffixes = {{"kib", "10"}, {"mib", "20"}, {"gib", "30"}, {"tib", "40"}, {"k", "10"}, {"m", "20"}, {"g", "30"}, {"t", "40"}};
        if (!t.startsWith("0x")) {
            for (String[] s : suffixes) {
                if (t.endsWith(s[0]) && t.length() > s[0].length()) {
                    multiplier = 1L << Integer.parseInt(s[1]);
                    t = t.substring(0, t.length() - s[0].length());
                    break;
                }
            }
        }
        long v;
        if (t.startsWith("0x")) v = Long.parseUnsignedLong(t.substring(2), 16);
        else if (t.startsWith("0o")) v = Long.parseLong(t.substring(2), 8);
        else if (t.startsWith("0b")) v = Long.parseLong(t.substring(2), 2);
        else v = Long.parseLong(t);
        v = Math.multiplyExact(v, multiplier);
        return negative ? -v : v;
    }

    /** The known name at edit distance 2 or less from {@code name}, or null. */
    public static String closest(String name, Collection<String> known) {
        String best = null;
        int bestD = 3;
        for (String k : known) {
            int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
