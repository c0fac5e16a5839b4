package io.multilane.exec.program.wasm;

import org.agrona.DirectBuffer;

/**
 * Loaded contracts of one thread by code hash (SHA-256), at most {@link #capacity()} of them; a miss
 * past capacity evicts the least recently used. Lookups compare four longs per entry and allocate
 * nothing. Owned by one thread.
 */
final class ContractCache {
    private final long[] hashes;
    private final LoadedContract[] entries;
    private final long[] lastUse;
    private long clock;
    private int size;

    /**
     * @param capacity most modules kept
     */
    ContractCache(final int capacity) {
        hashes = new long[capacity * 4];
        entries = new LoadedContract[capacity];
        lastUse = new long[capacity];
    }

    /** @return most modules kept */
    int capacity() {
        return entries.length;
    }

    /** @return modules kept now */
    int size() {
        return size;
    }

    /**
     * @param buffer buffer holding a 32-byte hash
     * @param offset its offset
     * @return the contract loaded from code with that hash, or null
     */
    LoadedContract get(final DirectBuffer buffer, final int offset) {
        final long h0 = buffer.getLong(offset);
        final long h1 = buffer.getLong(offset + 8);
        final long h2 = buffer.getLong(offset + 16);
        final long h3 = buffer.getLong(offset + 24);
        for (int i = 0; i < size; i++) {
            final int at = i * 4;
            if (hashes[at] == h0 && hashes[at + 1] == h1 && hashes[at + 2] == h2 && hashes[at + 3] == h3) {
                lastUse[i] = ++clock;
                return entries[i];
            }
        }
        return null;
    }

    /**
     * Adds a contract, evicting the least recently used one when full.
     *
     * @param buffer buffer holding its 32-byte code hash
     * @param offset the hash's offset
     * @param contract the loaded contract
     */
    void put(final DirectBuffer buffer, final int offset, final LoadedContract contract) {
        int slot = size;
        if (size == entries.length) {
            slot = 0;
            for (int i = 1; i < size; i++) {
                if (lastUse[i] < lastUse[slot]) {
                    slot = i;
                }
            }
        } else {
            size++;
        }
        for (int k = 0; k < 4; k++) {
            hashes[slot * 4 + k] = buffer.getLong(offset + 8 * k);
        }
        entries[slot] = contract;
        lastUse[slot] = ++clock;
    }
}
