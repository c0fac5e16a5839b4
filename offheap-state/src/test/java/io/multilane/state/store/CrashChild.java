package io.multilane.state.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.TestRecords;
import io.multilane.state.key.KeyType;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Child process of {@link CrashRecoveryTest}: opens (recovering) the store, then seals random blocks until it is
 * killed. Before each seal it prints "root &lt;height&gt; &lt;hex&gt;", after it "sealed &lt;height&gt; &lt;hex&gt;".
 * Arguments: directory, seed, threaded write-behind (true/false).
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) {
        final Path dir = Path.of(args[0]);
        final SplittableRandom rnd = new SplittableRandom(Long.parseLong(args[1]));
        final boolean threaded = Boolean.parseBoolean(args[2]);
        final PrintStream out = System.out;
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
        try (StateStore store = StateStores.open(config(dir, threaded))) {
            out.println("opened " + store.sealedHeight());
            out.flush();
            while (true) {
                final long h = store.sealedHeight() + 1;
                store.beginBlock(h);
                final int writes = 1 + rnd.nextInt(300);
                for (int i = 0; i < writes; i++) {
                    final KeyType t = TestRecords.randomKey(rnd, 1000, key);
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

    static StateConfig config(Path dir, boolean threaded) {
        return StateConfig.of(dir, 30_000).withSyncOnSeal(false).withWriteBehindThread(threaded)
            .withJournalTruncateBytes(256 * 1024);
    }
}
