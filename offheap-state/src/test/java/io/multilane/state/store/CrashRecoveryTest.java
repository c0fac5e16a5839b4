package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.TestRecords;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block atomicity for real: a child JVM ({@link CrashChild}) seals random blocks into one store and is killed
 * with SIGKILL ({@link Process#destroyForcibly()}) again and again on the same directory: at a random moment, or
 * held at a checkpoint step (half the entries written to Chronicle, all written but not recorded, recorded but no
 * journal segment deleted, between two segment deletions), the kills cycling through those five cases.
 * After each kill the store must open, its height must be the last block the child reported sealed (or the one
 * it was sealing, when the kill fell between the journal append and the report), and its root must equal the
 * root the child printed for that height and a full-scan recomputation, and the open store must hold no journal
 * segment (recovery checkpointed and released it after verifying the root). Prints its seed.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void survivesFiveKills() throws Exception {
        killRepeatedly(5);
    }

    @Test
    @Tag("soak")
    void survivesFiftyKills() throws Exception {
        killRepeatedly(50);
    }

    private void killRepeatedly(final int kills) throws Exception {
        final long seed = Long.getLong("multilane.crash.seed", System.nanoTime());
        System.out.println("CrashRecoveryTest seed=" + seed + " (rerun with -Dmultilane.crash.seed=" + seed + ")");
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Path store = dir.resolve("store");
        long lastHeight = 0;
        int inFlight = 0;
        int killedBeforeFirstSeal = 0;
        int stepKills = 0;
        for (int k = 0; k < kills; k++) {
            final boolean threaded = (k & 1) == 0;
            final Path log = dir.resolve("child-" + k + ".out");
            final int step = k % 5;
            final Process p = spawn(store, rnd.nextLong(), threaded, step, 1 + rnd.nextInt(4), log);
            // Without a step: mostly kill while blocks are sealed; one kill in four lands at a random moment from
            // spawn, which may be during the child's own recovery. With a step: kill as soon as the child holds it.
            final boolean afterOpen = step != 0 || rnd.nextInt(4) != 0;
            if (afterOpen) {
                await(p, log, "opened ");
            }
            if (step != 0) {
                await(p, log, "step " + step + " ");
                stepKills++;
            }
            final long delayMs = step != 0 ? 0 : afterOpen ? rnd.nextInt(1500) : rnd.nextInt(3000);
            final boolean exited = step == 0 && p.waitFor(delayMs, TimeUnit.MILLISECONDS);
            if (exited) {
                final String out = read(log);
                throw new AssertionError("child exited by itself with " + p.exitValue() + ":\n"
                    + out.substring(Math.max(0, out.length() - 2000)) + "\n" + read(ChildJvm.err(log)));
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not die");
            final ChildReport report = ChildReport.parse(read(log));
            try (StateStore s = StateStores.open(CrashChild.config(store, threaded))) {
                final long h = s.sealedHeight();
                final long reported = report.lastSealed < 0 ? lastHeight : report.lastSealed;
                final String context = "kill " + k + " seed " + seed + " at step " + step + " after " + delayMs + " ms"
                    + (afterOpen ? " from open" : " from spawn") + ": reported " + reported
                    + ", announced " + report.lastAnnounced + ", recovered " + h;
                if (h == reported + 1 && report.lastAnnounced == h) {
                    inFlight++;
                } else {
                    assertEquals(reported, h, context);
                }
                final String root = TestRecords.hex(TestRecords.root(s));
                if (h > 0 && report.roots.containsKey(h)) {
                    assertEquals(report.roots.get(h), root, context);
                }
                assertEquals(TestRecords.hex(TestRecords.scanRoot(s)), root, context);
                assertEquals(0, BlockJournal.listSegments(store).length, context + ": journal left after recovery");
                if (report.lastSealed < 0) {
                    killedBeforeFirstSeal++;
                }
                assertTrue(h >= lastHeight, context);
                lastHeight = h;
            }
        }
        System.out.println("CrashRecoveryTest: " + kills + " kills, final height " + lastHeight + ", " + inFlight
            + " kills between journal append and report, " + killedBeforeFirstSeal + " before the first seal, "
            + stepKills + " held at a checkpoint step");
        assertTrue(lastHeight > 0, "the children never sealed a block");
    }

    private static Process spawn(final Path store, final long seed, final boolean threaded, final int step, final int occurrence,
            final Path log)
        throws IOException {
        return ChildJvm.start(CrashChild.class, log, store.toString(), Long.toString(seed), Boolean.toString(threaded),
            Integer.toString(step), Integer.toString(occurrence));
    }

    /** Waits until the child printed a line starting with {@code prefix}. */
    private static void await(final Process p, final Path log, final String prefix) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hasLine(read(log), prefix)) {
            if (!p.isAlive()) {
                throw new AssertionError("child exited before printing '" + prefix + "': " + read(ChildJvm.err(log)));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("child did not print '" + prefix + "' within 60 s: " + read(ChildJvm.err(log)));
            }
            Thread.sleep(5);
        }
    }

    private static boolean hasLine(final String text, final String prefix) {
        return text.startsWith(prefix) || text.contains("\n" + prefix);
    }

    private static String read(final Path log) throws IOException {
        final File f = log.toFile();
        return f.exists() ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** What the child printed before it died: complete lines only. */
    private static final class ChildReport {
        long lastSealed = -1;
        long lastAnnounced = -1;
        final Map<Long, String> roots = new HashMap<>();

        static ChildReport parse(final String text) {
            final ChildReport r = new ChildReport();
            final int end = text.lastIndexOf('\n');
            if (end < 0) {
                return r;
            }
            for (final String line : text.substring(0, end).split("\n")) {
                final String[] f = line.split(" ");
                if (f.length == 3 && f[2].length() == 64) {
                    final long h = Long.parseLong(f[1]);
                    if (f[0].equals("root")) {
                        r.lastAnnounced = h;
                        r.roots.put(h, f[2]);
                    } else if (f[0].equals("sealed")) {
                        r.lastSealed = h;
                        assertEquals(r.roots.get(h), f[2], "seal returned a root other than root() before it");
                    }
                }
            }
            return r;
        }
    }
}
