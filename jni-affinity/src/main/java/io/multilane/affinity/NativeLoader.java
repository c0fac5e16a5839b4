package io.multilane.affinity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the JNI shim for this platform inside the jar, extracts it into a private temporary directory,
 * loads it and checks it answers; or explains, in one sentence, why the library is not in use.
 *
 * <p>The directory is created owner-only ({@code rwx------}), so no other user can swap the library
 * between extraction and {@code dlopen}. File and directory are deleted right after loading: a loaded
 * library stays mapped on Linux, so nothing is left in the temporary directory even after a kill -9.
 *
 * <p>Threading: {@link Affinity}'s class initialiser calls {@link #loadFromClasspath()} once; the JVM
 * serialises it. Tests may call {@link #load} with their own resource and directory from any thread.
 */
final class NativeLoader {
    /** The library's file name inside {@code io/multilane/affinity/native/<platform>/}. */
    static final String LIBRARY_FILE = "libmultilane-affinity.so";
    /** {@code -Dmultilane.affinity.disable=true} forces the fallback (no native code is loaded). */
    static final String DISABLE_PROPERTY = "multilane.affinity.disable";
    /** {@code -Dmultilane.affinity.tmpdir=DIR} extracts under DIR (for a {@code noexec} /tmp). */
    static final String TMPDIR_PROPERTY = "multilane.affinity.tmpdir";

    private static final String RESOURCE_ROOT = "io/multilane/affinity/native/";

    /** What loading gave: the mode and, for the fallback, why. */
    record Outcome(AffinityMode mode, String reason) {
        static Outcome fallback(final String reason) {
            return new Outcome(AffinityMode.FALLBACK, reason);
        }
    }

    private NativeLoader() {
    }

    /** Loads the library for this JVM's platform, honouring the disable and tmpdir properties. */
    static Outcome loadFromClasspath() {
        if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            return Outcome.fallback("disabled by -D" + DISABLE_PROPERTY + "=true");
        }
        final String osName = System.getProperty("os.name", "");
        final String osArch = System.getProperty("os.arch", "");
        final String platform = platform(osName, osArch);
        if (platform == null) {
            return Outcome.fallback("no native library for " + osName + "/" + osArch + ": thread pinning needs Linux");
        }
        final Path tmpParent = Path.of(System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        return load(NativeLoader.class.getClassLoader(), resourcePath(platform), tmpParent);
    }

    /** {@code linux-<arch>} for Linux, with the JVM's arch names mapped to uname's; null elsewhere. */
    static String platform(final String osName, final String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return null;
        }
        final String arch = osArch.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "linux-x86_64";
            case "aarch64":
            case "arm64":
                return "linux-aarch64";
            default:
                return "linux-" + arch;
        }
    }

    /** The class path resource of the library for {@code platform}. */
    static String resourcePath(final String platform) {
        return RESOURCE_ROOT + platform + "/" + LIBRARY_FILE;
    }

    /**
     * Extracts {@code resource} from {@code classLoader} under {@code tmpParent}, loads and checks it.
     * Never throws: every failure becomes a fallback outcome naming the resource and the cause.
     */
    static Outcome load(final ClassLoader classLoader, final String resource, final Path tmpParent) {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                return Outcome.fallback("native library " + resource + " is not on the class path "
                    + "(jar built with -Dmultilane.native.skip=true, without gcc, or not on Linux)");
            }
            final Path file = extract(in, tmpParent);
            try {
                System.load(file.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(file.getParent());
            }
            return check(resource);
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            return Outcome.fallback("could not load native library " + resource + " (extracted under " + tmpParent
                + "; set -D" + TMPDIR_PROPERTY + " if that is mounted noexec): " + e);
        }
    }

    /**
     * Copies {@code library} to {@code LIBRARY_FILE} in a new owner-only directory under {@code tmpParent}.
     * The caller deletes both; on failure nothing is left behind.
     */
    static Path extract(final InputStream library, final Path tmpParent) throws IOException {
        final Path dir = Files.createTempDirectory(tmpParent, "multilane-affinity-", ownerOnly());
        final Path file = dir.resolve(LIBRARY_FILE);
        try {
            Files.copy(library, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
            throw e;
        }
    }

    /** Calls the library once: a stale or broken build must not be used. */
    private static Outcome check(final String resource) {
        final int abi = NativeAffinity.abiVersion0();
        if (abi != NativeAffinity.ABI_VERSION) {
            return Outcome.fallback("stale native library " + resource + ": ABI " + abi + ", expected "
                + NativeAffinity.ABI_VERSION + " (rebuild jni-affinity)");
        }
        if (NativeAffinity.currentCpu0() < 0) {
            return Outcome.fallback("sched_getcpu() fails on this kernel");
        }
        if (CpuSet.fromWords(NativeAffinity.processMask0()).isEmpty()) {
            return Outcome.fallback("sched_getaffinity() reports no CPU for this process");
        }
        return new Outcome(AffinityMode.NATIVE, "");
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        final Set<PosixFilePermission> rwx = PosixFilePermissions.fromString("rwx------");
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(rwx)};
    }
}
