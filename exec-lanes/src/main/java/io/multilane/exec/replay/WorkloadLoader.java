package io.multilane.exec.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a workload ({@code genesis.csv}, {@code ops.csv}, each plain or gzipped; format in the
 * bundled {@code mainnet-pevm} README) from a directory or any {@link WorkloadSource} into a
 * {@link Trace}. Strict: an unknown kind, a wrong column count, a bad address or
 * amount, or a path of more than 4 pools is an error naming the file and line. Loader-side, single
 * thread, allocates freely.
 */
public final class WorkloadLoader {
    /** Most pools a swap path may name. */
    public static final int MAX_HOPS = 4;

    /** Starting balances and pairs. */
    public static final String GENESIS = "genesis.csv";
    /** The operations, in execution order. */
    public static final String OPS = "ops.csv";
    /** The state a replay must dump ({@link StateDump} format); not read by the loader. */
    public static final String EXPECTED_FINAL = "expected_final.csv";

    private static final String GENESIS_HEADER = "kind,address,token,amount,token0,token1,reserve0,reserve1";
    private static final String OPS_HEADER = "block,tx,kind,sender,to,token,amount,path,amount_out_min";

    private WorkloadLoader() {
    }

    /**
     * Loads a workload directory.
     *
     * @param dir directory holding genesis.csv and ops.csv, or their {@code .csv.gz}
     * @return the workload
     * @throws UncheckedIOException if a file cannot be read
     * @throws IllegalArgumentException on malformed content, with file and line
     */
    public static Trace load(final Path dir) {
        return load(WorkloadSource.directory(dir));
    }

    /**
     * @param source a source
     * @return whether it holds both genesis.csv and ops.csv (plain or gzipped)
     */
    public static boolean isWorkload(final WorkloadSource source) {
        return source.contains(GENESIS) && source.contains(OPS);
    }

    /**
     * Loads a workload from a source.
     *
     * @param source where genesis.csv and ops.csv (or their {@code .csv.gz}) are read from
     * @return the workload
     * @throws UncheckedIOException if a file cannot be read
     * @throws IllegalArgumentException on malformed content, with file and line
     */
    public static Trace load(final WorkloadSource source) {
        final AddressBook book = new AddressBook();
        final List<Trace.Coin> coins = new ArrayList<>();
        final List<Trace.TokenBalance> balances = new ArrayList<>();
        final List<Trace.Pair> pairs = new ArrayList<>();
        final List<List<WorkloadOp>> blocks = new ArrayList<>();
        forEachRow(source, GENESIS, GENESIS_HEADER, 8, (cols, line) -> genesisRow(book, cols, coins, balances, pairs));
        final long[] lastBlock = {Long.MIN_VALUE};
        forEachRow(source, OPS, OPS_HEADER, 9, (cols, line) -> {
            final WorkloadOp op = opRow(book, cols);
            if (op.block() < lastBlock[0]) {
                throw new IllegalArgumentException("block numbers go backwards");
            }
            if (op.block() != lastBlock[0]) {
                blocks.add(new ArrayList<>());
                lastBlock[0] = op.block();
            }
            blocks.get(blocks.size() - 1).add(op);
        });
        return new Trace(book, List.copyOf(coins), List.copyOf(balances), List.copyOf(pairs), copyBlocks(blocks));
    }

    private static List<List<WorkloadOp>> copyBlocks(final List<List<WorkloadOp>> blocks) {
        final List<List<WorkloadOp>> out = new ArrayList<>(blocks.size());
        for (List<WorkloadOp> b : blocks) {
            out.add(List.copyOf(b));
        }
        return List.copyOf(out);
    }

    private static void genesisRow(final AddressBook book, final String[] c, final List<Trace.Coin> coins,
            final List<Trace.TokenBalance> balances, final List<Trace.Pair> pairs) {
        switch (c[0]) {
            case "coin":
                coins.add(new Trace.Coin(book.id(c[1]), Amount.parse(c[3])));
                break;
            case "token":
                final long holder = book.id(c[1]);
                balances.add(new Trace.TokenBalance(book.id(c[2]), holder, Amount.parse(c[3])));
                break;
            case "pair":
                final long pair = book.id(c[1]);
                final long token0 = book.id(c[4]);
                final long token1 = book.id(c[5]);
                if (c[4].compareTo(c[5]) >= 0) {
                    throw new IllegalArgumentException("pair tokens not ordered token0 < token1");
                }
                pairs.add(new Trace.Pair(pair, token0, token1, Amount.parse(c[6]), Amount.parse(c[7])));
                break;
            default:
                throw new IllegalArgumentException("unknown genesis kind '" + c[0] + "'");
        }
    }

    private static WorkloadOp opRow(final AddressBook book, final String[] c) {
        final long block = Long.parseLong(c[0]);
        final long sender = book.id(c[3]);
        switch (c[2]) {
            case "coin_transfer":
                return new WorkloadOp(block, WorkloadOp.Kind.COIN_TRANSFER, sender, book.id(c[4]), 0,
                        Amount.parse(c[6]), new long[0], Amount.ZERO);
            case "token_transfer":
                final long to = book.id(c[4]);
                return new WorkloadOp(block, WorkloadOp.Kind.TOKEN_TRANSFER, sender, to, book.id(c[5]),
                        Amount.parse(c[6]), new long[0], Amount.ZERO);
            case "swap":
                final long tokenIn = book.id(c[5]);
                final String[] hops = c[7].split("\\|", -1);
                if (hops.length > MAX_HOPS) {
                    throw new IllegalArgumentException("swap path longer than " + MAX_HOPS + " pools");
                }
                final long[] path = new long[hops.length];
                for (int i = 0; i < hops.length; i++) {
                    path[i] = book.id(hops[i]);
                }
                return new WorkloadOp(block, WorkloadOp.Kind.SWAP, sender, 0, tokenIn, Amount.parse(c[6]), path,
                        Amount.parse(c[8]));
            default:
                throw new IllegalArgumentException("unknown op kind '" + c[2] + "'");
        }
    }

    /** Receives one split CSV row. */
    private interface RowHandler {
        void row(String[] columns, int line);
    }

    private static void forEachRow(final WorkloadSource source, final String name, final String header, final int columns,
            final RowHandler handler) {
        final String file = source.location(source.storedName(name));
        try (BufferedReader in = source.open(name)) {
            final String first = in.readLine();
            if (first == null || !first.equals(header)) {
                throw new IllegalArgumentException(file + ": expected header '" + header + "'");
            }
            int line = 1;
            for (String row = in.readLine(); row != null; row = in.readLine()) {
                line++;
                if (row.isEmpty()) {
                    continue;
                }
                final String[] cols = row.split(",", -1);
                try {
                    if (cols.length != columns) {
                        throw new IllegalArgumentException("expected " + columns + " columns, found " + cols.length);
                    }
                    handler.row(cols, line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + line + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
