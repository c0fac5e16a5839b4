package io.multilane.affinity;

import java.util.Arrays;

/**
 * An immutable set of CPU numbers, written and parsed in the kernel's list format ({@code 0-3,8,10-11}),
 * the format of {@code Cpus_allowed_list} in {@code /proc/self/status} and of {@code taskset -c}.
 *
 * <p>Threading: immutable, so any thread may share and read an instance. Construction allocates; do it
 * at start-up, not on a hot path. CPU numbers range from 0 to {@link #MAX_CPU}.
 */
public final class CpuSet {
    /** Highest CPU number a set may hold (the kernel's own limit, NR_CPUS, is at most 8192 today). */
    public static final int MAX_CPU = (1 << 16) - 1;

    private static final CpuSet EMPTY = new CpuSet(new long[0]);

    /** Bit {@code b} of word {@code w} stands for CPU {@code 64 * w + b}; no trailing zero word. */
    private final long[] words;
    private final int size;

    private CpuSet(final long[] trimmedWords) {
        this.words = trimmedWords;
        int bits = 0;
        for (final long word : trimmedWords) {
            bits += Long.bitCount(word);
        }
        this.size = bits;
    }

    /** The empty set. */
    public static CpuSet empty() {
        return EMPTY;
    }

    /**
     * The set of the given CPUs.
     *
     * @throws IllegalArgumentException if a CPU is negative or above {@link #MAX_CPU}
     */
    public static CpuSet of(final int... cpus) {
        final Builder builder = new Builder();
        for (final int cpu : cpus) {
            builder.add(cpu);
        }
        return builder.build();
    }

    /**
     * The CPUs {@code first..last}, both inclusive.
     *
     * @throws IllegalArgumentException if the range is empty or out of bounds
     */
    public static CpuSet range(final int first, final int last) {
        if (first > last) {
            throw new IllegalArgumentException("empty CPU range " + first + "-" + last);
        }
        final Builder builder = new Builder();
        builder.addRange(first, last);
        return builder.build();
    }

    /**
     * Parses the kernel list format: comma-separated CPUs and inclusive ranges, such as {@code 0-3,8}.
     * Blanks around numbers are ignored; an empty or blank text is the empty set.
     *
     * @throws IllegalArgumentException naming the offending part when the text is not a CPU list
     */
    public static CpuSet parse(final CharSequence list) {
        final String text = list.toString().strip();
        if (text.isEmpty()) {
            return EMPTY;
        }
        final Builder builder = new Builder();
        for (final String part : text.split(",", -1)) {
            final String item = part.strip();
            final int dash = item.indexOf('-');
            if (dash < 0) {
                builder.add(parseCpu(item, text));
            } else {
                final int first = parseCpu(item.substring(0, dash), text);
                final int last = parseCpu(item.substring(dash + 1), text);
                if (first > last) {
                    throw new IllegalArgumentException("descending CPU range '" + item + "' in CPU list '" + text + "'");
                }
                builder.addRange(first, last);
            }
        }
        return builder.build();
    }

    /** A set from mask words (bit {@code b} of word {@code w} is CPU {@code 64 * w + b}); copies them. */
    static CpuSet fromWords(final long[] maskWords) {
        int length = maskWords.length;
        while (length > 0 && maskWords[length - 1] == 0) {
            length--;
        }
        if (length > (MAX_CPU + 1) / Long.SIZE) {
            throw new IllegalArgumentException("mask holds a CPU above " + MAX_CPU);
        }
        return length == 0 ? EMPTY : new CpuSet(Arrays.copyOf(maskWords, length));
    }

    /** The mask words, not copied: callers must not modify them (the JNI shim only reads them). */
    long[] words() {
        return words;
    }

    /** Number of CPUs in the set. */
    public int size() {
        return size;
    }

    /** True when the set holds no CPU. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** True when {@code cpu} is in the set; false for any negative or out-of-range number. */
    public boolean contains(final int cpu) {
        if (cpu < 0) {
            return false;
        }
        final int word = cpu >>> 6;
        return word < words.length && (words[word] & (1L << cpu)) != 0;
    }

    /** The lowest CPU at or above {@code from}, or -1 when there is none. */
    public int next(final int from) {
        int word = Math.max(from, 0) >>> 6;
        if (word >= words.length) {
            return -1;
        }
        long bits = words[word] & (-1L << Math.max(from, 0));
        while (true) {
            if (bits != 0) {
                return word * Long.SIZE + Long.numberOfTrailingZeros(bits);
            }
            if (++word == words.length) {
                return -1;
            }
            bits = words[word];
        }
    }

    /** The lowest CPU, or -1 for the empty set. */
    public int first() {
        return next(0);
    }

    /** The highest CPU, or -1 for the empty set. */
    public int last() {
        if (words.length == 0) {
            return -1;
        }
        final int word = words.length - 1;
        return word * Long.SIZE + Long.SIZE - 1 - Long.numberOfLeadingZeros(words[word]);
    }

    /**
     * The {@code index}-th CPU in ascending order, counting from 0.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    public int get(final int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("CPU index " + index + " in a set of " + size + " (" + this + ")");
        }
        int cpu = first();
        for (int i = 0; i < index; i++) {
            cpu = next(cpu + 1);
        }
        return cpu;
    }

    /** True when every CPU of {@code other} is in this set. */
    public boolean containsAll(final CpuSet other) {
        for (int w = 0; w < other.words.length; w++) {
            final long mine = w < words.length ? words[w] : 0L;
            if ((other.words[w] & ~mine) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The CPUs of this set that are not in {@code other}. */
    public CpuSet minus(final CpuSet other) {
        final long[] result = words.clone();
        for (int w = 0; w < result.length && w < other.words.length; w++) {
            result[w] &= ~other.words[w];
        }
        return fromWords(result);
    }

    /** The CPUs in ascending order. */
    public int[] toArray() {
        final int[] cpus = new int[size];
        int i = 0;
        for (int cpu = first(); cpu >= 0; cpu = next(cpu + 1)) {
            cpus[i++] = cpu;
        }
        return cpus;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof CpuSet && Arrays.equals(words, ((CpuSet) o).words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    /** The kernel list format with maximal ranges, such as {@code 0-3,8}; the empty set is {@code ""}. */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        int cpu = first();
        while (cpu >= 0) {
            int end = cpu;
            while (contains(end + 1)) {
                end++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(cpu);
            if (end > cpu) {
                sb.append('-').append(end);
            }
            cpu = next(end + 1);
        }
        return sb.toString();
    }

    private static int parseCpu(final String number, final String list) {
        final String digits = number.strip();
        if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + number.strip() + "' is not a CPU number in CPU list '" + list + "'");
        }
        final int cpu = Integer.parseInt(digits);
        if (cpu > MAX_CPU) {
            throw new IllegalArgumentException("CPU " + cpu + " is above " + MAX_CPU + " in CPU list '" + list + "'");
        }
        return cpu;
    }

    /** Collects CPUs into mask words. */
    private static final class Builder {
        private long[] words = new long[1];

        void add(final int cpu) {
            if (cpu < 0 || cpu > MAX_CPU) {
                throw new IllegalArgumentException("CPU " + cpu + " is outside 0-" + MAX_CPU);
            }
            final int word = cpu >>> 6;
            if (word >= words.length) {
                words = Arrays.copyOf(words, Math.max(word + 1, words.length * 2));
            }
            words[word] |= 1L << cpu;
        }

        void addRange(final int first, final int last) {
            for (int cpu = first; cpu <= last; cpu++) {
                add(cpu);
            }
        }

        CpuSet build() {
            return fromWords(words);
        }
    }
}
