package io.pipewright.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the profile JSON with Jackson's streaming generator, field by field in the documented
 * order: unlike data binding, it needs no introspection of the records, which cost a command-line
 * run about a third of a second. A number that is not finite (NaN where a pair had too few values)
 * is written as null; fields that do not apply are left out.
 */
public final class ProfileJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ProfileJson() {
    }

    public static String write(DatasetProfile profile) {
        var text = new StringWriter(16_384);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            profile(json, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Writes the profile's JSON to a file, whole or not at all ({@link io.pipewright.work.OutputTarget#writeText}). */
    public static void write(DatasetProfile profile, Path file) {
        io.pipewright.work.OutputTarget.writeText(file, write(profile));
    }

    private static void profile(JsonGenerator json, DatasetProfile profile) throws IOException {
        json.writeStartObject();
        json.writeNumberField("rows", profile.rows());
        DatasetProfile.Source source = profile.source();
        if (source != null) {
            json.writeObjectFieldStart("source");
            string(json, "path", source.path());
            string(json, "format", source.format());
            json.writeNumberField("bytes", source.bytes());
            string(json, "sha256", source.sha256());
            string(json, "encoding", source.encoding());
            json.writeEndObject();
        }
        json.writeNumberField("duplicateRows", profile.duplicateRows());
        json.writeBooleanField("duplicateRowsExact", profile.duplicateRowsExact());
        json.writeNumberField("missingCells", profile.missingCells());
        if (profile.columns() != null) {
            json.writeArrayFieldStart("columns");
            for (ColumnProfile column : profile.columns()) {
                column(json, column);
            }
            json.writeEndArray();
        }
        if (profile.alerts() != null) {
            json.writeArrayFieldStart("alerts");
            for (DatasetProfile.Alert alert : profile.alerts()) {
                json.writeStartObject();
                json.writeStringField("type", alert.type() == null ? null : alert.type().name());
                json.writeStringField("column", alert.column());
                json.writeStringField("message", alert.message());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        DatasetProfile.Correlations correlations = profile.correlations();
        if (correlations != null) {
            json.writeObjectFieldStart("correlations");
            string(json, "method", correlations.method());
            strings(json, "columns", correlations.columns());
            matrix(json, "matrix", correlations.matrix());
            matrix(json, "spearman", correlations.spearman());
            matrix(json, "cramersV", correlations.cramersV());
            json.writeEndObject();
        }
        DatasetProfile.TargetAssociations target = profile.target();
        if (target != null) {
            json.writeObjectFieldStart("target");
            json.writeStringField("column", target.column());
            json.writeArrayFieldStart("associations");
            for (DatasetProfile.Association association : target.associations()) {
                json.writeStartObject();
                json.writeStringField("column", association.column());
                json.writeStringField("measure", association.measure());
                number(json, "value", association.value());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        strings(json, "notes", profile.notes());
        json.writeNumberField("sampleRows", profile.sampleRows());
        json.writeBooleanField("complete", profile.complete());
        json.writeEndObject();
    }

    private static void column(JsonGenerator json, ColumnProfile column) throws IOException {
        json.writeStartObject();
        string(json, "name", column.name());
        string(json, "type", column.type());
        string(json, "inferredType", column.inferredType());
        json.writeNumberField("count", column.count());
        json.writeNumberField("missing", column.missing());
        json.writeNumberField("distinct", column.distinct());
        json.writeBooleanField("distinctExact", column.distinctExact());
        value(json, "min", column.min());
        value(json, "max", column.max());
        value(json, "mean", column.mean());
        value(json, "stddev", column.stddev());
        value(json, "skewness", column.skewness());
        value(json, "kurtosis", column.kurtosis());
        value(json, "zeros", column.zeros());
        value(json, "negatives", column.negatives());
        value(json, "infinite", column.infinite());
        value(json, "nan", column.nan());
        value(json, "integer", column.integer());
        ColumnProfile.Quantiles quantiles = column.quantiles();
        if (quantiles != null) {
            json.writeObjectFieldStart("quantiles");
            number(json, "p05", quantiles.p05());
            number(json, "p25", quantiles.p25());
            number(json, "p50", quantiles.p50());
            number(json, "p75", quantiles.p75());
            number(json, "p95", quantiles.p95());
            json.writeEndObject();
        }
        ColumnProfile.Histogram histogram = column.histogram();
        if (histogram != null) {
            json.writeObjectFieldStart("histogram");
            json.writeFieldName("edges");
            numbers(json, histogram.edges());
            json.writeFieldName("counts");
            json.writeArray(histogram.counts(), 0, histogram.counts().length);
            json.writeEndObject();
        }
        if (column.top() != null) {
            json.writeArrayFieldStart("top");
            for (ColumnProfile.TopValue top : column.top()) {
                json.writeStartObject();
                json.writeStringField("value", top.value());
                json.writeNumberField("count", top.count());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        ColumnProfile.Lengths length = column.length();
        if (length != null) {
            json.writeObjectFieldStart("length");
            json.writeNumberField("min", length.min());
            number(json, "mean", length.mean());
            json.writeNumberField("max", length.max());
            json.writeEndObject();
        }
        value(json, "trueCount", column.trueCount());
        value(json, "falseCount", column.falseCount());
        value(json, "dateFormat", column.dateFormat());
        value(json, "invalid", column.invalid());
        value(json, "invalidExample", column.invalidExample());
        strings(json, "naSuggestions", column.naSuggestions());
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        if (values != null) {
            json.writeArrayFieldStart(name);
            for (String value : values) {
                json.writeString(value);
            }
            json.writeEndArray();
        }
    }

    private static void number(JsonGenerator json, String name, double value) throws IOException {
        json.writeFieldName(name);
        number(json, value);
    }

    private static void number(JsonGenerator json, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumber(value);
        } else {
            json.writeNull();
        }
    }

    private static void numbers(JsonGenerator json, double[] values) throws IOException {
        json.writeStartArray();
        for (double value : values) {
            number(json, value);
        }
        json.writeEndArray();
    }

    private static void matrix(JsonGenerator json, String name, double[][] matrix) throws IOException {
        if (matrix != null) {
            json.writeArrayFieldStart(name);
            for (double[] row : matrix) {
                numbers(json, row);
            }
            json.writeEndArray();
        }
    }

    private static void matrix(JsonGenerator json, String name, DatasetProfile.Matrix matrix) throws IOException {
        if (matrix != null) {
            json.writeObjectFieldStart(name);
            strings(json, "columns", matrix.columns());
            matrix(json, "matrix", matrix.matrix());
            json.writeEndObject();
        }
    }

    /** A field of a type chosen at run time (min and max hold numbers, dates as text, or booleans); left out when null. */
    private static void value(JsonGenerator json, String name, Object value) throws IOException {
        if (value == null) {
            return;
        }
        json.writeFieldName(name);
        if (value instanceof Double number) {
            number(json, number);
        } else if (value instanceof Float number) {
            number(json, number);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else {
            json.writeString(value.toString());
        }
    }
}
