package io.pipewright.data;

/** One of the datasets that ship with Pipewright (see {@code sample-data/}). */
public record SampleDataset(String file, String title, String task, String target, long rows, int columns,
                            String description) {
}
