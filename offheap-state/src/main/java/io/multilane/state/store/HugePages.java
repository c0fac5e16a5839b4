package io.multilane.state.store;

import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;

/**
 * Asks the kernel to back a large off-heap region with transparent huge pages ({@code madvise(MADV_HUGEPAGE)},
 * through Chronicle's POSIX binding), so that random reads over gigabytes of fast tier do not pay a TLB miss and
 * page walk each. Best effort: on a kernel or platform without it the region keeps 4 KiB pages.
 *
 * <p>Stateless; called by the thread that allocates the region, before the region is touched.
 */
public final class HugePages {
    /** Huge page size on x86-64 and the alignment the region should have. */
    public static final long SIZE = 2L << 20;

    private HugePages() {
    }

    /** Returns true if the kernel accepted the advice for {@code [address, address + length)}. */
    public static boolean advise(final long address, final long length) {
        if (length < SIZE) {
            return false;
        }
        try {
            return PosixAPI.posix().madvise(address, length, MAdviseFlag.MADV_HUGEPAGE) == 0;
        } catch (final RuntimeException | LinkageError e) {
            return false;
        }
    }
}
