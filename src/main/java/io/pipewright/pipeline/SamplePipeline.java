package io.pipewright.pipeline;

/**
 * One of the pipelines that ship with Pipewright (see {@code sample-data/pipelines/}): its file in
 * that folder, a title, what it shows in a few words, and a sentence for the Home card.
 */
public record SamplePipeline(String file, String title, String shows, String description) {
}
