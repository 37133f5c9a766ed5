package io.pipewright.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Entry point for reading datasets, Tablesaw-style:
 * {@code DatasetReader.csv(path).delimiter(';').naTokens(List.of("NA")).source()}, or
 * {@code DatasetReader.open(path)} to choose the format from the name and, failing that, the content.
 * Sources stream; {@link TableLoader} loads a whole Tablesaw table where one is wanted.
 */
public final class DatasetReader {

    /** Opens a source of one format. */
    @FunctionalInterface
    public interface Opener {
        RecordSource open(Path path, ReadOptions options);
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatasetReader.class);
    private static final Map<DatasetFormat, Opener> REGISTRY = new EnumMap<>(DatasetFormat.class);

    static {
        REGISTRY.put(DatasetFormat.CSV, (path, options) -> new CsvSource(path, DatasetFormat.CSV, options));
        REGISTRY.put(DatasetFormat.TSV, (path, options) -> new CsvSource(path, DatasetFormat.TSV, options));
        REGISTRY.put(DatasetFormat.JSON, (path, options) -> new JsonSource(path, false, options));
        REGISTRY.put(DatasetFormat.JSON_LINES, (path, options) -> new JsonSource(path, true, options));
        REGISTRY.put(DatasetFormat.PARQUET, ParquetSource::new);
        REGISTRY.put(DatasetFormat.ARFF, ArffSource::new);
    }

    private final Path path;
    private final DatasetFormat format;
    private final DatabaseSource database;
    private final DatabaseCredentials credentials;
    private final io.pipewright.data.lake.LayerReference layer;
    private final Path dataRoot;
    private IncrementalRead incremental;
    private ReadOptions options = ReadOptions.DEFAULT;

    private DatasetReader(Path path, DatasetFormat format) {
        this.path = path;
        this.format = format;
        this.database = null;
        this.credentials = null;
        this.layer = null;
        this.dataRoot = null;
    }

    private DatasetReader(io.pipewright.data.lake.LayerReference layer, Path dataRoot) {
        this.path = null;
        this.format = DatasetFormat.LAYER;
        this.database = null;
        this.credentials = null;
        this.layer = layer;
        this.dataRoot = dataRoot;
    }

    private DatasetReader(DatabaseSource database, DatabaseCredentials credentials) {
        this.path = null;
        this.format = DatasetFormat.DATABASE;
        this.database = database;
        this.credentials = credentials;
        this.layer = null;
        this.dataRoot = null;
    }

    /** Reads only the rows of a database source above a high-water mark (see {@link IncrementalRead}); refused for a file. */
    public DatasetReader incremental(IncrementalRead read) {
        if (database == null) {
            throw new IllegalArgumentException("an incremental read is of a database, not of the file " + path);
        }
        incremental = read;
        return this;
    }

    /** A database's table or query; {@code credentials} finds the login the source names (when it names one). */
    public static DatasetReader database(DatabaseSource source, DatabaseCredentials credentials) {
        return new DatasetReader(java.util.Objects.requireNonNull(source), java.util.Objects.requireNonNull(credentials));
    }

    /** A dataset in a layer of the home's data ({@code silver/orders}); {@code dataRoot} is the home's data folder. */
    public static DatasetReader layer(io.pipewright.data.lake.LayerReference reference, Path dataRoot) {
        return new DatasetReader(java.util.Objects.requireNonNull(reference), java.util.Objects.requireNonNull(dataRoot));
    }

    /**
     * The reader of what a person named: a dataset in a layer ({@code silver/orders}) when the argument reads as one
     * and no file of that name exists, else the file.
     */
    public static DatasetReader fileOrLayer(String argument, Path dataRoot) {
        if (io.pipewright.data.lake.LayerReference.looksLikeOne(argument) && !Files.exists(Path.of(argument))) {
            return layer(io.pipewright.data.lake.LayerReference.parse(argument), dataRoot);
        }
        return open(Path.of(argument));
    }

    /** The format from the file name, else from the first bytes. */
    public static DatasetReader open(Path path) {
        return new DatasetReader(path, DatasetFormat.detect(path).orElseGet(() -> sniff(path)));
    }

    public static DatasetReader csv(Path path) {
        return new DatasetReader(path, DatasetFormat.CSV);
    }

    public static DatasetReader tsv(Path path) {
        return new DatasetReader(path, DatasetFormat.TSV);
    }

    public static DatasetReader json(Path path) {
        return new DatasetReader(path, DatasetFormat.JSON);
    }

    public static DatasetReader jsonLines(Path path) {
        return new DatasetReader(path, DatasetFormat.JSON_LINES);
    }

