package io.multilane.exec.program.wasm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.multilane.exec.program.ProgramIds;

/**
 * Plans a deploy and names functions for the contract instructions that {@code InstructionEncoder}
 * writes: a module goes on chain by one {@code createContract} (with {@link #sha256}), {@link #uploads}
 * {@code uploadCode}s of {@link #uploadChunks} chunks from chunk {@code upload * UPLOAD_MAX_CHUNKS}, and
 * one {@code deployContract}; a call names its function by {@link #nameLo} / {@link #nameHi}. Stateless;
 * any thread; setup path (allocates).
 */
public final class ContractTxs {
    /** The program id every contract instruction is sent to. */
    public static final int PROGRAM = ProgramIds.WASM;

    private ContractTxs() {
    }

    /**
     * @param module module bytes
     * @return their SHA-256
     */
    public static byte[] sha256(final byte[] module) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(module);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param module module bytes
     * @return upload transactions it needs
     */
    public static int uploads(final byte[] module) {
        final int chunks = WasmInstructions.chunks(module.length);
        return (chunks + WasmInstructions.UPLOAD_MAX_CHUNKS - 1) / WasmInstructions.UPLOAD_MAX_CHUNKS;
    }

    /**
     * @param module module bytes
     * @param upload index of the upload, 0..{@link #uploads}-1
     * @return chunks that upload carries (its argument length is {@code WasmInstructions.uploadLength(count)})
     */
    public static int uploadChunks(final byte[] module, final int upload) {
        final int chunks = WasmInstructions.chunks(module.length);
        return Math.min(WasmInstructions.UPLOAD_MAX_CHUNKS, chunks - upload * WasmInstructions.UPLOAD_MAX_CHUNKS);
    }

    /**
     * @param name an exported function's name (ASCII, at most 16 bytes)
     * @return its first 8 bytes, zero padded, little-endian (the second 8: {@link #nameHi})
     */
    public static long nameLo(final String name) {
        return littleEndian(java.util.Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 16), 0);
    }

    /**
     * @param name an exported function's name
     * @return its bytes 8..15, zero padded, little-endian
     */
    public static long nameHi(final String name) {
        return littleEndian(java.util.Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 16), 8);
    }

    private static long littleEndian(final byte[] b, final int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
