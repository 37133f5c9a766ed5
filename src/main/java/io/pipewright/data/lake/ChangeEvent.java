package io.pipewright.data.lake;

import java.util.Map;

/**
 * One change of a captured table, as the Bronze log keeps it: its place in the log ({@code seq}, from 1),
 * the operation ({@code r} read by the first snapshot, {@code c} insert, {@code u} update, {@code d} delete,
 * {@code t} truncate), the source's commit time (ISO instant), its position in the source's write-ahead log
 * and transaction, and the row before and after it (column → value as text; null where the operation has none).
 */
public record ChangeEvent(long seq, String op, String commitTime, long lsn, Long txId, Map<String, String> before, Map<String, String> after) {

    public static final String READ = "r";
    public static final String INSERT = "c";
    public static final String UPDATE = "u";
    public static final String DELETE = "d";
    public static final String TRUNCATE = "t";

    public ChangeEvent withSeq(long next) {
        return new ChangeEvent(next, op, commitTime, lsn, txId, before, after);
    }
}
