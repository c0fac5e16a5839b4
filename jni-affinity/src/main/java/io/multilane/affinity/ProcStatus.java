package io.multilane.affinity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code Cpus_allowed_list} from {@code /proc/self/status} (the process) or
 * {@code /proc/thread-self/status} (the calling thread): the kernel's own account of an affinity mask,
 * used by the fallback where {@code /proc} exists.
 *
 * <p>Threading: stateless; any thread may call it. Allocates (file read), so never on a hot path.
 */
final class ProcStatus {
    static final Path PROCESS = Path.of("/proc/self/status");
    static final Path THREAD = Path.of("/proc/thread-self/status");

    private static final String FIELD = "Cpus_allowed_list:";

    private ProcStatus() {
    }

    /** The {@code Cpus_allowed_list} of a status file, or null when the file or the field is missing. */
    static CpuSet cpusAllowed(final Path status) {
        try {
            for (final String line : Files.readAllLines(status)) {
                if (line.startsWith(FIELD)) {
                    return CpuSet.parse(line.substring(FIELD.length()));
                }
            }
            return null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
