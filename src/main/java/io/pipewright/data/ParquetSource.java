package io.pipewright.data;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.HydratorSupplier;
import blue.strategic.parquet.ParquetReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Parquet through parquet-floor: parquet-hadoop's reader without Hadoop (a handful of jars, no
 * hadoop-common), so the app stays small. Values are turned into text the same way for every
 * format; dates and timestamps by their logical type, decimals by their scale.
 */
final class ParquetSource implements RecordSource {
    private static final int BATCH = 8192;

    private final Path path;
    private final String name;
    private final Set<String> naTokens;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, LogicalTypeAnnotation> logicalTypes = new HashMap<>();
    private final Map<String, PrimitiveType> physicalTypes = new HashMap<>();
    private final ParquetReader<String[], String[]> reader;
    private final long size;
    private long rowNumber;
    private long totalRows;
    private String sha256;

    ParquetSource(Path path, ReadOptions options) {
        this.path = path;
        this.name = path.getFileName().toString();
        this.naTokens = options.naTokens();
        SourceInput.open(path).closeQuietly();
        try {
            size = Files.size(path);
            if (size < 12 || !hasMagic(path, size)) {
                throw new DatasetException(name + ": not a Parquet file (it must start and end with PAR1)");
            }
            ParquetMetadata metadata = ParquetReader.readMetadata(path.toFile());
            var names = new ArrayList<String>();
            for (ColumnDescriptor column : metadata.getFileMetaData().getSchema().getColumns()) {
                String dotted = String.join(".", column.getPath());
                index.put(dotted, names.size());
                logicalTypes.put(dotted, column.getPrimitiveType().getLogicalTypeAnnotation());
                physicalTypes.put(dotted, column.getPrimitiveType());
                names.add(dotted);
            }
            columns = List.copyOf(names);
            totalRows = metadata.getBlocks().stream().mapToLong(block -> block.getRowCount()).sum();
            reader = ParquetReader.spliterator(path.toFile(), HydratorSupplier.constantly(new Hydrator<String[], String[]>() {
                @Override
                public String[] start() {
                    return new String[columns.size()];
                }

                @Override
                public String[] add(String[] row, String heading, Object value) {
                    Integer column = index.get(heading);
                    if (column != null) {
                        String text = text(heading, value);
                        row[column] = text == null || naTokens.contains(text) ? null : text;
                    }
                    return row;
                }

                @Override
                public String[] finish(String[] row) {
                    return row;
                }
            }));
        } catch (DatasetException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(name + ": not a valid Parquet file (" + firstLine(e) + ")", e);
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static boolean hasMagic(Path path, long size) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(path)) {
            var head = java.nio.ByteBuffer.allocate(4);
            var tail = java.nio.ByteBuffer.allocate(4);
            channel.read(head, 0);
            channel.read(tail, size - 4);
            return new String(head.array(), java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1")
                    && new String(tail.array(), java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1");
        }
    }

    private String text(String column, Object value) {
        if (value == null) {
            return null;
        }
        LogicalTypeAnnotation logical = logicalTypes.get(column);
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation && value instanceof Number days) {
            return LocalDate.ofEpochDay(days.longValue()).toString();
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp && value instanceof Number number) {
            long n = number.longValue();
            Instant instant = switch (timestamp.getUnit()) {
                case MILLIS -> Instant.ofEpochMilli(n);
                case MICROS -> Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000L), Math.floorMod(n, 1_000_000L) * 1000L);
                case NANOS -> Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
            };
            return instant.toString();
        }
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            if (value instanceof Number number && !(value instanceof BigDecimal)) {
                return BigDecimal.valueOf(number.longValue(), decimal.getScale()).toPlainString();
            }
            if (value instanceof Binary binary) {
                return new BigDecimal(new BigInteger(binary.getBytes()), decimal.getScale()).toPlainString();
            }
        }
        if (value instanceof Binary binary) {
            return binary.toStringUsingUTF8();
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Chunk next() throws IOException {
        var values = new ArrayList<String[]>(BATCH);
        var positions = new CsvTokenizer.LongList();
        try {
            while (values.size() < BATCH && reader.tryAdvance(row -> {
                values.add(row);
                positions.add(++rowNumber);
            })) {
                // collect
            }
        } catch (RuntimeException e) {
            throw new DatasetException(name + ": row " + (rowNumber + 1) + ": cannot read (" + firstLine(e) + ")", e);
        } catch (LinkageError e) {
            throw DatasetException.unexpected(name, e); // not the file's fault: a library the reader needs is missing
        }
        if (values.isEmpty()) {
            if (sha256 == null) {
                try (SourceInput input = SourceInput.open(path)) {
                    sha256 = input.finishDigest();
                }
            }
            return null;
        }
        return Chunk.of(new Rows(values.toArray(String[][]::new), positions.toArray(), values.size()));
    }

    @Override
    public long bytesRead() {
        // Parquet is read by row groups, not bytes: progress is the share of rows read
        return totalRows == 0 ? size : (long) ((double) size * rowNumber / totalRows);
    }

    @Override
    public long totalBytes() {
        return size;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public String encoding() {
        return null;
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
