package io.multilane.exec.program.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Checks a WebAssembly binary against the deterministic subset and instruments it for metering.
 * Deterministic: the same bytes always give the same result or the same rejection.
 *
 * <p><b>The subset</b>: value types i32 and i64 only (no f32/f64, v128 or reference types anywhere:
 * function types, locals, globals); imports are functions of {@link HostApi#MODULE} with the host's exact
 * signature (no imported memory, table or global); at most one memory of at most {@link #MAX_PAGES}
 * initial pages; no start function, no tag section; at most one result per function; integer MVP
 * instructions plus sign extension. Rejected: every float instruction, SIMD, threads, bulk memory and
 * table mutation (they would carry state from one call to the next or cost work a single instruction
 * does not pay for), reference instructions.
 *
 * <p><b>Instrumentation</b> appends two mutable globals, gas (i64, index {@link Result#gasGlobal}) and
 * call depth (i32, the next index), and rewrites every function body:
 * <ul>
 *   <li>each basic block (up to and including a {@code block, loop, if, else, end, br, br_if, br_table,
 *   return, unreachable}) starts by subtracting its instruction count (plus {@link #GROW_GAS} per
 *   {@code memory.grow}) from the gas global and trapping if it went below zero — a loop pays on every
 *   iteration, a branch pays before it is taken;</li>
 *   <li>the body is wrapped in a block: the prologue raises the depth global and traps above
 *   {@link #MAX_CALL_DEPTH}, the epilogue after the block lowers it; {@code return} becomes a branch to
 *   the wrapper, so every way out of the function passes the epilogue (a trap ends the whole call).</li>
 * </ul>
 * The host tells out-of-gas and depth traps from the contract's own traps by reading the two globals.
 * Deploy and cache-miss path only (allocates). Any thread; stateless.
 */
public final class ModuleRewriter {
    /** Largest initial memory, in 64 KiB pages; memory grows to at most this many pages too. */
    public static final int MAX_PAGES = 2;
    /** Most wasm call frames nested in one contract call. */
    public static final int MAX_CALL_DEPTH = 200;
    /** Gas charged per {@code memory.grow}, on top of the instruction. */
    public static final int GROW_GAS = 1000;
    /** Most locals one function may declare. */
    public static final int MAX_LOCALS = 256;
    /** Most functions (imported and defined) and types a module may have. */
    public static final int MAX_FUNCTIONS = 256;

    private static final byte I32 = 0x7F;
    private static final byte I64 = 0x7E;
    private static final int SECTION_CUSTOM = 0;
    private static final int SECTION_TYPE = 1;
    private static final int SECTION_IMPORT = 2;
    private static final int SECTION_FUNCTION = 3;
    private static final int SECTION_TABLE = 4;
    private static final int SECTION_MEMORY = 5;
    private static final int SECTION_GLOBAL = 6;
    private static final int SECTION_START = 8;
    private static final int SECTION_CODE = 10;
    private static final int SECTION_TAG = 13;

    private ModuleRewriter() {
    }

    /** An instrumented module and where its metering globals are. */
    public static final class Result {
        private final byte[] bytes;
        private final int gasGlobal;

        Result(final byte[] bytes, final int gasGlobal) {
            this.bytes = bytes;
            this.gasGlobal = gasGlobal;
        }

        /** @return the instrumented module */
        public byte[] bytes() {
            return bytes;
        }

        /** @return index of the gas global (i64); the depth global (i32) is the next index */
        public int gasGlobal() {
            return gasGlobal;
        }
    }

    /**
     * @param module a module's bytes
     * @return the instrumented module
     * @throws ModuleRejectedException if the module is malformed or outside the subset
     */
    public static Result rewrite(final byte[] module) throws ModuleRejectedException {
        try {
            return new Pass(module).run();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new ModuleRejectedException(WasmReasons.INVALID_MODULE, "truncated module");
        }
    }

    /** One rewrite: a cursor over the input and what the sections told so far. */
    private static final class Pass {
        private final byte[] in;
        private int pos;
        private int[][] typeResults = new int[0][];
        private int importedFunctions;
        private int[] functionTypes = new int[0];
        private int definedGlobals;
        private boolean globalSectionSeen;
        private int nesting;
        private boolean boundary;
        private boolean finalEnd;

        Pass(final byte[] in) {
            this.in = in;
        }

        Result run() throws ModuleRejectedException {
            if (in.length < 8 || in[0] != 0 || in[1] != 'a' || in[2] != 's' || in[3] != 'm'
                    || in[4] != 1 || in[5] != 0 || in[6] != 0 || in[7] != 0) {
                throw reject(WasmReasons.INVALID_MODULE, "not a wasm 1 module");
            }
            pos = 8;
            final ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 2);
            out.write(in, 0, 8);
            int lastOrder = 0;
            while (pos < in.length) {
                final int id = in[pos++] & 0xFF;
                final int size = u32();
                final int start = pos;
                final int end = start + size;
                if (size < 0 || end > in.length) {
                    throw reject(WasmReasons.INVALID_MODULE, "section past the end");
                }
                if (id != SECTION_CUSTOM) {
                    final int order = order(id);
                    if (order == Integer.MAX_VALUE) {
                        throw reject(WasmReasons.INVALID_MODULE, "unknown section " + id);
                    }
                    if (order <= lastOrder) {
                        throw reject(WasmReasons.INVALID_MODULE, "section out of order: " + id);
                    }
                    if (!globalSectionSeen && order > order(SECTION_GLOBAL)) {
                        writeSection(out, SECTION_GLOBAL, globalSection(start, start));
                        globalSectionSeen = true;
                    }
                    lastOrder = order;
                }
                switch (id) {
                    case SECTION_CUSTOM:
                        break; // dropped: names and debug data play no part in execution
                    case SECTION_TYPE:
                        types(end);
                        copy(out, id, start, end);
                        break;
                    case SECTION_IMPORT:
                        imports(end);
                        copy(out, id, start, end);
                        break;
                    case SECTION_FUNCTION:
                        functions(end);
                        copy(out, id, start, end);
                        break;
                    case SECTION_TABLE:
                        tables(end);
                        copy(out, id, start, end);
                        break;
                    case SECTION_MEMORY:
                        memories(end);
                        copy(out, id, start, end);
                        break;
                    case SECTION_GLOBAL:
                        writeSection(out, SECTION_GLOBAL, globalSection(start, end));
                        globalSectionSeen = true;
                        break;
                    case SECTION_START:
                        throw reject(WasmReasons.MODULE_LIMITS, "start function");
                    case SECTION_TAG:
                        throw reject(WasmReasons.FORBIDDEN_INSTRUCTION, "exception tags");
                    case SECTION_CODE:
                        writeSection(out, SECTION_CODE, code(end));
                        break;
                    default:
                        copy(out, id, start, end); // export, element, data, data count
                        break;
                }
                pos = end;
            }
            if (!globalSectionSeen) {
                writeSection(out, SECTION_GLOBAL, globalSection(pos, pos));
            }
            return new Result(out.toByteArray(), definedGlobals);
        }

        /** Position of a section id in the order the binary format requires. */
        private static int order(final int id) {
            switch (id) {
                case 1: case 2: case 3: case 4: case 5: return id;
                case SECTION_TAG: return 6;
                case SECTION_GLOBAL: return 7;
                case 7: return 8;
                case SECTION_START: return 9;
                case 9: return 10;
                case 12: return 11;
                case SECTION_CODE: return 12;
                case 11: return 13;
                default: return Integer.MAX_VALUE;
            }
        }

        private void types(final int end) throws ModuleRejectedException {
            final int n = count(MAX_FUNCTIONS);
            typeResults = new int[n][];
            for (int t = 0; t < n; t++) {
                if (in[pos++] != 0x60) {
                    throw reject(WasmReasons.FORBIDDEN_INSTRUCTION, "non-function type");
                }
                final int params = count(64);
                for (int p = 0; p < params; p++) {
                    valType();
                }
                final int results = count(64);
                if (results > 1) {
                    throw reject(WasmReasons.MODULE_LIMITS, "multi-value result");
                }
                typeResults[t] = new int[results];
                for (int r = 0; r < results; r++) {
                    typeResults[t][r] = valType();
                }
            }
            expectEnd(end);
        }

        private void imports(final int end) throws ModuleRejectedException {
            final int n = count(MAX_FUNCTIONS);
            for (int i = 0; i < n; i++) {
                final String module = name();
                final String field = name();
                final int kind = in[pos++] & 0xFF;
                if (kind != 0) {
                    throw reject(WasmReasons.UNKNOWN_IMPORT, "imports a non-function: " + module + "." + field);
                }
                final int type = u32();
                final int host = HostApi.indexOf(field);
                if (!HostApi.MODULE.equals(module) || host < 0) {
                    throw reject(WasmReasons.UNKNOWN_IMPORT, "unknown import " + module + "." + field);
                }
                if (type < 0 || type >= typeResults.length || !signatureMatches(type, HostApi.signature(host))) {
                    throw reject(WasmReasons.UNKNOWN_IMPORT, "import " + field + " has the wrong type");
                }
                importedFunctions++;
            }
            expectEnd(end);
        }

        /** Re-reads the type's params from the type section to compare with a host signature. */
        private boolean signatureMatches(final int type, final String signature) {
            final int save = pos;
            try {
                pos = typeSectionStart();
                u32();
                for (int t = 0; t < type; t++) {
                    pos++;
                    skipVec();
                    skipVec();
                }
                pos++;
                final StringBuilder sb = new StringBuilder();
                final int params = u32();
                for (int p = 0; p < params; p++) {
                    sb.append(in[pos++] == I32 ? 'i' : 'l');
                }
                sb.append('>');
                final int results = u32();
                for (int r = 0; r < results; r++) {
                    sb.append(in[pos++] == I32 ? 'i' : 'l');
                }
                return sb.toString().equals(signature);
            } finally {
                pos = save;
            }
        }

        private int typeSectionStart() {
            int p = 8;
            while (p < in.length) {
                final int id = in[p++] & 0xFF;
                int size = 0;
                int shift = 0;
                int b;
                do {
                    b = in[p++] & 0xFF;
                    size |= (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                if (id == SECTION_TYPE) {
                    return p;
                }
                p += size;
            }
            return in.length;
        }

        private void skipVec() {
            final int n = u32();
            pos += n;
        }

        private void functions(final int end) throws ModuleRejectedException {
            final int n = count(MAX_FUNCTIONS - importedFunctions);
            functionTypes = new int[n];
            for (int f = 0; f < n; f++) {
                functionTypes[f] = u32();
                if (functionTypes[f] < 0 || functionTypes[f] >= typeResults.length) {
                    throw reject(WasmReasons.INVALID_MODULE, "unknown type");
                }
            }
            expectEnd(end);
        }

        private void tables(final int end) throws ModuleRejectedException {
            final int n = count(1);
            for (int t = 0; t < n; t++) {
                if (in[pos++] != 0x70) {
                    throw reject(WasmReasons.FORBIDDEN_INSTRUCTION, "non-funcref table");
                }
                final int flags = in[pos++] & 0xFF;
                final int min = u32();
                if (flags == 1) {
                    u32();
                } else if (flags != 0) {
                    throw reject(WasmReasons.MODULE_LIMITS, "table flags " + flags);
                }
                if (min < 0 || min > MAX_FUNCTIONS) {
                    throw reject(WasmReasons.MODULE_LIMITS, "table too large");
                }
            }
            expectEnd(end);
        }

        private void memories(final int end) throws ModuleRejectedException {
            final int n = count(1);
            for (int m = 0; m < n; m++) {
                final int flags = in[pos++] & 0xFF;
                final int min = u32();
                if (flags == 1) {
                    u32();
                } else if (flags != 0) {
                    throw reject(WasmReasons.MODULE_LIMITS, "shared or 64-bit memory");
                }
                if (min < 0 || min > MAX_PAGES) {
                    throw reject(WasmReasons.MODULE_LIMITS, "initial memory above " + MAX_PAGES + " pages");
                }
            }
            expectEnd(end);
        }

        /** The global section [start, end) checked, with the gas and depth globals appended. */
        private byte[] globalSection(final int start, final int end) throws ModuleRejectedException {
            pos = start;
            final ByteArrayOutputStream body = new ByteArrayOutputStream();
            int n = 0;
            if (end > start) {
                n = count(MAX_FUNCTIONS);
                for (int g = 0; g < n; g++) {
                    valType();
                    pos++; // mutability
                    constExpr();
                }
                expectEnd(end);
            }
            definedGlobals = n;
            writeU32(body, n + 2);
            body.write(in, start + (end > start ? lebLength(start) : 0), end > start ? end - start - lebLength(start) : 0);
            body.write(new byte[] {I64, 1, 0x42, 0, 0x0B, I32, 1, 0x41, 0, 0x0B}, 0, 10);
            return body.toByteArray();
        }

        private int lebLength(final int at) {
            int p = at;
            while ((in[p] & 0x80) != 0) {
                p++;
            }
            return p - at + 1;
        }

        private void constExpr() throws ModuleRejectedException {
            while (true) {
                final int op = in[pos++] & 0xFF;
                switch (op) {
                    case 0x0B: return;
                    case 0x41: s64(); break;
                    case 0x42: s64(); break;
                    case 0x23: u32(); break;
                    case 0x6A: case 0x6B: case 0x6C: case 0x7C: case 0x7D: case 0x7E: break;
                    default: throw reject(WasmReasons.FORBIDDEN_INSTRUCTION, "constant expression opcode " + op);
                }
            }
        }

        private byte[] code(final int end) throws ModuleRejectedException {
            final int n = u32();
            if (n != functionTypes.length) {
                throw reject(WasmReasons.INVALID_MODULE, "code and function counts differ");
            }
            final int gas = definedGlobals;
            final int depth = definedGlobals + 1;
            final ByteArrayOutputStream section = new ByteArrayOutputStream();
            writeU32(section, n);
            for (int f = 0; f < n; f++) {
                final int size = u32();
                final int bodyEnd = pos + size;
                if (size < 0 || bodyEnd > end) {
                    throw reject(WasmReasons.INVALID_MODULE, "body past the section");
                }
                final byte[] body = body(bodyEnd, typeResults[functionTypes[f]], gas, depth);
                writeU32(section, body.length);
                section.write(body, 0, body.length);
                pos = bodyEnd;
            }
            expectEnd(end);
            return section.toByteArray();
        }

        private byte[] body(final int bodyEnd, final int[] results, final int gas, final int depth)
                throws ModuleRejectedException {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final int localsStart = pos;
            final int groups = count(MAX_LOCALS);
            long locals = 0;
            for (int g = 0; g < groups; g++) {
                locals += u32() & 0xFFFFFFFFL;
                valType();
            }
            if (locals > MAX_LOCALS) {
                throw reject(WasmReasons.MODULE_LIMITS, "more than " + MAX_LOCALS + " locals");
            }
            out.write(in, localsStart, pos - localsStart);
            // prologue: depth += 1, trap above the limit
            globalGet(out, depth);
            out.write(0x41);
            writeS64(out, 1);
            out.write(0x6A);
            globalSet(out, depth);
            globalGet(out, depth);
            out.write(0x41);
            writeS64(out, MAX_CALL_DEPTH);
            out.write(0x4B);
            trapIfTrue(out);
            out.write(0x02);
            out.write(results.length == 0 ? 0x40 : results[0]);
            final ByteArrayOutputStream segment = new ByteArrayOutputStream();
            long cost = 0;
            nesting = 0;
            while (true) {
                if (pos >= bodyEnd) {
                    throw reject(WasmReasons.INVALID_MODULE, "body without end");
                }
                final int at = pos;
                final int op = in[pos++] & 0xFF;
                cost++;
                boundary = false;
                finalEnd = false;
                cost += decode(op);
                if (op == 0x0F) {
                    segment.write(0x0C); // return -> branch to the wrapper block
                    writeU32(segment, nesting);
                } else if (!finalEnd) {
                    segment.write(in, at, pos - at);
                }
                if (boundary) {
                    charge(out, cost, gas);
                    final byte[] bytes = segment.toByteArray();
                    out.write(bytes, 0, bytes.length);
                    segment.reset();
                    cost = 0;
                }
                if (finalEnd) {
                    break;
                }
            }
            if (pos != bodyEnd) {
                throw reject(WasmReasons.INVALID_MODULE, "bytes after the body's end");
            }
            out.write(0x0B); // end of the wrapper block
            globalGet(out, depth);
            out.write(0x41);
            writeS64(out, 1);
            out.write(0x6B);
            globalSet(out, depth);
            out.write(0x0B);
            return out.toByteArray();
        }

        /** Skips one instruction's immediates; sets boundary, finalEnd and the nesting; returns its extra gas. */
        private long decode(final int op) throws ModuleRejectedException {
            long extra = 0;
            switch (op) {
                case 0x00: case 0x0F:
                    boundary = true;
                    break;
                case 0x01: case 0x1A: case 0x1B:
                    break;
                case 0x02: case 0x03: case 0x04:
                    blockType();
                    nesting++;
                    boundary = true;
                    break;
                case 0x05:
                    boundary = true;
                    break;
                case 0x0B:
                    if (nesting == 0) {
                        finalEnd = true;
                    } else {
                        nesting--;
                    }
                    boundary = true;
                    break;
                case 0x0C: case 0x0D:
                    u32();
                    boundary = true;
                    break;
                case 0x0E: {
                    final int targets = count(1 << 16);
                    for (int t = 0; t <= targets; t++) {
                        u32();
                    }
                    boundary = true;
                    break;
                }
                case 0x10:
                    u32();
                    break;
                case 0x11:
                    u32();
                    u32();
                    break;
                case 0x20: case 0x21: case 0x22: case 0x23: case 0x24:
                    u32();
                    break;
                case 0x3F:
                    u32();
                    break;
                case 0x40:
                    u32();
                    extra = GROW_GAS;
                    break;
                case 0x41: case 0x42:
                    s64();
                    break;
                default:
                    if (isLoadStore(op)) {
                        u32();
                        u32();
                    } else if (!isIntegerOp(op)) {
                        throw reject(WasmReasons.FORBIDDEN_INSTRUCTION, "opcode 0x" + Integer.toHexString(op));
                    }
                    break;
            }
            return extra;
        }

        private static boolean isLoadStore(final int op) {
            // i32/i64 loads 0x28-0x29, 0x2C-0x35; stores 0x36-0x37, 0x3A-0x3E (f32/f64 0x2A, 0x2B, 0x38, 0x39 excluded)
            return op == 0x28 || op == 0x29 || (op >= 0x2C && op <= 0x37) || (op >= 0x3A && op <= 0x3E);
        }

        private static boolean isIntegerOp(final int op) {
            return (op >= 0x45 && op <= 0x5A) // i32/i64 comparisons
                    || (op >= 0x67 && op <= 0x8A) // i32/i64 arithmetic
                    || op == 0xA7 || op == 0xAC || op == 0xAD // wrap, extend
                    || (op >= 0xC0 && op <= 0xC4); // sign extension
        }

        private void blockType() throws ModuleRejectedException {
            final int b = in[pos] & 0xFF;
            if (b == 0x40 || b == (I32 & 0xFF) || b == (I64 & 0xFF)) {
                pos++;
                return;
            }
            final long typeIndex = s64();
            if (typeIndex < 0 || typeIndex >= typeResults.length) {
                throw reject(WasmReasons.FORBIDDEN_INSTRUCTION, "block type " + b);
            }
        }

        private static void charge(final ByteArrayOutputStream out, final long cost, final int gas) {
            if (cost == 0) {
                return;
            }
            globalGet(out, gas);
            out.write(0x42);
            writeS64(out, cost);
            out.write(0x7D); // i64.sub
            globalSet(out, gas);
            globalGet(out, gas);
            out.write(0x42);
            writeS64(out, 0);
            out.write(0x53); // i64.lt_s
            trapIfTrue(out);
        }

        private static void trapIfTrue(final ByteArrayOutputStream out) {
            out.write(0x04);
            out.write(0x40);
            out.write(0x00);
            out.write(0x0B);
        }

        private static void globalGet(final ByteArrayOutputStream out, final int index) {
            out.write(0x23);
            writeU32(out, index);
        }

        private static void globalSet(final ByteArrayOutputStream out, final int index) {
            out.write(0x24);
            writeU32(out, index);
        }

        private int valType() throws ModuleRejectedException {
            final int t = in[pos++] & 0xFF;
            if (t != (I32 & 0xFF) && t != (I64 & 0xFF)) {
                throw reject(WasmReasons.FORBIDDEN_INSTRUCTION, "value type 0x" + Integer.toHexString(t));
            }
            return t;
        }

        private String name() throws ModuleRejectedException {
            final int n = count(256);
            final String s = new String(in, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        private int count(final int max) throws ModuleRejectedException {
            final int n = u32();
            if (n < 0 || n > max) {
                throw reject(WasmReasons.MODULE_LIMITS, "count " + (n & 0xFFFFFFFFL) + " above " + max);
            }
            return n;
        }

        private void expectEnd(final int end) throws ModuleRejectedException {
            if (pos != end) {
                throw reject(WasmReasons.INVALID_MODULE, "section length mismatch");
            }
        }

        private int u32() {
            int result = 0;
            int shift = 0;
            int b;
            do {
                b = in[pos++] & 0xFF;
                if (shift < 32) {
                    result |= (b & 0x7F) << shift;
                }
                shift += 7;
            } while ((b & 0x80) != 0 && shift < 64);
            return result;
        }

        private long s64() {
            long result = 0;
            int shift = 0;
            int b;
            do {
                b = in[pos++] & 0xFF;
                if (shift < 64) {
                    result |= (long) (b & 0x7F) << shift;
                }
                shift += 7;
            } while ((b & 0x80) != 0 && shift < 77);
            if (shift < 64 && (b & 0x40) != 0) {
                result |= -1L << shift;
            }
            return result;
        }

        private void copy(final ByteArrayOutputStream out, final int id, final int start, final int end) {
            out.write(id);
            writeU32(out, end - start);
            out.write(in, start, end - start);
        }

        private static void writeSection(final ByteArrayOutputStream out, final int id, final byte[] body) {
            out.write(id);
            writeU32(out, body.length);
            out.write(body, 0, body.length);
        }

        private static ModuleRejectedException reject(final int reason, final String detail) {
            return new ModuleRejectedException(reason, detail);
        }
    }

    static void writeU32(final ByteArrayOutputStream out, final int value) {
        int v = value;
        do {
            int b = v & 0x7F;
            v >>>= 7;
            if (v != 0) {
                b |= 0x80;
            }
            out.write(b);
        } while (v != 0);
    }

    static void writeS64(final ByteArrayOutputStream out, final long value) {
        long v = value;
        while (true) {
            final int b = (int) (v & 0x7F);
            v >>= 7;
            if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }
}
