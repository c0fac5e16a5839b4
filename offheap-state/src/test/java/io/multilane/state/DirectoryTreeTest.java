package io.multilane.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTreeTest {
    @TempDir
    Path temp;

    @Test
    void deleteRemovesTheDirectoryAndEverythingBelowIt() throws IOException {
        final Path dir = tree();
        DirectoryTree.delete(dir);
        assertFalse(Files.exists(dir));
        assertTrue(Files.exists(temp.resolve("beside")), "a sibling is left alone");
    }

    @Test
    void emptyKeepsTheDirectory() throws IOException {
        final Path dir = tree();
        DirectoryTree.empty(dir);
        assertTrue(Files.isDirectory(dir));
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.findAny().isPresent());
        }
    }

    @Test
    void aMissingDirectoryIsNoError() throws IOException {
        DirectoryTree.delete(temp.resolve("missing"));
        DirectoryTree.empty(temp.resolve("missing"));
        assertFalse(Files.exists(temp.resolve("missing")));
    }

    private Path tree() throws IOException {
        final Path dir = temp.resolve("store");
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/file"), "x");
        Files.writeString(dir.resolve("top"), "y");
        Files.writeString(temp.resolve("beside"), "z");
        return dir;
    }
}
