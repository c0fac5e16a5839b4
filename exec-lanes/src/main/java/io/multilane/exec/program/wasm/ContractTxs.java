package io.multilane.exec.program.wasm;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.tx.TxEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Encodes the arguments of the contract program's instructions ({@link WasmInstructions}) onto a
 * {@link TxEncoder} positioned by the caller, and plans a deploy: the transactions that put a module on
 * chain are one {@code create}, {@link #uploads} {@code upload}s and one {@code deploy}. Stateless;
 * any thread; the deploy helpers allocate (setup path), {@link #call} does not.
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
     * Writes create's arguments ({@link WasmInstructions#CREATE_LENGTH} bytes).
     *
     * @param tx encoder after {@code header(..., PROGRAM, CREATE, CREATE_LENGTH)}
     * @param module the module to be uploaded
     */
    public static void create(final TxEncoder tx, final byte[] module) {
        final byte[] hash = sha256(module);
        tx.argU64(WasmInstructions.CREATE_CODE_LENGTH, module.length);
        for (int i = 0; i < 32; i += 8) {
            tx.argU64(WasmInstructions.CREATE_CODE_HASH + i, littleEndian(hash, i));
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
     * Writes the arguments of one upload.
     *
     * @param tx encoder after {@code header(..., PROGRAM, UPLOAD, uploadLength(uploadChunks(module, upload)))}
     * @param contract contract id
     * @param module module bytes
     * @param upload index of the upload
     */
    public static void upload(final TxEncoder tx, final long contract, final byte[] module, final int upload) {
        final int first = upload * WasmInstructions.UPLOAD_MAX_CHUNKS;
        final int count = uploadChunks(module, upload);
        tx.argU64(WasmInstructions.UPLOAD_CONTRACT, contract);
        tx.argU64(WasmInstructions.UPLOAD_FIRST_CHUNK, (first & 0xFFFFFFFFL) | ((long) count << 32));
        final byte[] padded = java.util.Arrays.copyOf(module, WasmInstructions.chunks(module.length) * WasmInstructions.CHUNK);
        for (int i = 0; i < count * WasmInstructions.CHUNK; i += 8) {
            tx.argU64(WasmInstructions.UPLOAD_BYTES + i, littleEndian(padded, first * WasmInstructions.CHUNK + i));
        }
    }

    /**
     * Writes deploy's arguments.
     *
     * @param tx encoder after {@code header(..., PROGRAM, DEPLOY, DEPLOY_LENGTH)}
     * @param contract contract id
     */
    public static void deploy(final TxEncoder tx, final long contract) {
        tx.argU64(WasmInstructions.DEPLOY_CONTRACT, contract);
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

    /**
     * Writes a call's fixed arguments; the caller then writes {@code argc} u64 arguments at
     * {@code CALL_ARGS + 8 * i} (the header's argument length is {@code callLength(argc)}).
     *
     * @param tx encoder after the header
     * @param contract contract id
     * @param gasLimit gas limit (the fee must be at least {@code ceil(gasLimit / GAS_PER_FEE_UNIT)})
     * @param nameLo from {@link #nameLo}
     * @param nameHi from {@link #nameHi}
     * @param argc argument count
     * @return {@code tx}
     */
    public static TxEncoder call(final TxEncoder tx, final long contract, final long gasLimit, final long nameLo,
            final long nameHi, final int argc) {
        tx.argU64(WasmInstructions.CALL_CONTRACT, contract).argU64(WasmInstructions.CALL_GAS_LIMIT, gasLimit);
        for (int i = WasmInstructions.CALL_DEPOSITS; i < WasmInstructions.CALL_FUNCTION; i += 8) {
            tx.argU64(i, 0);
        }
        return tx.argU64(WasmInstructions.CALL_FUNCTION, nameLo).argU64(WasmInstructions.CALL_FUNCTION + 8, nameHi)
                .argU64(WasmInstructions.CALL_ARGC, argc);
    }

    /**
     * Writes one of a call's deposits (after {@link #call}).
     *
     * @param tx encoder
     * @param index 0 or 1
     * @param token token moved from the sender into the contract's custody
     * @param hi amount, high 64 bits
     * @param lo amount, low 64 bits
     * @return {@code tx}
     */
    public static TxEncoder deposit(final TxEncoder tx, final int index, final long token, final long hi, final long lo) {
        final int at = WasmInstructions.CALL_DEPOSITS + index * WasmInstructions.DEPOSIT_STRIDE;
        return tx.argU64(at, token).argU128(at + 8, hi, lo);
    }

    private static long littleEndian(final byte[] b, final int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
