package io.multilane.perf.workload;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.multilane.exec.replay.StateDump;
import io.multilane.state.StateStore;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.AmmPoolDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes the final state of a synthetic workload in the format of {@link StateDump} (header
 * {@code kind,address,token,amount}; a coin row per non-zero account balance, a token row per
 * non-zero token balance, both reserve rows of every AMM pool), with numeric ids in place of
 * addresses (synthetic ids have none). Rows are sorted by kind, then numerically by id (account;
 * token then holder; pool then token). Other records (token, allowance, lending and staking) have no
 * row, as in the mainnet format. Report code on the store's owning thread; allocates freely.
 */
public final class WorkloadStateDump {
    private WorkloadStateDump() {
    }

    /**
     * Dumps the store.
     *
     * @param store the store (no block open)
     * @param out   destination; each row ends with {@code \n}
     * @throws IOException if writing fails
     */
    public static void write(final StateStore store, final Writer out) throws IOException {
        final List<long[]> coins = new ArrayList<>();
        final List<long[]> tokens = new ArrayList<>();
        final List<long[]> reserves = new ArrayList<>();
        final List<String> amounts = new ArrayList<>();
        final U128 amount = new U128();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
        store.scan((key, keyOffset, value, valueOffset, length) -> {
            copy.putBytes(0, value, valueOffset, length);
            final KeyType type = StateKeys.type(key, keyOffset);
            final long id1 = StateKeys.id1(key, keyOffset);
            final long id2 = StateKeys.id2(key, keyOffset);
            if (type == KeyType.ACCOUNT) {
                if (!amount.read(copy, AccountDescriptor.BALANCE_OFFSET).isZero()) {
                    coins.add(new long[] {id1, 0, amounts.size()});
                    amounts.add(amount.toString());
                }
            } else if (type == KeyType.TOKEN_BALANCE) {
                if (!amount.read(copy, TokenBalanceDescriptor.BALANCE_OFFSET).isZero()) {
                    tokens.add(new long[] {id1, id2, amounts.size()});
                    amounts.add(amount.toString());
                }
            } else if (type == KeyType.AMM_POOL) {
                reserves.add(new long[] {id1, copy.getLong(AmmPoolDescriptor.TOKEN0_OFFSET, ByteOrder.LITTLE_ENDIAN),
                    amounts.size()});
                amounts.add(amount.read(copy, AmmPoolDescriptor.RESERVE0_OFFSET).toString());
                reserves.add(new long[] {id1, copy.getLong(AmmPoolDescriptor.TOKEN1_OFFSET, ByteOrder.LITTLE_ENDIAN),
                    amounts.size()});
                amounts.add(amount.read(copy, AmmPoolDescriptor.RESERVE1_OFFSET).toString());
            }
        });
        out.write(StateDump.HEADER);
        out.write('\n');
        write(out, "coin", coins, amounts, false, false);
        write(out, "token", tokens, amounts, true, true);
        write(out, "reserve", reserves, amounts, false, true);
    }

    /**
     * Rows are {first id, second id, amount index}, sorted by the ids; the address column is the second
     * id if {@code holderFirst} (token rows: holder, then token), else the first; the token column is
     * the other id if {@code withToken}, else empty.
     */
    private static void write(final Writer out, final String kind, final List<long[]> rows, final List<String> amounts,
            final boolean holderFirst, final boolean withToken) throws IOException {
        rows.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        for (long[] r : rows) {
            out.write(kind);
            out.write(',');
            out.write(Long.toString(holderFirst ? r[1] : r[0]));
            out.write(',');
            if (withToken) {
                out.write(Long.toString(holderFirst ? r[0] : r[1]));
            }
            out.write(',');
            out.write(amounts.get((int) r[2]));
            out.write('\n');
        }
    }
}