    public static DatasetReader parquet(Path path) {
        return new DatasetReader(path, DatasetFormat.PARQUET);
    }

    public static DatasetReader arff(Path path) {
        return new DatasetReader(path, DatasetFormat.ARFF);
    }

    /** Replaces the reader of a format (for tests and plug-ins). */
    public static void register(DatasetFormat format, Opener opener) {
        REGISTRY.put(format, opener);
    }

    /** Guesses the format from the first bytes of a file whose name says nothing. */
    static DatasetFormat sniff(Path path) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (!Files.isRegularFile(path)) {
            SourceInput.open(path).closeQuietly(); // throws the right message for a folder or a missing file
        }
        byte[] head = new byte[512];
        int length;
        try (InputStream in = DatasetFormat.isGzip(path) ? new GZIPInputStream(Files.newInputStream(path)) : Files.newInputStream(path)) {
            length = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
        if (length == 0) {
            throw new DatasetException(name + ": the file is empty");
        }
        if (length >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
            return DatasetFormat.PARQUET;
        }
        String text = new String(head, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1).stripLeading();
        if (text.startsWith("[")) {
            return DatasetFormat.JSON;
        }
        if (text.startsWith("{")) {
            return DatasetFormat.JSON_LINES;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("@relation") || lower.startsWith("%")) {
            return DatasetFormat.ARFF;
        }
        for (int i = 0; i < length; i++) {
            if (head[i] == 0) {
                throw new DatasetException(name + ": not a dataset Pipewright can open (" + DatasetFormat.supportedList() + ")");
            }
        }
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        return first.indexOf('\t') >= 0 && first.indexOf(',') < 0 ? DatasetFormat.TSV : DatasetFormat.CSV;
    }

    public DatasetReader delimiter(char delimiter) {
        options = options.withDelimiter(delimiter);
        return this;
    }

    public DatasetReader quote(char quote) {
        options = options.withQuote(quote);
        return this;
    }

    public DatasetReader header(boolean header) {
        options = options.withHeader(header);
        return this;
    }

    public DatasetReader encoding(Charset encoding) {
        options = options.withEncoding(encoding);
        return this;
    }

    public DatasetReader naTokens(Collection<String> tokens) {
        options = options.withNaTokens(Set.copyOf(tokens));
        return this;
    }

    public DatasetReader chunkBytes(int bytes) {
        options = options.withChunkBytes(bytes);
        return this;
    }

    public DatasetReader options(ReadOptions value) {
        options = value;
        return this;
    }

    /** The dataset in a layer read, or null. */
    public io.pipewright.data.lake.LayerReference layer() {
        return layer;
    }

    /** The file read; null for a database source ({@link #database()}) or a dataset in a layer. */
    public Path path() {
        return path;
    }

    /** The database source read, or null for a file. */
    public DatabaseSource database() {
        return database;
    }

    /** A short name for messages: the file's name (the path itself where it has none), or the database's table ("query" for a query). */
    public String name() {
        if (layer != null) {
            return layer.toString();
        }
        return database != null ? database.name() : path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    /** Where the data comes from, for reports and the store: the file's absolute path, or the database (without secrets) and its table or query. */
    public String location() {
        if (layer != null) {
            return layer.toString();
        }
        return database != null ? database.location() : path.toAbsolutePath().toString();
    }

    public DatasetFormat format() {
        return format;
    }

    /** The format as reports name it: "CSV", "Parquet", …, or the database's kind ("PostgreSQL", "H2"). */
    public String formatLabel() {
        if (layer != null) {
            if (io.pipewright.data.lake.LayerSource.isLive(layer, dataRoot)) {
                return layer.layer().equals(io.pipewright.data.lake.LayerReference.BRONZE) ? "Bronze change log" : "Silver table";
            }
            return "dataset version";
        }
        return database != null ? database.kind() : format.label();
    }

    public ReadOptions options() {
        return options;
    }

    /**
     * Opens a streaming source; the caller closes it. A failure that is not the file's fault (a
     * library missing from the class path, a bug) becomes "could not read FILE: …", logged whole.
     */
    public RecordSource source() {
        if (database != null) {
            return new DatabaseRecordSource(database, database.credentials() == null ? null : credentials.login(database.credentials()), incremental);
        }
        if (layer != null) {
            return io.pipewright.data.lake.LayerSource.open(layer, dataRoot);
        }
        try {
            return REGISTRY.get(format).open(path, options);
        } catch (DatasetException | io.pipewright.work.CancelledException | java.io.UncheckedIOException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Could not open {} as {}", path, format, e);
            throw DatasetException.unexpected(String.valueOf(path.getFileName()), e);
        }
    }
}
