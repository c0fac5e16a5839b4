package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.multilane.state.StateConfig;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot path allocates nothing: after a warm-up, the thread's allocated-bytes counter
 * ({@code com.sun.management.ThreadMXBean}) does not move across many reads, u128 credits and writes (with root
 * updates and undo records) between seals. Seals (journal append, inline write-behind into Chronicle) run
 * between the measured loops; they allocate rarely and little inside the JDK's FileChannel and Chronicle.
 */
class ZeroAllocationTest {
    @TempDir
    Path dir;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
    private final AccountFlyweight account = new AccountFlyweight();
    private final U128 balance = new U128();
    private final U128 amount = new U128(0, 7);
    private final long[] ids = new long[2048];

    /** Runs blocks of read-modify-writes; returns the bytes this thread allocated inside the op loops. */
    private long blocks(TieredStateStore s, int count, com.sun.management.ThreadMXBean mx) {
        final long tid = Thread.currentThread().getId();
        long allocated = 0;
        for (int b = 0; b < count; b++) {
            final long h = s.sealedHeight() + 1;
            s.beginBlock(h);
            final long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < ids.length; i++) {
                StateKeys.encode(key, 0, KeyType.ACCOUNT, ids[i], 0, 0);
                s.read(key, 0, value, 0);
                account.balance(balance).add(amount);
                account.setBalance(balance).setNonce(account.nonce() + 1);
                s.write(key, 0, value, 0, 32);
            }
            allocated += mx.getThreadAllocatedBytes(tid) - before;
            s.seal(h, root, 0);
        }
        return allocated;
    }

    @Test
    void readsCreditsAndWritesAllocateNothing() {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        final SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + rnd.nextInt(2000);
        }
        account.wrap(value, 0);
        try (TieredStateStore s = TieredStateStore.open(StateConfig.of(dir, 10_000).withSyncOnSeal(false)
            .withWriteBehindThread(false))) {
            blocks(s, 300, mx);
            assertEquals(0, blocks(s, 40, mx), "bytes allocated by 40 blocks of 2048 reads, credits and writes");
        }
    }
}
