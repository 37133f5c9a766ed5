package io.pipewright.pipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes pipeline files: YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}),
 * checked against {@code pipeline.schema.json}. Problems name the file and the node.
 */
public final class PipelineFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** An error's place, as a JSON pointer (/nodes/2/params) or a JSON path ($.nodes[2].params). */
    private static final Pattern NODE_INDEX = Pattern.compile("^(?:\\$\\.nodes\\[(\\d+)]|/nodes/(\\d+))");
    private static volatile Schema schema;

    private PipelineFiles() {
    }

    /** The JSON Schema of the format, as shipped. */
    public static String schemaText() {
        try (InputStream in = PipelineFiles.class.getResourceAsStream("pipeline.schema.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PipelineDocument read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PipelineException(file + ": no such file");
        } catch (IOException e) {
            throw new PipelineException(name + ": cannot read: " + e.getMessage());
        }
        return parse(text, name, isJson(file));
    }

    /** Parses a pipeline's text; {@code name} is used in messages. */
    public static PipelineDocument parse(String text, String name, boolean json) {
        JsonNode tree;
        try {
            tree = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String line = where == null || where.getLineNr() < 0 ? "" : ": line " + where.getLineNr();
            throw new PipelineException(name + line + ": not valid " + (json ? "JSON" : "YAML") + ": " + io.pipewright.work.JsonErrors.plain(e));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new PipelineException(name + ": the file is empty");
        }
        var problems = new ArrayList<String>();
        for (var error : schema().validate(tree)) {
            String location = error.getInstanceLocation().toString();
            problems.add(where(tree, location) + ": " + error.getMessage().replaceFirst("^(\\$|/)[^:]*: ", ""));
        }
        if (!problems.isEmpty()) {
            throw new PipelineException(name + ": " + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? " (and " + (problems.size() - 5) + " more)" : ""));
        }
        try {
            return YAML.treeToValue(tree, PipelineDocument.class);
        } catch (JsonProcessingException e) {
            throw new PipelineException(name + ": " + io.pipewright.work.JsonErrors.plain(e));
        }
    }

    /** A readable place for a schema error: the node's id where there is one. */
    private static String where(JsonNode tree, String location) {
        Matcher matcher = NODE_INDEX.matcher(location);
        if (matcher.find()) {
            int index = Integer.parseInt(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
            JsonNode id = tree.path("nodes").path(index).path("id");
            String rest = location.substring(matcher.end()).replaceFirst("^[./]", "").replace('/', '.');
            String node = id.isTextual() ? "node '" + id.asText() + "'" : "nodes[" + index + "]";
            return rest.isEmpty() ? node : node + ", " + rest;
        }
        String rest = location.replaceFirst("^(\\$\\.?|/)", "").replace('/', '.');
        return rest.isEmpty() ? "the pipeline" : rest;
    }

    private static Schema schema() {
        if (schema == null) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaText());
        }
        return schema;
    }

    private static boolean isJson(Path file) {
        return file.toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    public static String toYaml(PipelineDocument document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes YAML, or JSON for a {@code .json} file, through a temporary file: never a half-written pipeline. */
    public static void write(PipelineDocument document, Path file) {
        write(document, file, null);
    }

    /**
     * Writes the pipeline as {@link #write(PipelineDocument, Path)} does, keeping the comments of
     * {@code commentsFrom} (the text the file had, written by hand) where their keys still are; returns the text written.
     */
    public static String write(PipelineDocument document, Path file, String commentsFrom) {
        try {
            String text = isJson(file) ? JSON.writeValueAsString(document) + "\n" : YamlComments.carry(commentsFrom, toYaml(document));
            io.pipewright.work.OutputTarget.writeText(file, text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

}
