package io.pipewright.export.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One file of an export: its name, the comment at its top (how to apply it), and its Kubernetes
 * documents as ordered maps, kept as data until written so that they can be checked first (the seam
 * for validation: check {@link #documents()}, then {@link #write}).
 */
public record ManifestFile(String name, String header, List<Map<String, Object>> documents) {
    private static final ObjectMapper YAML = io.pipewright.export.BundleWriter.YAML;

    public ManifestFile {
        documents = List.copyOf(documents);
    }

    /** The file's text: the header as comments, then each document, separated by {@code ---}; the same plan always gives the same bytes. */
    public String text() {
        var text = new StringBuilder();
        for (String line : header.split("\n", -1)) {
            text.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        for (int i = 0; i < documents.size(); i++) {
            text.append(i == 0 ? "" : "---\n");
            try {
                text.append(YAML.writeValueAsString(documents.get(i)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return text.toString();
    }

    /** The file as written. */
    public ExportedFile exported() {
        return new ExportedFile(name, text());
    }

    /** Writes the files into {@code folder} (created when missing), each through a temporary file; returns their paths. */
    public static List<Path> write(List<ManifestFile> files, Path folder) {
        return ExportedFile.write(files.stream().map(ManifestFile::exported).toList(), folder);
    }
}
