package io.multilane.state.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.multilane.state.StateConfig;
import io.multilane.state.TestRecords;
import io.multilane.state.key.KeyType;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Child process of {@link CrashRecoveryTest}: opens (recovering) the store, then seals random blocks until it is
 * killed. Before each seal it prints "root &lt;height&gt; &lt;hex&gt;", after it "sealed &lt;height&gt; &lt;hex&gt;".
 * Checkpoints are frequent and journal segments tiny, so kills land in checkpoints and segment deletions. With a
 * step argument ({@link CheckpointListener}'s constants; 0 = none) the child prints "step &lt;step&gt; &lt;height&gt;"
 * when a checkpoint reaches that step for the n-th time and holds the checkpoint there, so the parent kills it
 * exactly at that step. Arguments: directory, seed, threaded persistence (true/false), step, n.
 */
public final class CrashChild {
    /** Ids per key type the child writes (second id 0..2): its key space is every type x ID_SPACE x 3. */
    static final int ID_SPACE = 1000;
    /**
     * Store capacity: room for the whole key space (with slack), so the child never fills its store however
     * long it runs before the kill, and however many key types there are (it was a fixed 30 000, which the
     * 14 types of today's 42 000-key space could fill within a late kill's delay).
     */
    static final int ENTRIES = KeyType.values().length * ID_SPACE * 3 * 5 / 4;
    private CrashChild() {
    }

    public static void main(final String[] args) {
        final Path dir = Path.of(args[0]);
        final SplittableRandom rnd = new SplittableRandom(Long.parseLong(args[1]));
        final boolean threaded = Boolean.parseBoolean(args[2]);
        final int step = Integer.parseInt(args[3]);
        final int[] occurrences = {Integer.parseInt(args[4])};
        final PrintStream out = System.out;
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
        try (TieredStateStore store = TieredStateStore.open(config(dir, threaded))) {
            store.checkpointListener((s, height) -> {
                if (s == step && --occurrences[0] == 0) {
                    out.println("step " + s + " " + height);
                    out.flush();
                    sleepUntilKilled();
                }
            });
            out.println("opened " + store.sealedHeight());
            out.flush();
            while (true) {
                final long h = store.sealedHeight() + 1;
                store.beginBlock(h);
                final int writes = 1 + rnd.nextInt(300);
                for (int i = 0; i < writes; i++) {
                    final KeyType t = TestRecords.randomKey(rnd, ID_SPACE, key);
                    TestRecords.randomValue(rnd, t.recordLength(), value, 0.15);
                    store.write(key, 0, value, 0, t.recordLength());
                }
                if (rnd.nextInt(10) == 0) {
                    store.rollback();
                    continue;
                }
                store.root(root, 0);
                out.println("root " + h + " " + TestRecords.hex(root));
                out.flush();
                store.seal(h, root, 0);
                out.println("sealed " + h + " " + TestRecords.hex(root));
                out.flush();
            }
        }
    }

    private static void sleepUntilKilled() {
        try {
            Thread.sleep(60_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the parent did not kill the child within 60 s of the step");
    }

    static StateConfig config(final Path dir, final boolean threaded) {
        return StateConfig.of(dir, ENTRIES).withSyncOnSeal(false).withWriteBehindThread(threaded)
            .withJournalSegmentBytes(8 * 1024).withCheckpointIntervalBlocks(7).withCheckpointIntervalMillis(20);
    }
}
