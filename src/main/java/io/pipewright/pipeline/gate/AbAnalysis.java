package io.pipewright.pipeline.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The part of an A/B analysis ({@code pipewright ab analyze --json}) the {@code ab} gate reads: the verdict and the
 * version served as variant b. The gate passes only when the verdict is {@code switch} and b is the candidate.
 */
public record AbAnalysis(String file, String verdict, String metric, String variantB) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the file; a file that is not an analysis is refused with the file and the field named. */
    public static AbAnalysis read(Path file) {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(name + ": not JSON (" + io.pipewright.work.JsonErrors.describe(e) + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(name + ": not an A/B analysis (expected a JSON object from pipewright ab analyze --json)");
        }
        JsonNode verdict = root.get("verdict");
        if (verdict == null || !verdict.isTextual()) {
            throw new IllegalArgumentException(name + ": verdict: missing (expected keep, switch, inconclusive or invalid: …)");
        }
        JsonNode b = root.path("variants").path("b");
        if (!b.isObject()) {
            throw new IllegalArgumentException(name + ": variants.b: missing (the analysis names the version served as variant b)");
        }
        JsonNode version = b.get("version");
        JsonNode metric = root.get("metric");
        return new AbAnalysis(name, verdict.asText(), metric == null || metric.isNull() ? null : metric.asText(),
                version == null || version.isNull() ? null : version.asText());
    }

    /** The {@code ab} gate for {@code candidate} (NAME:VERSION). */
    GateResult gate(String candidate) {
        var numbers = new java.util.LinkedHashMap<String, Object>();
        numbers.put("file", file);
        numbers.put("verdict", verdict);
        numbers.put("variant_b", variantB);
        if (metric != null) {
            numbers.put("metric", metric);
        }
        if (!"switch".equals(verdict)) {
            return new GateResult("ab", GateResult.Status.FAILED, "gate ab failed: the A/B analysis " + file + " says '" + verdict
                    + "', not 'switch'", numbers);
        }
        if (!candidate.equals(variantB)) {
            return new GateResult("ab", GateResult.Status.FAILED, "gate ab failed: the A/B analysis " + file + " served "
                    + (variantB == null ? "an unnamed version" : variantB) + " as variant b, not " + candidate, numbers);
        }
        return new GateResult("ab", GateResult.Status.PASSED, "gate ab passed: the A/B analysis " + file + " says switch to " + candidate, numbers);
    }
}
