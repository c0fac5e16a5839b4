package io.multilane.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's own paths, driven with explicit resources and directories (no global state). */
class NativeLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void mapsJvmPlatformNamesToTheBuildsDirectories() {
        assertEquals("linux-x86_64", NativeLoader.platform("Linux", "amd64"));
        assertEquals("linux-x86_64", NativeLoader.platform("Linux", "x86_64"));
        assertEquals("linux-aarch64", NativeLoader.platform("Linux", "aarch64"));
        assertEquals("linux-riscv64", NativeLoader.platform("Linux", "riscv64"));
        assertNull(NativeLoader.platform("Mac OS X", "aarch64"));
        assertNull(NativeLoader.platform("Windows 11", "amd64"));
        assertEquals("io/multilane/affinity/native/linux-x86_64/libmultilane-affinity.so",
            NativeLoader.resourcePath("linux-x86_64"));
    }

    @Test
    void missingLibraryFallsBackNamingTheResource() throws Exception {
        final String resource = NativeLoader.resourcePath("linux-nosucharch");
        final NativeLoader.Outcome outcome = NativeLoader.load(getClass().getClassLoader(), resource, tmp);
        assertEquals(AffinityMode.FALLBACK, outcome.mode());
        assertTrue(outcome.reason().contains(resource), outcome.reason());
        assertTrue(outcome.reason().contains("multilane.native.skip"), outcome.reason());
        assertEmpty(tmp);
    }

    @Test
    void libraryForAnotherMachineFallsBackAndLeavesNothingBehind() throws Exception {
        final Path jarRoot = Files.createDirectories(tmp.resolve("jar"));
        final Path extractTo = Files.createDirectories(tmp.resolve("extract"));
        final String resource = "io/multilane/affinity/native/linux-foreign/" + NativeLoader.LIBRARY_FILE;
        Files.createDirectories(jarRoot.resolve(resource).getParent());
        Files.write(jarRoot.resolve(resource), foreignSharedObject());
        try (URLClassLoader jar = new URLClassLoader(new URL[] {jarRoot.toUri().toURL()}, null)) {
            final NativeLoader.Outcome outcome = NativeLoader.load(jar, resource, extractTo);
            assertEquals(AffinityMode.FALLBACK, outcome.mode());
            assertTrue(outcome.reason().startsWith("could not load native library " + resource), outcome.reason());
            assertTrue(outcome.reason().contains("UnsatisfiedLinkError"), outcome.reason());
        }
        assertEmpty(extractTo);
    }

    @Test
    void extractsIntoAnOwnerOnlyDirectory() throws Exception {
        final byte[] bytes = {1, 2, 3, 4};
        final Path file = NativeLoader.extract(new ByteArrayInputStream(bytes), tmp);
        try {
            assertEquals(tmp, file.getParent().getParent());
            assertEquals(NativeLoader.LIBRARY_FILE, file.getFileName().toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
            assertArrayEquals(bytes, Files.readAllBytes(file));
        } finally {
            Files.delete(file);
            Files.delete(file.getParent());
        }
    }

    @Test
    void loadsThePackagedLibraryAndDeletesTheCopy() throws Exception {
        assumeTrue(AffinityModeTest.expectedMode() == AffinityMode.NATIVE, "no native library in this build");
        final String platform = NativeLoader.platform(System.getProperty("os.name"), System.getProperty("os.arch"));
        final NativeLoader.Outcome outcome = NativeLoader.load(getClass().getClassLoader(),
            NativeLoader.resourcePath(platform), tmp);
        assertEquals(new NativeLoader.Outcome(AffinityMode.NATIVE, ""), outcome);
        assertEmpty(tmp);
    }

    private static void assertEmpty(final Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "left behind in " + dir);
        }
    }

    /**
     * An ELF64 shared-object header for machine EM_NONE with a non-executable GNU_STACK program header: dlopen
     * refuses it (as it would a library built for another architecture) and the JVM has no stack-guard
     * complaint about it.
     */
    private static byte[] foreignSharedObject() {
        final ByteBuffer elf = ByteBuffer.allocate(64 + 56).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        elf.putShort((short) 3).putShort((short) 0).putInt(1).putLong(0).putLong(64).putLong(0).putInt(0);
        elf.putShort((short) 64).putShort((short) 56).putShort((short) 1).putShort((short) 64).putShort((short) 0)
            .putShort((short) 0);
        elf.putInt(0x6474e551).putInt(6).putLong(0).putLong(0).putLong(0).putLong(0).putLong(0).putLong(16);
        return elf.array();
    }
}
