package io.multilane.exec.replay;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import io.multilane.state.StateStore;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.AmmPoolDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one state dump, in the format of a workload's {@code expected_final.csv}: header
 * {@code kind,address,token,amount}; a coin row per non-zero account balance sorted by account, a token
 * row per non-zero token balance sorted by (token, holder), both reserve rows of every AMM pool sorted
 * by (pool, token); for synthetic workloads also a slot row per contract storage slot (contract, slot, its
 * 32 bytes in hex) sorted by (contract, slot). {@link Names} says how ids are written and ordered: as the addresses of a mainnet
 * trace's {@link AddressBook} (ordered as strings; any record the format cannot express is an error),
 * or as numeric ids for synthetic workloads (ordered as numbers; token, allowance, lending and staking
 * records have no row). Setup/report code, single thread, allocates freely.
 */
public final class StateDump {
    /** The header line of the dump. */
    public static final String HEADER = "kind,address,token,amount";
    /** Token column of a coin row: empty. */
    private static final long NO_TOKEN = Long.MIN_VALUE;

    /** How ids are written in the dump and in which order its rows are sorted. */
    public interface Names {
        /**
         * @param id an account, token or pool id
         * @return how it is written
         */
        String of(long id);

        /**
         * @param a an id
         * @param b another
         * @return their order in the dump
         */
        int compare(long a, long b);

        /** @return whether records the format has no row for are an error (else skipped) */
        boolean strict();
    }

    private StateDump() {
    }

    /**
     * @param addresses a mainnet trace's address book
     * @return ids written as their addresses, rows sorted by address; other records are an error
     */
    public static Names addresses(final AddressBook addresses) {
        return new Names() {
            @Override
            public String of(final long id) {
                return addresses.address(id);
            }

            @Override
            public int compare(final long a, final long b) {
                return addresses.address(a).compareTo(addresses.address(b));
            }

            @Override
            public boolean strict() {
                return true;
            }
        };
    }

    /** @return ids written as numbers, rows sorted numerically; other records are skipped */
    public static Names ids() {
        return new Names() {
            @Override
            public String of(final long id) {
                return Long.toString(id);
            }

            @Override
            public int compare(final long a, final long b) {
                return Long.compare(a, b);
            }

            @Override
            public boolean strict() {
                return false;
            }
        };
    }

    /**
     * Dumps a replayed mainnet trace's state, ids as addresses.
     *
     * @param store the store (no block open)
     * @param addresses the trace's address book
     * @param out destination; each row ends with {@code \n}
     * @throws IOException if writing fails
     * @throws IllegalStateException if the store holds a record this format cannot express
     */
    public static void write(final StateStore store, final AddressBook addresses, final Writer out) throws IOException {
        write(store, addresses(addresses), out);
    }

    /**
     * Dumps the store.
     *
     * @param store the store (no block open)
     * @param names how ids are written and ordered
     * @param out destination; each row ends with {@code \n}
     * @throws IOException if writing fails
     * @throws IllegalStateException if {@code names} is strict and the store holds a record this format cannot express
     */
    public static void write(final StateStore store, final Names names, final Writer out) throws IOException {
        final List<Row> coins = new ArrayList<>();
        final List<Row> tokens = new ArrayList<>();
        final List<Row> reserves = new ArrayList<>();
        final List<Row> slots = new ArrayList<>();
        final U128 amount = new U128();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
        store.scan((key, keyOffset, value, valueOffset, length) -> {
            copy.putBytes(0, value, valueOffset, length);
            final KeyType type = StateKeys.type(key, keyOffset);
            final long id1 = StateKeys.id1(key, keyOffset);
            final long id2 = StateKeys.id2(key, keyOffset);
            if (type == KeyType.ACCOUNT) {
                if (!amount.read(copy, AccountDescriptor.BALANCE_OFFSET).isZero()) {
                    coins.add(new Row("coin", id1, id1, id1, NO_TOKEN, amount.toString()));
                }
            } else if (type == KeyType.TOKEN_BALANCE) {
                if (!amount.read(copy, TokenBalanceDescriptor.BALANCE_OFFSET).isZero()) {
                    tokens.add(new Row("token", id1, id2, id2, id1, amount.toString()));
                }
            } else if (type == KeyType.AMM_POOL) {
                final long token0 = copy.getLong(AmmPoolDescriptor.TOKEN0_OFFSET, ByteOrder.LITTLE_ENDIAN);
                final long token1 = copy.getLong(AmmPoolDescriptor.TOKEN1_OFFSET, ByteOrder.LITTLE_ENDIAN);
                reserves.add(new Row("reserve", id1, token0, id1, token0,
                        amount.read(copy, AmmPoolDescriptor.RESERVE0_OFFSET).toString()));
                reserves.add(new Row("reserve", id1, token1, id1, token1,
                        amount.read(copy, AmmPoolDescriptor.RESERVE1_OFFSET).toString()));
            } else if (type == KeyType.CONTRACT_SLOT && !names.strict()) {
                final byte[] bytes = new byte[length];
                copy.getBytes(0, bytes);
                slots.add(new Row("slot", id1, id2, id1, id2, HexFormat.of().formatHex(bytes)));
            } else if (type != KeyType.TOKEN && names.strict()) {
                throw new IllegalStateException("record type " + type + " has no row in the dump format");
            }
        });
        final Comparator<Row> order = (x, y) -> {
            if (x.first != y.first) {
                return names.compare(x.first, y.first);
            }
            return x.second == y.second ? 0 : names.compare(x.second, y.second);
        };
        out.write(HEADER);
        out.write('\n');
        for (List<Row> rows : List.of(coins, tokens, reserves, slots)) {
            rows.sort(order);
            for (Row r : rows) {
                out.write(r.kind);
                out.write(',');
                out.write(names.of(r.address));
                out.write(',');
                if (r.token != NO_TOKEN) {
                    out.write(names.of(r.token));
                }
                out.write(',');
                out.write(r.amount);
                out.write('\n');
            }
        }
    }

    /** One row, sorted by (first, second): its address and token columns ({@link #NO_TOKEN}: empty). */
    private record Row(String kind, long first, long second, long address, long token, String amount) {
    }
}
