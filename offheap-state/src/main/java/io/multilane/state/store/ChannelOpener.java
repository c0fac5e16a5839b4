package io.multilane.state.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels the store writes through (journal segments, the channel that forces the Chronicle file):
 * {@link #DEFAULT} is {@link FileChannel#open}; tests substitute channels that fail on demand to drive the failure
 * paths. Called by whichever thread opens the file; implementations must be thread-safe.
 */
@FunctionalInterface
interface ChannelOpener {
    /** The platform's channels. */
    ChannelOpener DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
