package io.multilane.state.store;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import io.multilane.state.StateException;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;

/**
 * This process's shared memory mappings of one file (Chronicle's mapping of the store of record among them), and the
 * one thing done with them: dropping their page-table entries ({@code madvise(MADV_DONTNEED)}, through Chronicle's
 * POSIX binding) so that the kernel can write the file's dirty pages back without a TLB shootdown per page.
 *
 * <p>Why: writing back a dirty page of a shared mapping first write-protects it in every mapping that maps it,
 * one TLB flush per page, and each flush interrupts every other CPU running one of this process's threads. A
 * checkpoint dirties ~50k pages of Chronicle's file, so the kernel's writeback of them every ~30 s was ~50k
 * interruptions of the engine's core in one burst (docs/engine.md, "Latency and the stall episodes"). Dropping a
 * range's entries costs one flush per batch of pages instead; on a shared file mapping it loses nothing: the pages
 * stay in the page cache, still dirty (the kernel carries each entry's dirty bit over to the page), and the next
 * access faults them back in from there.
 *
 * <p>Only mappings that are shared ({@code s} in {@code /proc/self/maps}) and of this very file are touched: on a
 * private mapping the same call would discard its changes. The mappings are read from {@code /proc/self/maps} at
 * {@link #refresh} (which allocates; called when the file's size changed, as Chronicle maps each extension of it
 * anew); {@link #drop} allocates nothing.
 *
 * <p>One thread at a time (the checkpoint's). Linux only; elsewhere, or when the binding is missing,
 * {@link #supported} is false and nothing is dropped.
 */
final class FileMappings {
    /** Largest range one call drops: bounds how long the call holds the process's memory-map lock. */
    static final long MAX_RANGE = 16L << 20;
    private static final Path MAPS = Paths.get("/proc/self/maps");
    private static final int INITIAL_MAPPINGS = 8;
    private static final long PAGE = 4096;

    private final File file;
    private final String path;
    private final boolean supported;
    private long[] starts = new long[INITIAL_MAPPINGS];
    private long[] ends = new long[INITIAL_MAPPINGS];
    private long[] offsets = new long[INITIAL_MAPPINGS];
    private int count;
    private long followedSize = -1;
    private long bytesDropped;

    FileMappings(final File file) {
        this.file = file;
        this.path = canonical(file);
        this.supported = Files.isReadable(MAPS) && bindingAvailable();
    }

    /** Whether mappings can be found and dropped here. */
    boolean supported() {
        return supported;
    }

    /**
     * Reads the mappings again if the file's size changed since the last call (Chronicle maps each extension of its
     * file anew); allocates only then.
     */
    void follow(final long fileSize) {
        if (fileSize != followedSize) {
            refresh();
            followedSize = fileSize;
        }
    }

    /** Reads the file's shared mappings from {@code /proc/self/maps} again; returns how many there are. */
    int refresh() {
        count = 0;
        if (!supported) {
            return 0;
        }
        final String maps;
        try {
            maps = new String(Files.readAllBytes(MAPS), StandardCharsets.ISO_8859_1);
        } catch (final IOException e) {
            throw new StateException("cannot read " + MAPS + " to find the mappings of " + file + ": " + e, e);
        }
        int at = 0;
        while (at < maps.length()) {
            int end = maps.indexOf('\n', at);
            if (end < 0) {
                end = maps.length();
            }
            parse(maps, at, end);
            at = end + 1;
        }
        return count;
    }

    /**
     * One line of {@code /proc/self/maps}: {@code start-end perms offset dev inode path}; the path is the rest of
     * the line after the inode and its padding.
     */
    private void parse(final String maps, final int from, final int to) {
        final int dash = maps.indexOf('-', from);
        final int perms = maps.indexOf(' ', from) + 1;
        if (dash < 0 || perms <= 0 || perms + 4 > to || maps.charAt(perms + 3) != 's') {
            return;
        }
        final int pathStart = pathStart(maps, perms, to);
        if (pathStart < 0 || to - pathStart != path.length() || !maps.startsWith(path, pathStart)) {
            return;
        }
        final int offset = perms + 5;
        add(Long.parseUnsignedLong(maps, from, dash, 16), Long.parseUnsignedLong(maps, dash + 1, perms - 1, 16),
            Long.parseUnsignedLong(maps, offset, maps.indexOf(' ', offset), 16));
    }

    /** Where the path begins: after the four fields that follow the perms (offset, device, inode) and spaces. */
    private static int pathStart(final String maps, final int perms, final int to) {
        int at = perms;
        for (int field = 0; field < 3; field++) {
            at = maps.indexOf(' ', at);
            if (at < 0 || at >= to) {
                return -1;
            }
            at++;
        }
        at = maps.indexOf(' ', at);
        if (at < 0 || at >= to) {
            return -1;
        }
        while (at < to && maps.charAt(at) == ' ') {
            at++;
        }
        return at < to ? at : -1;
    }

    private void add(final long start, final long end, final long offset) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        offsets[count] = offset;
        count++;
    }

    /** Bytes of address space the mapping {@code i} covers. */
    long length(final int i) {
        return ends[i] - starts[i];
    }

    /** Drops the page-table entries of every mapping found by the last {@link #refresh}; returns the bytes covered. */
    long drop() {
        return drop(0, Long.MAX_VALUE);
    }

    /**
     * Drops the page-table entries that map the file's bytes {@code [from, to)} (whole pages within it) in every
     * mapping found by the last {@link #refresh}, in ranges of at most {@link #MAX_RANGE}; returns the bytes of
     * address space covered.
     */
    long drop(final long from, final long to) {
        long dropped = 0;
        for (int i = 0; i < count; i++) {
            final long first = Math.max(from + PAGE - 1 & -PAGE, offsets[i]);
            final long last = Math.min(to & -PAGE, offsets[i] + ends[i] - starts[i]);
            for (long at = first; at < last; at += MAX_RANGE) {
                final long address = starts[i] + at - offsets[i];
                final long length = Math.min(MAX_RANGE, last - at);
                if (PosixAPI.posix().madvise(address, length, MAdviseFlag.MADV_DONTNEED) != 0) {
                    throw new StateException("cannot drop the page-table entries of state file " + file
                        + " (madvise MADV_DONTNEED of " + length + " bytes at file offset " + at + ")");
                }
                dropped += length;
            }
        }
        bytesDropped += dropped;
        return dropped;
    }

    /** Bytes of address space dropped since this was created (read after the writer's last call). */
    long bytesDropped() {
        return bytesDropped;
    }

    private static String canonical(final File file) {
        try {
            return file.getCanonicalPath();
        } catch (final IOException e) {
            throw new StateException("cannot resolve state file " + file + ": " + e, e);
        }
    }

    private static boolean bindingAvailable() {
        try {
            return PosixAPI.posix() != null;
        } catch (final RuntimeException | LinkageError e) {
            return false;
        }
    }
}
