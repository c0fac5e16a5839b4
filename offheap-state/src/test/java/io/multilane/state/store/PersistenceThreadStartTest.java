package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.multilane.state.StateConfig;
import io.multilane.state.StateException;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StateConfig#withPersistenceThreadStart}: the code runs first on the persistence thread itself; if it
 * throws, the persistence thread fails and the store says so at the next seal (never a hang).
 */
class PersistenceThreadStartTest {
    @TempDir
    Path dir;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);

    @Test
    void theStartCodeRunsOnThePersistenceThread() throws Exception {
        final CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        try (TieredStateStore s = TieredStateStore.open(StateConfig.of(dir, 1_000).withSyncOnSeal(false)
                .withPersistenceThreadStart(() -> ranOn.complete(Thread.currentThread())))) {
            assertEquals(s.persistenceThread(), ranOn.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aThrowingStartFailsTheNextSealWithTheCause() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            final TieredStateStore s = TieredStateStore.open(StateConfig.of(dir, 1_000).withSyncOnSeal(false)
                    .withMaxPendingBlocks(1).withPersistenceThreadStart(() -> {
                        throw new IllegalStateException("no priority for you");
                    }));
            s.persistenceThread().join(30_000);
            StateException failed = null;
            for (long h = 1; h <= 3 && failed == null; h++) {
                s.beginBlock(h);
                StateKeys.encode(key, 0, KeyType.TOKEN, h, 0, 0);
                value.putLong(0, h);
                s.write(key, 0, value, 0, 32);
                try {
                    s.seal(h, root, 0);
                } catch (StateException e) {
                    failed = e;
                    s.rollback();
                }
            }
            assertTrue(failed != null && failed.getMessage().contains("no priority for you"), String.valueOf(failed));
            assertThrows(RuntimeException.class, s::close);
        });
    }
}
