package io.multilane.state.store;

import java.nio.file.Path;

import io.multilane.state.StateConfig;

/**
 * Child process of {@link InterruptedCreationTest}: prints "start", creates (opens) a new store in the directory,
 * prints "created" and waits to be killed. The parent kills it while the state file is being created. Arguments:
 * directory, entries.
 */
public final class CreationChild {
    private CreationChild() {
    }

    public static void main(final String[] args) throws InterruptedException {
        System.out.println("start");
        System.out.flush();
        try (TieredStateStore store = TieredStateStore.open(config(Path.of(args[0]), Long.parseLong(args[1])))) {
            System.out.println("created " + store.sealedHeight());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    static StateConfig config(final Path dir, final long entries) {
        return StateConfig.of(dir, entries).withSyncOnSeal(false);
    }
}
